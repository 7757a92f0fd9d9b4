"""What the team's effects lanes say about HAS criteria, for the pages that show a criterion (its
page in the référentiel, the grid, the results drill-down): one line per lane, with the lane's
address. Same shape as the registers' figures (www/registers.py), shown under their own heading."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from ouvrage.core.formatting import counted, long_date
from ouvrage.effects.selectors import LaneSummary, lanes_by_criterion
from ouvrage.www.registers import RegisterFigure


def lane_url(establishment_pk: int, summary: LaneSummary) -> str:
    lane = summary.lane
    if lane.objective_id:
        return reverse("effects:objective_lane", args=[establishment_pk, lane.objective_id])
    return reverse("effects:question_lane", args=[establishment_pk, lane.question_id])


def lane_text(summary: LaneSummary) -> str:
    """« 3 effets observés : 2 attendus, 1 inattendu ; … ; le dernier, le 12 octobre 2026 : « … » »."""
    latest = summary.latest
    if latest is None:
        return f"{counted(len(summary.expected), 'effet attendu', 'effets attendus')}, aucun effet observé consigné"
    words = Truncator(latest.text).chars(160)
    return f"{summary.sentence} ; le dernier, le {long_date(latest.observed_on)} : « {words} »"


def effect_figures(establishment: Any, criteria: Iterable[Any]) -> dict[int, list[RegisterFigure]]:
    """By criterion id, a line for each lane that speaks to it (three queries)."""
    return {
        criterion_id: [
            RegisterFigure(s.target_label, lane_text(s), lane_url(establishment.pk, s)) for s in lanes
        ]
        for criterion_id, lanes in lanes_by_criterion(establishment, criteria).items()
    }
