"""What the documents show. The same selectors feed the HTML pages and the PDF documents; they
compose what each domain says about a campaign (results, evidence, the team's own work, the plan)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ouvrage.actions.models import Action
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import (
    CampaignResults,
    ResultsPage,
    code_key,
    progress_for,
    results_for,
    results_page,
)
from ouvrage.core.charts import radar
from ouvrage.documents.models import ESTABLISHMENT_DOCUMENTS, ReportJob
from ouvrage.effects.markers import markers_of, quality_work_of
from ouvrage.effects.selectors import lanes_of
from ouvrage.effects.stories import selections_of
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import logo_data_uri
from ouvrage.evidence.selectors import cited_by_element
from ouvrage.ownframe.models import CollectiveSession, Mission, Need, Value
from ouvrage.ownframe.selectors import own_evaluation, own_frame_in, team_work_for_campaign
from ouvrage.realwork.selectors import journal_of
from ouvrage.reporting_burden.selectors import register_of
from ouvrage.surveys.models import EasyReadSurvey


def job_for(*, campaign: Campaign, pk: int) -> ReportJob:
    """A document of this campaign; 404 otherwise."""
    return get_object_or_404(ReportJob.objects.filter(campaign=campaign), pk=pk)


def establishment_job_for(*, establishment: Establishment, pk: int) -> ReportJob:
    """A document of this establishment (its projet, its reporting register); 404 otherwise."""
    return get_object_or_404(
        ReportJob.objects.filter(
            Q(projet__establishment=establishment) | Q(establishment=establishment),
            kind__in=ESTABLISHMENT_DOCUMENTS,
        ),
        pk=pk,
    )


def annotated_results(
    campaign: Campaign,
    *,
    team: bool = True,
    registers: Mapping[str, list[Any]] | None = None,
    effects: Mapping[int, list[Any]] | None = None,
) -> ResultsPage:
    """The campaign's results with the evidence cited for each element and (unless `team` is False:
    an external evaluator reads it) the team's own work on each criterion: what the results page
    and the reports show. `registers`: what the registers say by criterion code (the page composes
    them, www/registers.py); `effects`: the team's effects lanes by criterion id."""
    return results_page(
        campaign,
        evidence=cited_by_element(campaign),
        team=team_work_for_campaign(campaign) if team else {},
        registers=registers,
        effects=effects,
    )


@dataclass
class ImperativeFinding:
    criterion: Any
    result: Any
    comments: list[str]
    actions: list[Action]


@dataclass
class CorrectivePlan:
    campaign: Campaign
    findings: list[ImperativeFinding]
    generated_on: Any
    data: CampaignResults  # how complete the evaluation is
    logo: str = ""  # the establishment's logo as a data: URI, or ""


def _actions_by_criterion(campaign: Campaign) -> dict[int, list[Action]]:
    found: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(establishment=campaign.establishment)
        .select_related("owner")
        .prefetch_related("criteria")
    ):
        for criterion in action.criteria.all():
            found[criterion.pk].append(action)
    return found


def corrective_plan_for(campaign: Campaign) -> CorrectivePlan:
    """Each applicable impératif not fully met, what was found, and the actions decided."""
    page = annotated_results(campaign)
    actions = _actions_by_criterion(campaign)
    findings = []
    for row in page.imperatives:
        if row.result.strictly_met:
            continue
        comments = [r.comment for _, ratings, _ in row.elements for r in ratings if r.comment]
        findings.append(
            ImperativeFinding(row.criterion, row.result, comments, actions.get(row.criterion.pk, []))
        )
    return CorrectivePlan(
        campaign, findings, timezone.localdate(), page.data, logo=logo_data_uri(campaign.establishment)
    )


