"""Reading campaigns for the pages: grids, progress, results and stored summaries. Queries do not grow
with the grid.

What other domains say about a criterion or an element (evidence cited, the team's own questions,
what people answered in questionnaires) is theirs to read; a page composes it with these results
through the `evidence`, `team` and `voices` annotations, which this module only carries.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from ouvrage.campaigns.figures import campaign_figures, campaign_inputs, covered, frame_facts
from ouvrage.campaigns.lifecycle import (
    EDITABLE,
    FINISHED,
    Completeness,
    State,
    Transition,
    letter_shown,
    move_problem,
)
from ouvrage.campaigns.models import Campaign, CampaignSummary, Interview, Person, Rating
from ouvrage.campaigns.whatif import LiftOption, lift_options
from ouvrage.core.numbers import truncated
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.profile import Profile
from ouvrage.frames.applicability import applicability
from ouvrage.frames.domain import Method, Target
from ouvrage.frames.models import Chapter, Criterion, Element, FrameVersion, Objective, Theme
from ouvrage.frames.scoring import (
    Aggregate,
    AnswerStyle,
    CriterionInput,
    CriterionResult,
    Mark,
    QualityScaleConfig,
    Results,
    Rounding,
    compute,
    criterion_score,
)
from ouvrage.frames.selectors import frame_rows, mandatory_versions, rows_of

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def campaign_for(*, user: User, pk: int) -> Campaign:
    """The campaign if the user may see its establishment; 404 otherwise."""
    return get_object_or_404(
        Campaign.objects.for_user(user).select_related("establishment__organisation", "frame_version__frame"),
        pk=pk,
    )


def conducted_by(evaluator: User) -> list[Campaign]:
    """The external evaluations an external evaluator conducts (what their home page lists)."""
    return list(
        Campaign.objects.for_user(evaluator).select_related("establishment").order_by("-starts_on", "pk")
    )


def campaigns_of(establishment: Establishment) -> list[Campaign]:
    return list(
        Campaign.objects.filter(establishment=establishment).select_related(
            "frame_version__frame", "establishment"
        )
    )


def evaluated_versions(establishment: Establishment) -> list[FrameVersion]:
    """The frame versions the establishment is evaluated against: those of its campaigns (the latest
    campaign first), then the mandatory frames' latest versions. Criterion codes a person types are
    read in these, in this order."""
    found: dict[int, FrameVersion] = {}
    for campaign in sorted(campaigns_of(establishment), key=lambda c: (c.starts_on, c.pk), reverse=True):
        found.setdefault(campaign.frame_version_id, campaign.frame_version)
    for version in mandatory_versions():
        found.setdefault(version.pk, version)
    return list(found.values())


@dataclass(frozen=True)
class EvaluatedFrame:
    version: FrameVersion
    answer_style: AnswerStyle  # cotation: interview grids; evaluative: the team's questions


def evaluated_frames(campaign: Campaign) -> list[EvaluatedFrame]:
    """The frame versions a campaign evaluates and how each is answered, read from the frames' data:
    the rated frame first, then the frames of evaluative questions."""
    versions = [campaign.frame_version, *campaign.evaluative_versions.select_related("frame")]
    return [EvaluatedFrame(v, v.rules.answer_style) for v in versions]


def criteria_by_code(versions: Sequence[FrameVersion], codes: list[str]) -> dict[str, Criterion]:
    """The criteria of these codes, each from the first version (in order) that has it: one query."""
    found: dict[str, Criterion] = {}
    rank = {v.pk: i for i, v in enumerate(versions)}
    for criterion in sorted(
        Criterion.objects.filter(version__in=list(versions), code__in=codes), key=lambda c: rank[c.version_id]
    ):
        found.setdefault(criterion.code, criterion)
    return found


def people_of(establishment: Establishment) -> list[Person]:
    return list(
        Person.objects.filter(establishment=establishment).annotate(interview_count=Count("interviews"))
    )


def interview_for(*, campaign: Campaign, pk: int) -> Interview:
    return get_object_or_404(campaign.interviews.select_related("person"), pk=pk)


def applicable_criteria(campaign: Campaign) -> list[Criterion]:
    """The criteria that apply to the campaign: fixed when it started (a later change of profile or
    frame data never changes it), or, in preparation, those of the establishment's profile today.
    The référentiel's rows are read once per process (`frame_rows`); a criterion whose impératif
    flag was fixed otherwise when the campaign started is a copy."""
    version = campaign.frame_version
    rows = frame_rows(version)
    if rows is not None:
        criteria = list(rows.criteria)
    else:
        # Each objective (with its chapter and theme) read once and shared by its criteria.
        objectives = {
            o.pk: o
            for o in version.objectives.select_related("chapter", "theme").defer(
                "sources", "chapter__targets"
            )
        }
        criteria = list(version.criteria.defer("sources").order_by("position"))
        for criterion in criteria:
            criterion.objective = objectives[criterion.objective_id]
    if campaign.frozen_criteria is None:
        return list(applicability(campaign.profile, criteria).applicable)
    imperatives = set(campaign.frozen_imperatives or ())
    frozen = set(campaign.frozen_criteria)
    found = []
    for criterion in criteria:
        if criterion.pk not in frozen:
            continue
        if criterion.imperative != (criterion.pk in imperatives):
            criterion = copy.copy(criterion)
            criterion.imperative = not criterion.imperative
        found.append(criterion)
    return found


def covers(interview: Interview, criterion: Criterion, rated: bool = False) -> bool:
    """Whether the interview's grid holds this criterion (`figures.covered`); `rated`: the interview
    has already rated it."""
    theme = criterion.objective.theme
    return covered(
        method=interview.method,
        target=interview.target,
        themes=interview.themes,
        criterion_method=criterion.method,
        targets=criterion.targets,
        theme=theme.code if theme else None,
        rated=rated,
    )


def rated_criteria(interview: Interview) -> set[int]:
    """Ids of the criteria this interview has rated (they stay in its grid whatever the frame data)."""
    return set(interview.ratings.exclude(mark="").values_list("element__criterion_id", flat=True))


def element_in_grid(*, interview: Interview, pk: int) -> Element:
    """The element if it is in this interview's grid (applicable and covered); 404 otherwise."""
    element = get_object_or_404(
        Element.objects.select_related("criterion__objective__theme").filter(retired=False), pk=pk
    )
    criterion = element.criterion
    if criterion.version_id != interview.campaign.frame_version_id or not covers(
        interview, criterion, criterion.pk in rated_criteria(interview)
    ):
        raise Http404("Cet élément n'est pas dans la grille de cet entretien.")
    campaign = interview.campaign
    applies = (
        criterion.pk in campaign.frozen_criteria
        if campaign.frozen_criteria is not None
        else not applicability(campaign.profile, [criterion]).excluded
    )
    if not applies:
        raise Http404("Ce critère ne s'applique pas à cette évaluation.")
    return element


