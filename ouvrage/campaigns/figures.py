"""A campaign's figures from plain values: what the rating service needs to keep the stored summary
current at every cotation, without building a model instance per criterion, element or grade.

A frame version's facts (criteria with their hierarchy and scope, elements) are read once per process
for shared frames: their rows change only through an import, which changes the version's checksum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from threading import Lock

from ouvrage.campaigns.lifecycle import Completeness
from ouvrage.campaigns.models import Campaign, Interview, Rating
from ouvrage.establishments.profile import Public
from ouvrage.frames.applicability import Scope, SectorScope, StructureScope, applicability
from ouvrage.frames.domain import Method
from ouvrage.frames.models import Criterion, Element, FrameVersion
from ouvrage.frames.scoring import CriterionInput, Mark, Results, Rounding, compute


@dataclass(frozen=True)
class CriterionFacts:
    pk: int
    code: str
    objective: str
    chapter: str
    theme: str | None
    imperative: bool
    method: str
    targets: tuple[str, ...]  # interview targets printed for its elements (+ « cvs » for the CVS grid)
    scope: Scope
    elements: tuple[int, ...]  # element ids, by rank


def covered(
    *,
    method: str,
    target: str,
    themes: Sequence[str],
    criterion_method: str,
    targets: Sequence[str],
    theme: str | None,
    rated: bool = False,
) -> bool:
    """Whether an interview's grid holds a criterion: same method; chosen themes if any; an audit
    système with a target (the governance, the professionals, the CVS) keeps the criteria whose
    elements the frame data prints for that target (docs/scoring.md). A criterion the interview has
    already rated stays in its grid (`rated`), so that a change of the frame data never drops a grade."""
    if rated:
        return True
    if criterion_method != method:
        return False
    if method == Method.AUDIT_SYSTEME and target and targets and target not in targets:
        return False
    return not themes or (theme is not None and theme in themes)


_CACHE: dict[tuple[int, str], tuple[CriterionFacts, ...]] = {}  # (version, data revision) -> facts
_LOCK = Lock()


def frame_facts(version: FrameVersion) -> tuple[CriterionFacts, ...]:
    """The criteria of a frame version as plain facts, in order (two queries, or none when cached)."""
    # The checksum of the files, and the time of the last change of the rows (a spreadsheet completion
    # changes rows without changing the files).
    key = (version.pk, f"{version.checksum}@{version.imported_at.isoformat() if version.imported_at else ''}")
    shared = version.frame.organisation_id is None if "frame" in version._state.fields_cache else False
    if shared and key in _CACHE:
        return _CACHE[key]
    elements: dict[int, list[int]] = defaultdict(list)
    for element_id, criterion_id in (
        Element.objects.filter(criterion__version=version, retired=False)
        .order_by("criterion_id", "rank")
        .values_list("id", "criterion_id")
    ):
        elements[criterion_id].append(element_id)
    facts = tuple(
        CriterionFacts(
            pk=pk,
            code=code,
            objective=objective,
            chapter=chapter,
            theme=theme,
            imperative=imperative,
            method=method,
            targets=tuple(targets),
            scope=Scope(
                SectorScope(sector), StructureScope(structure), frozenset(Public(p) for p in publics)
            ),
            elements=tuple(elements.get(pk, ())),
        )
        for pk, code, objective, chapter, theme, imperative, method, targets, sector, structure, publics in (
            Criterion.objects.filter(version=version)
            .order_by("position")
            .values_list(
                "pk",
                "code",
                "objective__code",
                "objective__chapter__code",
                "objective__theme__code",
                "imperative",
                "method",
                "targets",
                "sector_scope",
                "structure_scope",
                "publics_scope",
            )
        )
    )
    if shared:
        with _LOCK:
            _CACHE[key] = facts
    return facts


def applicable_facts(campaign: Campaign) -> list[CriterionFacts]:
    """The criteria that apply to the campaign: those fixed when it started, or (in preparation)
    those that apply to its establishment's profile today."""
    facts = frame_facts(campaign.frame_version)
    if campaign.frozen_criteria is None:
        return list(applicability(campaign.profile, facts).applicable)
    kept, imperatives = set(campaign.frozen_criteria), set(campaign.frozen_imperatives or ())
    return [
        f if f.imperative == (f.pk in imperatives) else replace(f, imperative=f.pk in imperatives)
        for f in facts
        if f.pk in kept
    ]


@dataclass(frozen=True)
class CampaignInputs:
    inputs: list[CriterionInput]
    uncovered: list[str]  # codes of applicable criteria no interview rates

    @property
    def completeness(self) -> Completeness:
        marks = [m for c in self.inputs for m in c.marks]
        return Completeness(sum(1 for m in marks if m is not None), len(marks), len(self.uncovered))


def campaign_inputs(campaign: Campaign) -> CampaignInputs:
    """The marks of every applicable criterion, from every interview whose grid holds it."""
    facts = applicable_facts(campaign)
    interviews = list(
        Interview.objects.filter(campaign=campaign)
        .order_by("method", "scheduled_on", "id")
        .values_list("pk", "method", "target", "themes")
    )
    marks_of = {
        (interview_id, element_id): mark
        for interview_id, element_id, mark in Rating.objects.filter(interview__campaign=campaign)
        .exclude(mark="")
        .values_list("interview_id", "element_id", "mark")
    }
    criterion_of = {element: c.pk for c in facts for element in c.elements}
    rated = {(interview, criterion_of.get(element)) for interview, element in marks_of}
    inputs: list[CriterionInput] = []
    uncovered: list[str] = []
    for c in facts:
        covering = [
            pk
            for pk, method, target, themes in interviews
            if covered(
                method=method,
                target=target,
                themes=themes,
                criterion_method=c.method,
                targets=c.targets,
                theme=c.theme,
                rated=(pk, c.pk) in rated,
            )
        ]
        if not covering:
            uncovered.append(c.code)
        marks: list[Mark | None] = []
        for interview_id in covering:
            for element_id in c.elements:
                found = marks_of.get((interview_id, element_id))
                marks.append(Mark(found) if found else None)
        inputs.append(CriterionInput(c.code, c.objective, c.chapter, c.theme, c.imperative, tuple(marks)))
    return CampaignInputs(inputs, uncovered)


def campaign_figures(campaign: Campaign) -> tuple[Results, Completeness]:
    found = campaign_inputs(campaign)
    results = compute(
        found.inputs, rounding=Rounding(campaign.rounding), scale=campaign.frame_version.rules.scale
    )
    return results, found.completeness