@dataclass
class Report:
    campaign: Campaign
    page: ResultsPage
    progress: list[Any]
    participants: list[tuple[str, str, str]]  # interview, method, who (functions, pseudonymous code)
    radar: Any
    strengths: list[Any]
    weaknesses: list[Any]
    actions: list[Action]
    generated_on: Any
    in_order: list[Any]  # objectives in the frame's order, for the per-criterion table
    logo: str  # data: URI, or ""


def report_for(campaign: Campaign) -> Report:
    """The self-evaluation report: profile, how it was run, results, impératifs, strengths and
    weaknesses, the action plan."""
    page = annotated_results(campaign)
    progress, _ = progress_for(campaign)
    scored = [o for o in page.objectives if o.aggregate.score is not None]
    return Report(
        campaign=campaign,
        page=page,
        progress=progress,
        participants=[
            (
                p.interview.title,
                p.interview.method_label,
                ", ".join(
                    filter(
                        None,
                        [p.interview.person.code if p.interview.person else "", p.interview.participants],
                    )
                ),
            )
            for p in progress
        ],
        radar=radar([(row.theme.title, row.overall) for row in page.themes]),
        strengths=sorted(scored, key=lambda o: -(o.aggregate.score or 0))[:5],
        weaknesses=scored[:5],
        actions=list(
            Action.objects.filter(establishment=campaign.establishment)
            .select_related("owner")
            .prefetch_related("criteria")
        ),
        generated_on=timezone.localdate(),
        in_order=sorted(page.objectives, key=lambda o: code_key(o.objective.code)),
        logo=logo_data_uri(campaign.establishment),
    )


@dataclass
class EffectsPart:
    """What the team's effects work shows (issue 20): the lanes, the stories a session selected with
    its reasons, the progress markers with their charts, the criteria of work well done."""

    lanes: list[Any]  # effects.selectors.LaneSummary
    selections: list[Any]  # effects.models.StorySelection, with story and session
    markers: list[Any]  # effects.markers.PartnerMarkers
    quality_work: list[Any]  # effects.models.QualityCriterion, disagreements prefetched

    @property
    def empty(self) -> bool:
        return not (self.lanes or self.selections or self.markers or self.quality_work)


def effects_for(establishment: Establishment) -> EffectsPart:
    return EffectsPart(
        lanes=lanes_of(establishment),
        selections=selections_of(establishment),
        markers=markers_of(establishment),
        quality_work=quality_work_of(establishment),
    )


@dataclass
class OwnReport:
    campaign: Campaign
    own: Any
    missions: list[Any]
    needs: list[Any]
    values: list[Any]
    questions: list[Any]  # ownframe.selectors.QuestionRow
    journal: Any  # realwork.journal.JournalView
    burden: Any  # reporting.burden.Summary
    sessions: list[Any]
    surveys: list[tuple[Any, int]]
    quality: Any
    generated_on: Any
    logo: str = ""  # data: URI, or ""
    effects: EffectsPart | None = None


def own_report_for(campaign: Campaign) -> OwnReport:
    """The establishment's own evaluation: missions, needs, values, its questions and their analysis,
    what the real-work journal shows, the reporting burden, the voice of the people, and the HAS results."""
    establishment = campaign.establishment
    own = own_frame_in(campaign)
    return OwnReport(
        campaign=campaign,
        own=own,
        missions=list(Mission.objects.filter(establishment=establishment)),
        needs=list(Need.objects.filter(establishment=establishment)),
        values=list(Value.objects.filter(establishment=establishment)),
        questions=own_evaluation(campaign, own) if own else [],
        journal=journal_of(establishment)[1],
        burden=register_of(establishment).summary,
        sessions=list(CollectiveSession.objects.filter(establishment=establishment)[:10]),
        surveys=[
            (s, s.responses.count()) for s in EasyReadSurvey.objects.filter(establishment=establishment)
        ],
        quality=results_for(campaign).results.quality,
        generated_on=timezone.localdate(),
        logo=logo_data_uri(establishment),
        effects=effects_for(establishment),
    )