def elements_by_criterion(criteria: list[Criterion]) -> dict[int, list[Element]]:
    """Elements of these criteria, each pointing at its (already loaded) criterion: one query, or
    none for criteria of the référentiel read by `applicable_criteria`."""
    rows = rows_of(criteria[0]) if criteria else None
    if rows is not None and all(rows_of(c) is rows for c in criteria):
        return defaultdict(list, rows.elements_of(criteria))
    by_id = {c.pk: c for c in criteria}
    elements: dict[int, list[Element]] = defaultdict(list)
    for element in Element.objects.filter(criterion__in=criteria, retired=False).order_by(
        "criterion_id", "rank"
    ):
        element.criterion = by_id[element.criterion_id]
        elements[element.criterion_id].append(element)
    return elements


# ---------------------------------------------------------------- grids


@dataclass
class GridRow:
    element: Element
    rating: Rating | None
    evidence: int = 0  # pieces of evidence cited for the element (filled by the page)

    @property
    def version(self) -> int:
        return self.rating.version if self.rating else 0


@dataclass
class GridCriterion:
    criterion: Criterion
    rows: list[GridRow]
    score: Decimal | None = None  # the criterion's score over the whole campaign
    # Filled by the page from their owners: easy-read survey answers, the team's own questions.
    voices: list[Any] = field(default_factory=list)
    team: list[Any] = field(default_factory=list)
    registers: list[Any] = field(default_factory=list)  # the registers' live figures (by code)
    effects: list[Any] = field(default_factory=list)  # the team's effects lanes speaking to it


