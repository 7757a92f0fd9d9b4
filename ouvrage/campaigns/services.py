"""Writing campaigns: create, plan interviews, rate. Each function checks who acts, runs in one
transaction and records the change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS, Role
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import record
from ouvrage.campaigns.models import Campaign, CampaignKind, CampaignSummary, Interview, Person, Rating
from ouvrage.campaigns.rules import mark_problem
from ouvrage.campaigns.scoring import Mark
from ouvrage.frames.domain import Method

RATERS = ESTABLISHMENT_EDITORS | {Role.PROFESSIONAL, Role.EVALUATOR}


def _require(actor: Any, roles: frozenset[str], organisation_id: int, what: str) -> None:
    require_role(actor, organisation_id, roles, f"de {what}")


@transaction.atomic
def create_campaign(*, establishment: Any, frame_version: Any, actor: Any, data: dict[str, Any]) -> Campaign:
    _require(actor, ESTABLISHMENT_EDITORS, establishment.organisation_id, "créer une évaluation")
    campaign = Campaign.objects.create(
        establishment=establishment, frame_version=frame_version, created_by=actor, **data
    )
    record(
        action="campaign.created",
        target=campaign,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return campaign


@transaction.atomic
def create_person(*, establishment: Any, actor: Any, code: str, attributes: dict[str, str]) -> Person:
    _require(
        actor, ESTABLISHMENT_EDITORS, establishment.organisation_id, "enregistrer une personne accompagnée"
    )
    person = Person.objects.create(establishment=establishment, code=code, attributes=attributes)
    record(
        action="person.created",
        target=person,
        actor=actor,
        organisation=establishment.organisation,
        changes={"code": code, "attributes": attributes},
    )
    return person


@transaction.atomic
def plan_interview(
    *,
    campaign: Campaign,
    actor: Any,
    data: dict[str, Any],
    person_code: str = "",
    person_attributes: dict[str, str] | None = None,
) -> Interview:
    """Plan an interview; for an accompagné traceur, with the person of that code (recorded if new)."""
    _require(actor, ESTABLISHMENT_EDITORS, campaign.establishment.organisation_id, "planifier un entretien")
    person = None
    if person_code:
        person = Person.objects.filter(establishment=campaign.establishment, code=person_code).first()
        if person is None:
            person = create_person(
                establishment=campaign.establishment,
                actor=actor,
                code=person_code,
                attributes=person_attributes or {},
            )
    interview = Interview.objects.create(campaign=campaign, person=person, **data)
    CampaignSummary.objects.filter(campaign=campaign).update(stale=True)
    record(
        action="interview.planned",
        target=interview,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return interview


@dataclass
class RatingOutcome:
    rating: Rating
    saved: bool
    problem: str = ""  # refused: why, in French
    conflict: Rating | None = None  # someone saved first: their rating as it is now


@transaction.atomic
def rate_element(
    *,
    interview: Interview,
    element: Any,
    actor: Any,
    mark: str,
    comment: str,
    justification: str,
    expected_version: int,
) -> RatingOutcome:
    """Save one cotation if the rules allow it and nobody saved it since `expected_version`."""
    campaign = interview.campaign
    _require(actor, RATERS, campaign.establishment.organisation_id, "coter cette grille")
    if actor.role == Role.EVALUATOR and campaign.kind != CampaignKind.EXTERNAL:
        raise PermissionDenied("Un évaluateur externe ne cote que les évaluations externes.")
    stored = Rating.objects.select_for_update().filter(interview=interview, element=element).first()
    rating = stored or Rating(interview=interview, element=element)
    wanted = Rating(
        interview=interview,
        element=element,
        mark=mark,
        comment=comment.strip(),
        justification=justification.strip(),
        version=rating.version,
    )
    try:
        mark_value = Mark(mark) if mark else None
    except ValueError:
        return RatingOutcome(
            wanted, saved=False, problem=f"Cotation « {mark} » inconnue : 1, 2, 3, 4, *, NC ou RI."
        )
    problem = mark_problem(
        mark_value,
        imperative=element.criterion.imperative,
        method=Method(interview.method),
        justification=justification,
    )
    if problem:
        return RatingOutcome(wanted, saved=False, problem=problem)
    if rating.version != expected_version:
        return RatingOutcome(wanted, saved=False, conflict=rating)
    before = {"mark": rating.mark, "comment": rating.comment, "justification": rating.justification}
    rating.mark, rating.comment, rating.justification = wanted.mark, wanted.comment, wanted.justification
    if mark_value is not Mark.NC:
        rating.justification = ""
    after = {"mark": rating.mark, "comment": rating.comment, "justification": rating.justification}
    if before == after:
        return RatingOutcome(rating, saved=False)
    rating.version += 1
    rating.updated_by = actor
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # someone created it between our read and our write
        return RatingOutcome(
            wanted, saved=False, conflict=Rating.objects.get(interview=interview, element=element)
        )
    CampaignSummary.objects.filter(campaign=campaign).update(stale=True)
    record(
        action="rating.saved",
        target=rating,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]}
        | {"campaign": campaign.pk, "element": f"{element.criterion.code} E.E. {element.rank}"},
    )
    return RatingOutcome(rating, saved=True)
