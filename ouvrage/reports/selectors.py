"""What the reports show. The same selectors feed the HTML pages and the PDF documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ouvrage.actions.models import Action
from ouvrage.campaigns.charts import radar
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import ResultsPage, progress_for, results_page


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
    page = results_page(campaign)
    actions = _actions_by_criterion(campaign)
    findings = []
    for row in page.imperatives:
        if row.result.strictly_met:
            continue
        comments = [r.comment for _, ratings, _ in row.elements for r in ratings if r.comment]
        findings.append(
            ImperativeFinding(row.criterion, row.result, comments, actions.get(row.criterion.pk, []))
        )
    return CorrectivePlan(campaign, findings, timezone.localdate())


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


def report_for(campaign: Campaign) -> Report:
    """The self-evaluation report: profile, how it was run, results, impératifs, strengths and
    weaknesses, the action plan."""
    page = results_page(campaign)
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
        strengths=sorted(scored, key=lambda o: -o.aggregate.score)[:5],
        weaknesses=scored[:5],
        actions=list(
            Action.objects.filter(establishment=campaign.establishment)
            .select_related("owner")
            .prefetch_related("criteria")
        ),
        generated_on=timezone.localdate(),
    )