@dataclass
class GridPart:
    title: str
    criteria: list[GridCriterion] = field(default_factory=list)


@dataclass
class Grid:
    interview: Interview
    parts: list[GridPart]
    rated: int
    total: int

    @property
    def criteria(self) -> list[GridCriterion]:
        return [c for part in self.parts for c in part.criteria]

    @property
    def missing(self) -> list[GridRow]:
        return [row for c in self.criteria for row in c.rows if not (row.rating and row.rating.mark)]

    def annotate(
        self,
        *,
        voices: Mapping[int, list[Any]],
        team: Mapping[int, list[Any]],
        evidence: Mapping[int, int] | None = None,
        registers: Mapping[str, list[Any]] | None = None,
        effects: Mapping[int, list[Any]] | None = None,
    ) -> Grid:
        """Attach what other domains say: about each criterion (by criterion id; the registers by
        criterion code), and how much evidence is cited for each element (by element id)."""
        for gc in self.criteria:
            gc.voices = voices.get(gc.criterion.pk, [])
            gc.team = team.get(gc.criterion.pk, [])
            gc.registers = (registers or {}).get(gc.criterion.code, [])
            gc.effects = (effects or {}).get(gc.criterion.pk, [])
            for row in gc.rows:
                row.evidence = (evidence or {}).get(row.element.pk, 0)
        return self


PART_TITLES = {
    Target.PERSON: "Avec la personne accompagnée",
    Target.PROFESSIONALS: "Avec les professionnels",
    Target.GOVERNANCE: "Avec la gouvernance (l'ESSMS)",
}
ACCOMPANYING = "Avec les professionnels qui l'accompagnent"  # the second part of an accompagné traceur
ORDER = [PART_TITLES[Target.PERSON], ACCOMPANYING, *list(PART_TITLES.values())[1:]]


def campaign_marks(campaign: Campaign, criteria: list[Criterion]) -> dict[int, list[Mark]]:
    """Every mark given to the elements of these criteria in the campaign, by criterion id."""
    marks: dict[int, list[Mark]] = defaultdict(list)
    for criterion_id, mark in (
        Rating.objects.filter(interview__campaign=campaign, element__criterion__in=criteria)
        .exclude(mark="")
        .values_list("element__criterion_id", "mark")
    ):
        marks[criterion_id].append(Mark(mark))
    return marks


def grid_criteria(interview: Interview) -> list[Criterion]:
    rated = rated_criteria(interview)
    return [c for c in applicable_criteria(interview.campaign) if covers(interview, c, c.pk in rated)]


def grid_for(interview: Interview) -> Grid:
    return grids_for(interview.campaign, [interview])[0]


def grids_for(campaign: Campaign, interviews: Sequence[Interview]) -> list[Grid]:
    """The grids of these interviews of one campaign, with queries that do not grow with their number."""
    applicable = applicable_criteria(campaign)
    elements = elements_by_criterion(applicable)
    ratings: dict[tuple[int, int], Rating] = {
        (r.interview_id, r.element_id): r
        for r in Rating.objects.filter(interview__in=list(interviews)).select_related("updated_by")
    }
    marks = campaign_marks(campaign, applicable)
    rounding = Rounding(campaign.rounding)
    scores = {c.pk: criterion_score(marks.get(c.pk, []), rounding) for c in applicable}
    criterion_of = {e.pk: c for c, es in elements.items() for e in es}
    rated = {(i, criterion_of.get(e)) for (i, e), r in ratings.items() if r.mark}
    return [
        _grid(interview, applicable, elements, ratings, scores, {c for i, c in rated if i == interview.pk})
        for interview in interviews
    ]


