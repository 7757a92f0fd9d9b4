"""Reading campaigns for the pages: grids, progress, results. Queries do not grow with the grid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from ouvrage.campaigns.models import Campaign, Interview, Person, Rating
from ouvrage.campaigns.scoring import (
    CriterionInput,
    Mark,
    Results,
    Rounding,
    compute,
    criterion_score,
    scale_from_data,
)
from ouvrage.campaigns.whatif import lift_options
from ouvrage.frames.applicability import applicability
from ouvrage.frames.domain import Method, Target, target_from_wording
from ouvrage.frames.models import Criterion, Element


def campaign_for(*, user: Any, pk: int) -> Campaign:
    """The campaign if the user may see its establishment; 404 otherwise."""
    return get_object_or_404(
        Campaign.objects.for_user(user).select_related("establishment__organisation", "frame_version__frame"),
        pk=pk,
    )


def campaigns_of(establishment: Any) -> list[Campaign]:
    return list(Campaign.objects.filter(establishment=establishment).select_related("frame_version__frame"))


def people_of(establishment: Any) -> list[Person]:
    return list(
        Person.objects.filter(establishment=establishment).annotate(interview_count=Count("interviews"))
    )


def interview_for(*, campaign: Campaign, pk: int) -> Interview:
    return get_object_or_404(campaign.interviews.select_related("person"), pk=pk)


def applicable_criteria(campaign: Campaign) -> list[Criterion]:
    criteria = campaign.frame_version.criteria.with_hierarchy().order_by("position")
    return list(applicability(campaign.establishment.profile, criteria).applicable)


def covers(interview: Interview, criterion: Criterion) -> bool:
    """Whether the interview's grid holds this criterion: same method; chosen themes if any; an
    audit système with the professionals keeps the criteria whose subject is the professionals."""
    if criterion.method != interview.method:
        return False
    if (
        interview.method == Method.AUDIT_SYSTEME
        and interview.target == Target.PROFESSIONALS
        and target_from_wording(criterion.title) is not Target.PROFESSIONALS
    ):
        return False
    theme = criterion.objective.theme
    return not interview.themes or (theme is not None and theme.code in interview.themes)


def element_in_grid(*, interview: Interview, pk: int) -> Element:
    """The element if it is in this interview's grid (applicable and covered); 404 otherwise."""
    element = get_object_or_404(Element.objects.select_related("criterion__objective__theme"), pk=pk)
    criterion = element.criterion
    if criterion.version_id != interview.campaign.frame_version_id or not covers(interview, criterion):
        raise Http404("Cet élément n'est pas dans la grille de cet entretien.")
    if applicability(interview.campaign.establishment.profile, [criterion]).excluded:
        raise Http404("Ce critère ne s'applique pas à cet établissement.")
    return element


def elements_by_criterion(criteria: list[Criterion]) -> dict[int, list[Element]]:
    """Elements of these criteria, each pointing at its (already loaded) criterion: one query."""
    by_id = {c.pk: c for c in criteria}
    found: dict[int, list[Element]] = defaultdict(list)
    for element in Element.objects.filter(criterion__in=criteria).order_by("criterion_id", "rank"):
        element.criterion = by_id[element.criterion_id]
        found[element.criterion_id].append(element)
    return found


@dataclass
class GridRow:
    element: Element
    rating: Rating | None

    @property
    def version(self) -> int:
        return self.rating.version if self.rating else 0


@dataclass
class GridCriterion:
    criterion: Criterion
    rows: list[GridRow]
    score: Decimal | None = None  # the criterion's score over the whole campaign
    voices: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)  # easy-read survey answers
    team: list[Any] = field(default_factory=list)  # what the team's own questions linked to it say


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
    def missing(self) -> list[GridRow]:
        return [
            row
            for part in self.parts
            for c in part.criteria
            for row in c.rows
            if not (row.rating and row.rating.mark)
        ]


PART_TITLES = {
    Target.PERSON: "Avec la personne accompagnée",
    Target.PROFESSIONALS: "Avec les professionnels qui l'accompagnent",
}


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


