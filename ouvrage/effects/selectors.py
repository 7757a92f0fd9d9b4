"""What the effects lanes hold, read in a constant number of queries: one lane's page, every lane of
an establishment, and the lanes that speak to HAS criteria (their objective's lane; the lanes of the
team's own questions linked to them in the crosswalk)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from ouvrage.effects.models import ExpectedEffect, Lane, MarkerObservation, ObservedEffect, ProgressMarker
from ouvrage.effects.rules import SeenEffect, effects_sentence
from ouvrage.ownframe.models import CrosswalkLink


@dataclass
class LaneSummary:
    lane: Lane
    expected: list[ExpectedEffect] = field(default_factory=list)
    observed: list[ObservedEffect] = field(default_factory=list)
    markers: list[ProgressMarker] = field(default_factory=list)  # observations prefetched, date order

    @property
    def target(self) -> Any:
        return self.lane.objective if self.lane.objective_id else self.lane.question

    @property
    def target_label(self) -> str:
        target: Any = self.target
        kind = "Objectif" if self.lane.objective_id else "Question"
        return f"{kind} {target.code} – {target.title}"

    @property
    def sentence(self) -> str:
        return effects_sentence(
            [SeenEffect(e.expected_id is not None, e.valence, e.perspective) for e in self.observed]
        )

    @property
    def latest_marker(self) -> tuple[ProgressMarker, MarkerObservation] | None:
        """The marker observed last and that observation."""
        seen = [(o.observed_on, o.pk, m, o) for m in self.markers for o in m.observations.all()]
        if not seen:
            return None
        _, _, marker, observation = max(seen, key=lambda t: (t[0], t[1]))
        return marker, observation

    @property
    def latest(self) -> ObservedEffect | None:
        return max(self.observed, key=lambda e: (e.observed_on, e.pk), default=None)


MARKERS = Prefetch(
    "markers",
    queryset=ProgressMarker.objects.order_by("partner", "id").prefetch_related(
        Prefetch("observations", queryset=MarkerObservation.objects.order_by("observed_on", "id"))
    ),
)


def _lanes(queryset: Any, *, full: bool = False) -> list[LaneSummary]:
    """The lanes with their effects and markers (five queries); `full`: with the expected effects'
    needs and missions and the observed effects' evidence too, as the lane's own page shows them
    (eight queries)."""
    expected = ExpectedEffect.objects.all()
    observed = ObservedEffect.objects.select_related("expected")
    if full:
        expected = expected.prefetch_related("needs", "missions")
        observed = observed.prefetch_related("evidence")
    lanes = queryset.select_related("objective", "question").prefetch_related(
        MARKERS, Prefetch("expected", queryset=expected), Prefetch("observed", queryset=observed)
    )
    return [
        LaneSummary(lane, list(lane.expected.all()), list(lane.observed.all()), list(lane.markers.all()))
        for lane in lanes
    ]


def lanes_of(establishment: Any) -> list[LaneSummary]:
    """Every lane of the establishment that holds something, objectives first in code order."""
    found = [
        s
        for s in _lanes(Lane.objects.filter(establishment=establishment))
        if s.expected or s.observed or s.markers
    ]
    return sorted(found, key=lambda s: (s.lane.question_id is not None, _code_key(s.target.code)))


def _code_key(code: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in code.replace("-", ".").split("."))


def lane_summary(establishment: Any, *, objective: Any = None, question: Any = None) -> LaneSummary | None:
    """One lane with its effects (None before its first effect is recorded: GET never writes)."""
    found = _lanes(
        Lane.objects.filter(establishment=establishment, objective=objective, question=question), full=True
    )
    return found[0] if found else None


def lanes_by_criterion(
    establishment: Any, criteria: Iterable[Any], *, markers: bool = False
) -> dict[int, list[LaneSummary]]:
    """For HAS criteria (by id): the lane of their objective and the lanes of the own questions linked
    to them in the crosswalk, with their expected and observed effects (not their needs, missions or
    evidence: the lane's page shows those) and, with `markers` (a criterion's page), their progress
    markers. Three queries whatever the number of criteria and effects; five with the markers."""
    criteria = list(criteria)
    if not criteria:
        return {}
    objectives = {c.objective_id for c in criteria}
    by_question: dict[int, list[int]] = defaultdict(list)
    for question_id, criterion_id in CrosswalkLink.objects.filter(criterion__in=criteria).values_list(
        "question_id", "criterion_id"
    ):
        by_question[question_id].append(criterion_id)
    wanted = Q(lane__objective__in=objectives) | Q(lane__question__in=list(by_question))
    summaries: dict[int, LaneSummary] = {}
    related = ("lane__objective", "lane__question")
    for effect in ExpectedEffect.objects.filter(wanted, lane__establishment=establishment).select_related(
        *related
    ):
        summaries.setdefault(effect.lane_id, LaneSummary(effect.lane)).expected.append(effect)
    for seen in ObservedEffect.objects.filter(wanted, lane__establishment=establishment).select_related(
        *related
    ):
        summaries.setdefault(seen.lane_id, LaneSummary(seen.lane)).observed.append(seen)
    if markers:
        lanes_of_markers = Lane.objects.filter(
            Q(objective__in=objectives) | Q(question__in=list(by_question)), establishment=establishment
        )
        for marker in (
            ProgressMarker.objects.filter(lane__in=lanes_of_markers)
            .select_related(*related)
            .order_by("partner", "id")
            .prefetch_related(
                Prefetch("observations", queryset=MarkerObservation.objects.order_by("observed_on", "id"))
            )
        ):
            summaries.setdefault(marker.lane_id or 0, LaneSummary(marker.lane)).markers.append(marker)
    by_objective: dict[int, list[LaneSummary]] = defaultdict(list)
    found: dict[int, list[LaneSummary]] = defaultdict(list)
    for summary in sorted(summaries.values(), key=lambda s: s.lane.pk):
        if summary.lane.objective_id:
            by_objective[summary.lane.objective_id].append(summary)
        else:
            for criterion_id in by_question[summary.lane.question_id or 0]:
                found[criterion_id].append(summary)
    for criterion in criteria:
        if criterion.objective_id in by_objective:
            found[criterion.pk] = by_objective[criterion.objective_id] + found.get(criterion.pk, [])
    return dict(found)