def _grid(
    interview: Interview,
    applicable: list[Criterion],
    elements: dict[int, list[Element]],
    ratings: dict[tuple[int, int], Rating],
    scores: dict[int, Decimal | None],
    rated_here: set[int | None],
) -> Grid:
    parts: dict[str, GridPart] = {}
    rated = total = 0
    split = interview.method != Method.AUDIT_SYSTEME or not interview.target
    for criterion in (c for c in applicable if covers(interview, c, c.pk in rated_here)):
        # The part of the grid: the target printed above the criterion's elements (the first one).
        target = Target(criterion.targets[0]) if criterion.targets else None
        title = PART_TITLES.get(target, "") if split and target else ""
        if target is Target.PROFESSIONALS and interview.method == Method.ACCOMPAGNE_TRACEUR:
            title = ACCOMPANYING
        part = parts.setdefault(title, GridPart(title))
        rows = [GridRow(e, ratings.get((interview.pk, e.pk))) for e in elements.get(criterion.pk, [])]
        total += len(rows)
        rated += sum(1 for r in rows if r.rating and r.rating.mark)
        part.criteria.append(GridCriterion(criterion, rows, scores[criterion.pk]))
    ordered = sorted(
        parts.values(),
        key=lambda p: ORDER.index(p.title) if p.title in ORDER else 9,
    )
    return Grid(interview, ordered, rated, total)


@dataclass(frozen=True)
class RatedRow:
    """What the rating page answers after a save: the interview's progress and the criterion's score."""

    rated: int
    total: int
    score: Decimal | None


def after_rating(interview: Interview, element: Element) -> RatedRow:
    covered = grid_criteria(interview)
    total = Element.objects.filter(criterion__in=covered, retired=False).count()
    rated = interview.ratings.exclude(mark="").count()
    marks = campaign_marks(interview.campaign, [element.criterion])
    score = criterion_score(marks.get(element.criterion_id, []), Rounding(interview.campaign.rounding))
    return RatedRow(rated, total, score)


# ---------------------------------------------------------------- progress


@dataclass
class InterviewProgress:
    interview: Interview
    rated: int
    total: int


def progress_for(campaign: Campaign) -> tuple[list[InterviewProgress], list[Criterion]]:
    """Rated and expected elements per interview (four queries whatever the number of interviews),
    and the applicable criteria that no interview covers yet."""
    criteria = applicable_criteria(campaign)
    counts = {c.pk: 0 for c in criteria}
    for criterion_id in Element.objects.filter(criterion__in=criteria, retired=False).values_list(
        "criterion_id", flat=True
    ):
        counts[criterion_id] += 1
    rated: dict[int, int] = defaultdict(int)
    for interview_id in (
        Rating.objects.filter(interview__campaign=campaign)
        .exclude(mark="")
        .values_list("interview_id", flat=True)
    ):
        rated[interview_id] += 1
    result = []
    covered: set[int] = set()
    for interview in campaign.interviews.select_related("person"):
        mine = [c for c in criteria if covers(interview, c)]
        covered.update(c.pk for c in mine)
        result.append(InterviewProgress(interview, rated[interview.pk], sum(counts[c.pk] for c in mine)))
    return result, [c for c in criteria if c.pk not in covered]


def progress_by_method(progress: list[InterviewProgress]) -> list[tuple[str, int, int, int]]:
    """(method label, interviews, rated, expected) for each method that has interviews."""
    totals: dict[str, list[int]] = {}
    for p in progress:
        entry = totals.setdefault(p.interview.method_label, [0, 0, 0])
        entry[0] += 1
        entry[1] += p.rated
        entry[2] += p.total
    return [(label, n, rated, total) for label, (n, rated, total) in totals.items()]


# ---------------------------------------------------------------- results


@dataclass
class CampaignResults:
    campaign: Campaign
    results: Results
    criteria: dict[str, Criterion]
    elements: dict[int, list[Element]]
    uncovered: list[Criterion]  # applicable criteria no interview rates
    inputs: list[CriterionInput]
    scale: QualityScaleConfig
    completeness: Completeness

    @property
    def provisional(self) -> bool:
        """Figures of an incomplete evaluation still under way: every one of them says so."""
        return not self.completeness.complete and self.campaign.lifecycle not in FINISHED

    @property
    def closed_incomplete(self) -> bool:
        """Closed with parts missing, acknowledged in writing: final, and incomplete."""
        return not self.completeness.complete and self.campaign.lifecycle in FINISHED

    @property
    def letter_shown(self) -> bool:
        return letter_shown(self.completeness, self.campaign.lifecycle)