def survey_voices(
    establishment: Any, criteria: list[Criterion]
) -> dict[int, list[tuple[str, list[tuple[str, int]]]]]:
    """What people accompanied answered in the easy-read questionnaires linked to these criteria,
    to prepare the accompagné traceur interviews (one query)."""
    from collections import Counter

    from ouvrage.surveys.models import ANSWERS, SurveyAnswer

    counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for criterion_id, text, value in SurveyAnswer.objects.filter(
        question__criterion__in=criteria, question__survey__establishment=establishment
    ).values_list("question__criterion_id", "question__text", "value"):
        counts[(criterion_id, text)][value] += 1
    found: dict[int, list[tuple[str, list[tuple[str, int]]]]] = defaultdict(list)
    for (criterion_id, text), counter in counts.items():
        found[criterion_id].append((text, [(a, counter[a]) for a in ANSWERS if counter[a]]))
    return found


def grid_for(interview: Interview) -> Grid:
    campaign = interview.campaign
    criteria = [c for c in applicable_criteria(campaign) if covers(interview, c)]
    elements = elements_by_criterion(criteria)
    ratings = {r.element_id: r for r in interview.ratings.select_related("updated_by")}
    marks = campaign_marks(campaign, criteria)
    voices = survey_voices(campaign.establishment, criteria)
    from ouvrage.ownframe.selectors import team_work_for

    team = team_work_for(criteria, campaign)
    rounding = Rounding(campaign.rounding)
    parts: dict[str, GridPart] = {}
    rated = total = 0
    for criterion in criteria:
        target = Target(criterion.targets[0]) if len(criterion.targets) == 1 else None
        title = PART_TITLES.get(target, "") if interview.method == "accompagne_traceur" and target else ""
        part = parts.setdefault(title, GridPart(title))
        rows = [GridRow(e, ratings.get(e.pk)) for e in elements.get(criterion.pk, [])]
        total += len(rows)
        rated += sum(1 for r in rows if r.rating and r.rating.mark)
        part.criteria.append(
            GridCriterion(
                criterion,
                rows,
                criterion_score(marks.get(criterion.pk, []), rounding),
                voices.get(criterion.pk, []),
                team.get(criterion.pk, []),
            )
        )
    ordered = sorted(
        parts.values(),
        key=lambda p: list(PART_TITLES.values()).index(p.title) if p.title in PART_TITLES.values() else 9,
    )
    return Grid(interview, ordered, rated, total)


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
    for criterion_id in Element.objects.filter(criterion__in=criteria).values_list("criterion_id", flat=True):
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


@dataclass
class CampaignResults:
    campaign: Campaign
    results: Results
    criteria: dict[str, Criterion]
    elements: dict[int, list[Element]]
    ratings: dict[int, list[Rating]]  # by element id
    uncovered: list[Criterion]  # applicable criteria no interview rates
    inputs: list[CriterionInput]
    scale: Any  # scoring.QualityScaleConfig


def results_for(campaign: Campaign) -> CampaignResults:
    criteria = applicable_criteria(campaign)
    elements = elements_by_criterion(criteria)
    interviews = list(campaign.interviews.all())
    ratings: dict[int, list[Rating]] = defaultdict(list)
    by_key: dict[tuple[int, int], Rating] = {}
    for rating in Rating.objects.filter(interview__campaign=campaign).select_related("interview"):
        ratings[rating.element_id].append(rating)
        by_key[(rating.interview_id, rating.element_id)] = rating
    inputs = []
    uncovered = []
    for criterion in criteria:
        marks: list[Mark | None] = []
        covering = [i for i in interviews if covers(i, criterion)]
        if not covering:
            uncovered.append(criterion)
        for interview in covering:
            for element in elements.get(criterion.pk, []):
                found = by_key.get((interview.pk, element.pk))
                marks.append(Mark(found.mark) if found and found.mark else None)
        objective = criterion.objective
        inputs.append(
            CriterionInput(
                code=criterion.code,
                objective=objective.code,
                chapter=objective.chapter.code,
                theme=objective.theme.code if objective.theme else None,
                imperative=criterion.imperative,
                marks=tuple(marks),
            )
        )
    scale = scale_from_data(campaign.frame_version.scoring.get("quality_scale", {}))
    results = compute(inputs, rounding=Rounding(campaign.rounding), scale=scale)
    return CampaignResults(
        campaign, results, {c.code: c for c in criteria}, elements, ratings, uncovered, inputs, scale
    )


@dataclass
class CriterionRow:
    criterion: Criterion
    result: Any  # scoring.CriterionResult
    elements: list[tuple[Element, list[Rating], list[Any]]]  # element, its ratings, evidence cited
    team: list[Any] = field(default_factory=list)  # ownframe.selectors.TeamWork: the team's own questions


