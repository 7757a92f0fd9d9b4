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
    """« 3 effets observés : 2 attendus, 1 inattendu ; … ; le dernier, le 12 octobre 2026 : « … » »,
    then the lane's progress markers when they were read: « 2 marqueurs de progrès ; dernier constat,
    le 3 novembre 2026 : « Les familles… » — Assez »."""
    latest = summary.latest
    if latest is None and not summary.expected:
        text = ""
    elif latest is None:
        text = f"{counted(len(summary.expected), 'effet attendu', 'effets attendus')}, aucun effet observé consigné"
    else:
        words = Truncator(latest.text).chars(160)
        text = f"{summary.sentence} ; le dernier, le {long_date(latest.observed_on)} : « {words} »"
    if summary.markers:
        text += " ; " if text else ""
        text += counted(len(summary.markers), "marqueur de progrès", "marqueurs de progrès")
        seen = summary.latest_marker
        if seen is not None:
            marker, observation = seen
            text += (
                f", dernier constat le {long_date(observation.observed_on)} : "
                f"« {Truncator(marker.text).chars(120)} » — {observation.extent_label}"
            )
    return text


def effect_figures(
    establishment: Any, criteria: Iterable[Any], *, markers: bool = False
) -> dict[int, list[RegisterFigure]]:
    """By criterion id, a line for each lane that speaks to it (three queries; five with the progress
    markers, which a criterion's page shows)."""
    return {
        criterion_id: [
            RegisterFigure(s.target_label, lane_text(s), lane_url(establishment.pk, s)) for s in lanes
        ]
        for criterion_id, lanes in lanes_by_criterion(establishment, criteria, markers=markers).items()
    }