def results_for(campaign: Campaign) -> CampaignResults:
    """The campaign's figures, with the criteria and elements the pages open them down to."""
    criteria = applicable_criteria(campaign)
    found = campaign_inputs(campaign)
    scale = campaign.frame_version.rules.scale
    results = compute(found.inputs, rounding=Rounding(campaign.rounding), scale=scale)
    by_code = {c.code: c for c in criteria}
    return CampaignResults(
        campaign,
        results,
        by_code,
        elements_by_criterion(criteria),
        [by_code[code] for code in found.uncovered],
        found.inputs,
        scale,
        found.completeness,
    )


class RatingLine(NamedTuple):
    """A cotation as the results and the reports show it (read as plain values, not a model)."""

    mark: str
    comment: str
    justification: str
    interview: Interview


@dataclass
class CriterionRow:
    criterion: Criterion
    result: CriterionResult
    elements: list[tuple[Element, list[RatingLine], list[Any]]]  # element, its cotations, evidence cited
    team: list[Any] = field(default_factory=list)  # what the team's own questions linked to it say
    registers: list[Any] = field(default_factory=list)  # what the registers (adverse events…) say
    effects: list[Any] = field(default_factory=list)  # what the team's effects lanes say

    @property
    def cited(self) -> list[Any]:
        """The evidence cited for any of its elements, each once."""
        found: dict[int, Any] = {}
        for _, _, evidence in self.elements:
            for item in evidence:
                found.setdefault(item.pk, item)
        return list(found.values())


@dataclass
class ObjectiveRow:
    objective: Objective
    aggregate: Aggregate
    criteria: list[CriterionRow]


@dataclass
class ThemeRow:
    theme: Theme
    overall: Aggregate | None
    by_chapter: list[tuple[Chapter, Aggregate | None]]


@dataclass(frozen=True)
class LiftLine:
    """One thing to raise on a way to the next letter: from what, to what, by how much, and where."""

    kind: str  # "imperative" or "objective"
    code: str
    before: Decimal | None
    after: Decimal
    points: Decimal | None  # objective: points of mean (0–100) it would add at most
    interview_pk: int | None  # a grid that rates it


@dataclass(frozen=True)
class LiftTable:
    option: LiftOption
    lines: list[LiftLine]


def lift_tables(
    options: Sequence[LiftOption], data: CampaignResults, interviews: Sequence[Interview]
) -> list[LiftTable]:
    """The ways to the next letter as short tables, each line linked to its criterion and a grid."""

    def grid_of(criterion: Criterion | None) -> int | None:
        if criterion is None:
            return None
        return next((i.pk for i in interviews if covers(i, criterion)), None)

    first_of: dict[str, Criterion] = {}
    for criterion in data.criteria.values():
        first_of.setdefault(criterion.objective.code, criterion)
    tables = []
    for option in options[:3]:
        lines = [
            LiftLine(
                "imperative",
                code,
                score,
                data.scale.imperative_threshold,
                None,
                grid_of(data.criteria.get(code)),
            )
            for code, score in option.imperatives
        ]
        lines += [
            LiftLine(
                "objective",
                g.code,
                truncated(g.score),
                Decimal(4),
                truncated(g.points),
                grid_of(first_of.get(g.code)),
            )
            for g in option.objectives
        ]
        tables.append(LiftTable(option, lines))
    return tables


@dataclass
class ResultsPage:
    data: CampaignResults
    chapters: list[tuple[Chapter, Aggregate | None]]
    themes: list[ThemeRow]
    objectives: list[ObjectiveRow]  # weakest first, unscored last
    imperatives: list[CriterionRow]
    lifts: list[LiftOption]
    lift_tables: list[LiftTable] = field(default_factory=list)