@dataclass
class ObjectiveRow:
    objective: Any
    aggregate: Any  # scoring.Aggregate
    criteria: list[CriterionRow]


@dataclass
class ThemeRow:
    theme: Any
    overall: Any
    by_chapter: list[tuple[Any, Any]]  # (chapter, Aggregate or None)


@dataclass
class ResultsPage:
    data: CampaignResults
    chapters: list[tuple[Any, Any]]
    themes: list[ThemeRow]
    objectives: list[ObjectiveRow]  # weakest first, unscored last
    imperatives: list[CriterionRow]
    lifts: list[Any]  # whatif.LiftOption


def results_page(campaign: Campaign) -> ResultsPage:
    data = results_for(campaign)
    r = data.results
    version = campaign.frame_version
    chapters = list(version.chapters.all())
    from ouvrage.evidence.models import EvidenceUse

    evidence: dict[int, list[Any]] = defaultdict(list)
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence"):
        evidence[use.element_id].append(use.evidence)
    rows: dict[str, CriterionRow] = {
        code: CriterionRow(
            criterion,
            r.criteria[code],
            [
                (e, data.ratings.get(e.pk, []), evidence.get(e.pk, []))
                for e in data.elements.get(criterion.pk, [])
            ],
        )
        for code, criterion in data.criteria.items()
    }
    from ouvrage.ownframe.selectors import team_work_for

    team = team_work_for([row.criterion for row in rows.values()], campaign)
    for row in rows.values():
        row.team = team.get(row.criterion.pk, [])
    objective_rows = []
    for objective in version.objectives.select_related("chapter", "theme"):
        if objective.code in r.objectives:
            criteria = [row for row in rows.values() if row.criterion.objective_id == objective.pk]
            objective_rows.append(ObjectiveRow(objective, r.objectives[objective.code], criteria))
    objective_rows.sort(key=lambda o: (o.aggregate.score is None, o.aggregate.score or 0))
    themes = [
        ThemeRow(t, r.themes.get(t.code), [(ch, r.chapter_themes.get((ch.code, t.code))) for ch in chapters])
        for t in version.themes.all()
    ]
    return ResultsPage(
        data=data,
        chapters=[(ch, r.chapters.get(ch.code)) for ch in chapters],
        themes=themes,
        objectives=objective_rows,
        imperatives=[row for row in rows.values() if row.criterion.imperative],
        lifts=lift_options(r, data.scale),
    )


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
    actions: list[Any]


def compare(before: Campaign, after: Campaign) -> Comparison:
    """Two campaigns of one establishment side by side, with the actions decided in between."""
    from ouvrage.actions.models import Action

    a, b = results_for(before), results_for(after)
    objectives = sorted(set(a.results.objectives) | set(b.results.objectives), key=_code_key)
    imperatives = sorted(
        {c for c, r in a.results.criteria.items() if r.imperative}
        | {c for c, r in b.results.criteria.items() if r.imperative},
        key=_code_key,
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
        actions=list(
            Action.objects.filter(
                establishment=before.establishment,
                created_at__date__gte=before.starts_on,
                created_at__date__lte=after.ends_on,
            )
            .select_related("owner")
            .prefetch_related("criteria")
        ),
    )


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def summaries_for(campaigns: list[Campaign]) -> dict[int, Any]:
    """Stored summaries of these campaigns (one query), recomputing only those missing or stale."""
    from ouvrage.campaigns.models import CampaignSummary

    found = {s.campaign_id: s for s in CampaignSummary.objects.filter(campaign__in=campaigns)}
    for campaign in campaigns:
        summary = found.get(campaign.pk)
        if summary is None or summary.stale:
            found[campaign.pk] = refresh_summary(campaign)
    return found


def refresh_summary(campaign: Campaign) -> Any:
    from ouvrage.campaigns.models import CampaignSummary

    results = results_for(campaign).results
    q = results.quality
    values = {
        "objectives": {
            code: str(agg.display) for code, agg in results.objectives.items() if agg.display is not None
        },
        "letter": q.letter or "",
        "mean_100": q.mean_100_display,
        "imperatives_at_threshold": q.imperatives_at_threshold,
        "applicable_imperatives": q.applicable_imperatives,
        "unmet": [c for c, r in results.criteria.items() if r.imperative and not r.strictly_met],
        "stale": False,
    }
    summary, _ = CampaignSummary.objects.update_or_create(campaign=campaign, defaults=values)
    return summary