def results_page(
    campaign: Campaign,
    *,
    evidence: Mapping[int, list[Any]] | None = None,
    team: Mapping[int, list[Any]] | None = None,
    registers: Mapping[str, list[Any]] | None = None,
    effects: Mapping[int, list[Any]] | None = None,
) -> ResultsPage:
    """Every figure of the campaign opened down to its elements and their cotations. `evidence` (by
    element id), `team` (by criterion id) and `registers` (by criterion code: the registers' live
    figures) and `effects` (by criterion id: the team's effects lanes) are what the evidence,
    own-frame, register and effects domains say."""
    evidence = evidence or {}
    team = team or {}
    registers = registers or {}
    effects = effects or {}
    data = results_for(campaign)
    r = data.results
    version = campaign.frame_version
    shared = frame_rows(version)
    chapters = list(shared.chapters) if shared else list(version.chapters.all())
    interviews = list(campaign.interviews.all())
    by_pk = {i.pk: i for i in interviews}
    ratings: dict[int, list[RatingLine]] = defaultdict(list)
    for element_id, interview_id, mark, comment, justification in (
        Rating.objects.filter(interview__campaign=campaign)
        .order_by("id")
        .values_list("element_id", "interview_id", "mark", "comment", "justification")
    ):
        ratings[element_id].append(RatingLine(mark, comment, justification, by_pk[interview_id]))
    rows: dict[str, CriterionRow] = {
        code: CriterionRow(
            criterion,
            r.criteria[code],
            [(e, ratings.get(e.pk, []), evidence.get(e.pk, [])) for e in data.elements.get(criterion.pk, [])],
            team.get(criterion.pk, []),
            registers.get(code, []),
            effects.get(criterion.pk, []),
        )
        for code, criterion in data.criteria.items()
    }
    by_objective: dict[int, list[CriterionRow]] = defaultdict(list)
    for row in rows.values():
        by_objective[row.criterion.objective_id].append(row)
    objective_rows = []
    objectives = shared.objectives if shared else version.objectives.select_related("chapter", "theme")
    for objective in objectives:
        if objective.code in r.objectives:
            objective_rows.append(
                ObjectiveRow(objective, r.objectives[objective.code], by_objective[objective.pk])
            )
    objective_rows.sort(key=lambda o: (o.aggregate.score is None, o.aggregate.score or 0))
    themes = [
        ThemeRow(t, r.themes.get(t.code), [(ch, r.chapter_themes.get((ch.code, t.code))) for ch in chapters])
        for t in (shared.themes if shared else version.themes.all())
    ]
    lifts = lift_options(r, data.scale) if data.letter_shown else []
    return ResultsPage(
        data=data,
        chapters=[(ch, r.chapters.get(ch.code)) for ch in chapters],
        themes=themes,
        objectives=objective_rows,
        imperatives=[row for row in rows.values() if row.criterion.imperative],
        lifts=lifts,
        lift_tables=lift_tables(lifts, data, interviews) if lifts else [],
    )


# ---------------------------------------------------------------- two campaigns side by side


@dataclass
class CompareRow:
    code: str
    label: str
    before: Decimal | None
    after: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        delta = self.delta
        if delta is None:
            return "non comparable"
        return "en hausse" if delta > 0 else "en baisse" if delta < 0 else "stable"


@dataclass
class Comparison:
    before: Campaign
    after: Campaign
    objectives: list[CompareRow]
    imperatives: list[CompareRow]
    letters: tuple[str | None, str | None]


def compare(before: Campaign, after: Campaign) -> Comparison:
    """Two campaigns of one establishment side by side, objective by objective and impératif by impératif."""
    a, b = results_for(before), results_for(after)
    objectives = sorted(set(a.results.objectives) | set(b.results.objectives), key=code_key)
    imperatives = sorted(
        {c for c, r in a.results.criteria.items() if r.imperative}
        | {c for c, r in b.results.criteria.items() if r.imperative},
        key=code_key,
    )

    def agg(results: Results, code: str) -> Decimal | None:
        found = results.objectives.get(code)
        return found.display if found else None

    def crit(results: Results, code: str) -> Decimal | None:
        found = results.criteria.get(code)
        return found.score if found else None

    rows = [
        CompareRow(code, f"Objectif {code}", agg(a.results, code), agg(b.results, code))
        for code in objectives
    ]
    rows.sort(key=lambda r: (r.delta is None, r.delta if r.delta is not None else 0))
    return Comparison(
        before=before,
        after=after,
        objectives=rows,
        imperatives=[
            CompareRow(code, f"Impératif {code}", crit(a.results, code), crit(b.results, code))
            for code in imperatives
        ],
        letters=(a.results.quality.letter, b.results.quality.letter),
    )


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a dotted code (3.10 after 3.9)."""
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


# ---------------------------------------------------------------- stored summaries


@dataclass(frozen=True)
class Summary:
    """The figures pages that show many campaigns at once need (the organisation's view, the action
    plan's score movements): stored, refreshed by the services that change a campaign."""

    objectives: dict[str, str]  # code -> "3.25"
    criteria: dict[str, str]  # code -> "3.25"
    letter: str
    mean_100: Decimal | None
    imperatives_at_threshold: int
    applicable_imperatives: int
    unmet: list[str]  # impératifs not strictly met
    rated: int
    expected: int
    uncovered: int

    @property
    def completeness(self) -> Completeness:
        return Completeness(self.rated, self.expected, self.uncovered)


def summary_values(results: Results, completeness: Completeness) -> dict[str, Any]:
    """The stored fields of a campaign summary, from its results and how complete it is."""
    q = results.quality
    return {
        "rated": completeness.rated,
        "expected": completeness.expected,
        "uncovered": completeness.uncovered,
        "objectives": {c: str(a.display) for c, a in results.objectives.items() if a.display is not None},
        "criteria": {c: str(r.score) for c, r in results.criteria.items() if r.score is not None},
        "letter": q.letter or "",
        "mean_100": q.mean_100_display,
        "imperatives_at_threshold": q.imperatives_at_threshold,
        "applicable_imperatives": q.applicable_imperatives,
        "unmet": [c for c, r in results.criteria.items() if r.imperative and not r.strictly_met],
    }


def _summary(values: Mapping[str, Any]) -> Summary:
    return Summary(**{k: values[k] for k in Summary.__dataclass_fields__})


def summary_basis(campaign: Campaign, version: FrameVersion | None = None) -> str:
    """What a campaign's figures were computed from besides its cotations and interviews: the frame
    data (checksum and last change), the rounding rule, the establishment's profile. A stored summary
    whose basis differs is out of date. `version`: the campaign's frame version, when already read."""
    version = version or campaign.frame_version
    profile = campaign.profile
    publics = ",".join(sorted(p.value for p in profile.publics))
    return "|".join(
        (
            version.checksum,
            version.imported_at.isoformat() if version.imported_at else "",
            campaign.rounding,
            profile.sector,
            profile.kind,
            publics,
        )
    )


def summaries_for(campaigns: list[Campaign]) -> dict[int, Summary]:
    """The summaries of these campaigns (two queries). A summary missing or out of date (the frame data
    or the establishment's profile changed since) is computed in memory for this page: reading never
    writes; the next change of the campaign stores it again."""
    # The campaigns' frame versions, read once (a few for hundreds of campaigns).
    versions = {
        v.pk: v
        for v in FrameVersion.objects.filter(pk__in={c.frame_version_id for c in campaigns}).select_related(
            "frame"
        )
    }
    # The campaigns' establishments (a campaign not yet started reads its establishment's profile),
    # in one query when they are not already loaded.
    missing = {c.establishment_id for c in campaigns if not Campaign.establishment.is_cached(c)}
    establishments = Establishment.objects.in_bulk(missing) if missing else {}
    for campaign in campaigns:
        if campaign.establishment_id in establishments:
            campaign.establishment = establishments[campaign.establishment_id]
    stored = {s.campaign_id: s for s in CampaignSummary.objects.filter(campaign__in=campaigns)}
    found: dict[int, Summary] = {}
    for campaign in campaigns:
        summary = stored.get(campaign.pk)
        version = versions[campaign.frame_version_id]
        if summary is not None and (summary.stale or summary.basis != summary_basis(campaign, version)):
            summary = None
        if summary is None:
            campaign.frame_version = version  # the facts of a shared frame are then read once per process
        if summary is not None:
            found[campaign.pk] = _summary({f: getattr(summary, f) for f in Summary.__dataclass_fields__})
        else:
            found[campaign.pk] = _summary(summary_values(*campaign_figures(campaign)))
    return found


def stored_summaries(campaigns: list[Campaign]) -> dict[int, Summary]:
    """The stored summaries of these campaigns that are up to date, in one query (none for no
    campaign): nothing is computed on read, so a campaign whose summary is missing, marked stale or
    computed on another basis is left out. The campaigns' frame versions and establishments are read
    from the campaigns (`campaigns_of` loads them)."""
    if not campaigns:
        return {}
    by_pk = {c.pk: c for c in campaigns}
    found: dict[int, Summary] = {}
    for summary in CampaignSummary.objects.filter(campaign__in=list(by_pk), stale=False):
        campaign = by_pk[summary.campaign_id]
        if summary.basis == summary_basis(campaign):
            found[campaign.pk] = _summary({f: getattr(summary, f) for f in Summary.__dataclass_fields__})
    return found


MOVE_URLS = {
    Transition.START: "campaigns:start",
    Transition.CLOSE: "campaigns:close",
    Transition.REOPEN: "campaigns:reopen",
    Transition.ARCHIVE: "campaigns:archive",
    Transition.ABANDON: "campaigns:abandon",
    Transition.DELETE: "campaigns:delete",
}


@dataclass(frozen=True)
class Life:
    """Where an evaluation stands: its state, how complete it is, the steps open to it now."""

    state: State
    completeness: Completeness
    grades: int  # cotations and answers given (deleting would lose them)
    moves: list[tuple[Transition, str]]  # (step, URL name)
    interviews: int  # planned

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE


def life_of(
    campaign: Campaign,
    *,
    progress: list[InterviewProgress] | None = None,
    uncovered: list[Criterion] | None = None,
) -> Life:
    if progress is None or uncovered is None:
        progress, uncovered = progress_for(campaign)
    rated = sum(p.rated for p in progress)
    completeness = Completeness(rated, sum(p.total for p in progress), len(uncovered))
    state = campaign.lifecycle
    grades = rated + campaign.evaluative_answers.count()
    moves = [
        (t, MOVE_URLS[t])
        for t in Transition
        if move_problem(t, state, grades=grades, reason="une raison") is None
    ]
    return Life(state, completeness, grades, moves, len(progress))


@dataclass(frozen=True)
class Standing:
    """An establishment's evaluations as its director speaks of them: « the last evaluation » is the
    latest closed one (planning next year's never hides it); the one under way is shown apart."""

    closed: Campaign | None  # latest closed or archived
    current: Campaign | None  # latest in preparation or in progress


def standings(establishments: Iterable[Establishment]) -> dict[int, Standing]:
    """Each establishment's standing, in one query (abandoned evaluations count for neither)."""
    closed: dict[int, Campaign] = {}
    current: dict[int, Campaign] = {}
    for campaign in (
        Campaign.objects.filter(establishment__in=establishments)
        .exclude(state=State.ABANDONED)
        .select_related("frame_version")
        .order_by("starts_on", "pk")
    ):
        (closed if campaign.lifecycle in FINISHED else current)[campaign.establishment_id] = campaign
    return {pk: Standing(closed.get(pk), current.get(pk)) for pk in {*closed, *current}}


@dataclass(frozen=True)
class ProfileEffect:
    campaign: Campaign
    applicable_now: int
    applicable_after: int


def profile_effects(establishment: Establishment, profile: Profile) -> list[ProfileEffect]:
    """What a new profile would change in the establishment's evaluations in preparation (those
    started keep what applied when they started)."""
    found = []
    for campaign in Campaign.objects.filter(
        establishment=establishment, state=State.PREPARATION
    ).select_related("frame_version__frame"):
        facts = frame_facts(campaign.frame_version)
        now = len(applicability(campaign.profile, facts).applicable)
        after = len(applicability(profile, facts).applicable)
        found.append(ProfileEffect(campaign, now, after))
    return found
