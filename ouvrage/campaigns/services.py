"""Writing campaigns: create, plan interviews, rate, import a filled grid file. Each function checks
who acts, runs in one transaction, records the change and keeps the campaign's stored summary current
(pages that list many campaigns read it; no page writes it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.accounts.permissions import EDITORS, PLANNERS, RATERS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import diff, record
from ouvrage.campaigns.figures import applicable_facts, campaign_figures, campaign_inputs
from ouvrage.campaigns.lifecycle import (
    MOVES,
    State,
    Transition,
    closing_problem,
    editing_problem,
    ensure_editable,
    move_problem,
)
from ouvrage.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignSummary,
    Interview,
    Person,
    Rating,
    RatingReceipt,
)
from ouvrage.campaigns.rules import default_title, mark_problem, title_problem, visit_problems
from ouvrage.campaigns.selectors import summary_basis, summary_values
from ouvrage.core.failpoints import failpoint
from ouvrage.establishments.models import Establishment
from ouvrage.frames.domain import Method
from ouvrage.frames.models import Element, FrameVersion
from ouvrage.frames.scoring import AnswerStyle, Mark


def conducts(evaluator: User, campaign: Campaign) -> bool:
    """Whether this external evaluator conducts this (external) evaluation."""
    return campaign.kind == CampaignKind.EXTERNAL and evaluator.campaigns.filter(pk=campaign.pk).exists()


def refresh_summary(campaign: Campaign) -> CampaignSummary:
    """Recompute and store the campaign's summary (called by every service that changes its figures)."""
    values = {**summary_values(*campaign_figures(campaign)), "basis": summary_basis(campaign), "stale": False}
    # One statement whether the summary exists or not (INSERT … ON CONFLICT DO UPDATE).
    CampaignSummary.objects.bulk_create(
        [CampaignSummary(campaign=campaign, **values)],
        update_conflicts=True,
        unique_fields=["campaign"],
        update_fields=[*values, "computed_at"],
    )
    return CampaignSummary(campaign=campaign, **values)


def _check_frames(organisation_id: int, frame_version: FrameVersion, also: Sequence[FrameVersion]) -> None:
    """The rated frame is answered by cotation, the others by evaluative questions, all of them
    shared or the organisation's own (the frames' data say how they are answered)."""
    usable = FrameVersion.objects.filter(
        Q(frame__organisation__isnull=True) | Q(frame__organisation_id=organisation_id)
    )
    if (
        not usable.filter(pk=frame_version.pk).exists()
        or frame_version.rules.answer_style != AnswerStyle.COTATION
    ):
        raise ValidationError("Ce référentiel ne peut pas être coté dans une évaluation de cet organisme.")
    for version in also:
        if not usable.filter(pk=version.pk).exists() or version.rules.answer_style != AnswerStyle.EVALUATIVE:
            raise ValidationError(
                f"« {version} » n'est pas un cadre de questions évaluatives de cet organisme."
            )


def _checked_details(data: dict[str, Any], *, establishment: Establishment) -> dict[str, Any]:
    """An evaluation's details as the rules want them: an external one has its visit days within its
    own dates and a title that says so; an empty title follows the kind and the year."""
    external = data.get("kind") == CampaignKind.EXTERNAL
    problems: dict[str, str] = {}
    if external:
        problems |= visit_problems(
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            first_day=data.get("visit_starts_on"),
            last_day=data.get("visit_ends_on"),
        )
    else:
        data = {**data, "visit_starts_on": None, "visit_ends_on": None}
    title = (data.get("title") or "").strip()
    wrong_title = title_problem(title, external=external)
    if wrong_title:
        problems["title"] = wrong_title
    if problems:
        raise ValidationError(problems)
    if not title:
        year = data["starts_on"].year if data.get("starts_on") else timezone.localdate().year
        title = default_title(external=external, year=year, establishment=establishment.name)
    return {**data, "title": title}


@transaction.atomic
def create_campaign(
    *,
    establishment: Establishment,
    frame_version: FrameVersion,
    actor: User,
    data: dict[str, Any],
    also: Sequence[FrameVersion] = (),
) -> Campaign:
    """A campaign rating `frame_version` in interview grids; `also` are frames of evaluative
    questions the team answers in the same campaign (its own frame)."""
    require_role(actor, EDITORS, to="de créer une évaluation", organisation_id=establishment.organisation_id)
    _check_frames(establishment.organisation_id, frame_version, also)
    data = _checked_details(data, establishment=establishment)
    campaign = Campaign.objects.create(
        establishment=establishment, frame_version=frame_version, created_by=actor, **data
    )
    campaign.evaluative_versions.set(also)
    refresh_summary(campaign)
    record(
        action=AuditAction.CAMPAIGN_CREATED,
        target=campaign,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()}
        | {"frames": [str(frame_version), *(str(v) for v in also)]},
    )
    return campaign


@transaction.atomic
def evaluate_also(*, campaign: Campaign, version: FrameVersion, actor: User) -> None:
    """The campaign evaluates a frame of evaluative questions too (the establishment's own frame)."""
    require_role(
        actor,
        EDITORS,
        to="de modifier cette évaluation",
        organisation_id=campaign.establishment.organisation_id,
    )
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    _check_frames(campaign.establishment.organisation_id, campaign.frame_version, [version])
    if campaign.evaluative_versions.filter(pk=version.pk).exists():
        return
    campaign.evaluative_versions.add(version)
    record(
        action=AuditAction.CAMPAIGN_FRAMES_CHANGED,
        target=campaign,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={"evaluates_also": str(version)},
    )


@transaction.atomic
def create_person(
    *, establishment: Establishment, actor: User, code: str, attributes: dict[str, str]
) -> Person:
    require_role(
        actor,
        EDITORS,
        to="d'enregistrer une personne accompagnée",
        organisation_id=establishment.organisation_id,
    )
    return _new_person(establishment=establishment, actor=actor, code=code, attributes=attributes)


def _new_person(
    *, establishment: Establishment, actor: User, code: str, attributes: dict[str, str]
) -> Person:
    try:
        with transaction.atomic():
            person = Person.objects.create(establishment=establishment, code=code, attributes=attributes)
    except IntegrityError:  # the same code sent at the same moment by another request
        raise ValidationError(f"Le code « {code} » est déjà enregistré pour cet établissement.") from None
    record(
        action=AuditAction.PERSON_CREATED,
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
    actor: User,
    data: dict[str, Any],
    person_code: str = "",
    person_attributes: dict[str, str] | None = None,
) -> Interview:
    """Plan an interview; for an accompagné traceur, with the person of that code (recorded if new).
    An external evaluator plans the interviews of the external evaluations they conduct."""
    require_role(
        actor,
        PLANNERS,
        to="de planifier un entretien",
        organisation_id=campaign.establishment.organisation_id,
    )
    if actor.role == Role.EVALUATOR and not conducts(actor, campaign):
        raise PermissionDenied(
            "Un évaluateur externe ne planifie que les entretiens des évaluations qu'il conduit."
        )
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    person = None
    if person_code:
        person = Person.objects.filter(establishment=campaign.establishment, code=person_code).first()
        if person is None:
            person = _new_person(
                establishment=campaign.establishment,
                actor=actor,
                code=person_code,
                attributes=person_attributes or {},
            )
    interview = Interview.objects.create(campaign=campaign, person=person, **data)
    refresh_summary(campaign)
    record(
        action=AuditAction.INTERVIEW_PLANNED,
        target=interview,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return interview


TEXT_LIMIT = 5000  # characters of a comment or a justification


@dataclass
class RatingOutcome:
    rating: Rating
    saved: bool
    problem: str = ""  # refused: why, in French
    conflict: Rating | None = None  # someone saved first: their rating as it is now
    replayed: bool = False  # this change had already been applied (same key): nothing was written


def _too_long(comment: str, justification: str) -> str:
    for label, text in (("Le commentaire", comment), ("La justification", justification)):
        if len(text) > TEXT_LIMIT:
            return f"{label} compte {len(text):,} caractères : {TEXT_LIMIT:,} au plus.".replace(",", "\u202f")
    return ""


@transaction.atomic
def rate_element(
    *,
    interview: Interview,
    element: Element,
    actor: User,
    mark: str,
    comment: str,
    justification: str,
    expected_version: int,
    refresh: bool = True,
    key: uuid.UUID | None = None,
) -> RatingOutcome:
    """Save one cotation if the rules allow it and nobody saved it since `expected_version`.
    `key` makes the change idempotent: sent again, it is answered as already saved, never applied
    twice, and only for the person who sent it. `refresh=False` leaves the campaign's summary to the
    caller (an import of many cotations)."""
    campaign = interview.campaign
    require_role(
        actor, RATERS, to="de coter cette grille", organisation_id=campaign.establishment.organisation_id
    )
    if actor.role == Role.EVALUATOR and not conducts(actor, campaign):
        raise PermissionDenied("Un évaluateur externe ne cote que les évaluations externes qu'il conduit.")
    locked = editing_problem(campaign.lifecycle)
    if locked:  # a replay from a device that was offline when the campaign closed lands here
        return RatingOutcome(
            Rating(interview=interview, element=element, mark=mark), saved=False, problem=locked
        )
    if key is not None:
        receipt = RatingReceipt.objects.select_related("rating").filter(key=key).first()
        if receipt is not None:
            if receipt.user_id != actor.pk or receipt.rating.element_id != element.pk:
                raise PermissionDenied("Cette modification a été envoyée par une autre personne.")
            return RatingOutcome(receipt.rating, saved=True, replayed=True)
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
    too_long = _too_long(comment, justification)
    if too_long:
        return RatingOutcome(wanted, saved=False, problem=too_long)
    try:
        mark_value = Mark(mark) if mark else None
    except ValueError:
        return RatingOutcome(
            wanted, saved=False, problem=f"Cotation « {mark} » inconnue : 1, 2, 3, 4, *, NC ou RI."
        )
    problem = mark_problem(
        mark_value,
        imperative=campaign.imperative(element.criterion),
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
        return RatingOutcome(rating, saved=bool(key and rating.pk))
    if campaign.lifecycle is State.PREPARATION:
        start_campaign(campaign=campaign, actor=actor, first_cotation=True)
    rating.version += 1
    rating.updated_by = actor
    try:
        with transaction.atomic():
            rating.save()
            if key is not None:
                RatingReceipt.objects.create(key=key, rating=rating, user=actor, version=rating.version)
    except IntegrityError:  # the rating or the key was written between our read and our write
        if key is not None and RatingReceipt.objects.filter(key=key, user=actor).exists():
            return RatingOutcome(
                Rating.objects.get(interview=interview, element=element), saved=True, replayed=True
            )
        return RatingOutcome(
            wanted, saved=False, conflict=Rating.objects.get(interview=interview, element=element)
        )
    if refresh:
        refresh_summary(campaign)
    record(
        action=AuditAction.RATING_SAVED,
        target=rating,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]}
        | {"campaign": campaign.pk, "element": f"{element.criterion.code} E.E. {element.rank}"},
    )
    return RatingOutcome(rating, saved=True)


class ImportRefused(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class GridChange:
    """One cotation read from a filled grid file, with the version it was exported at."""

    interview: Interview
    element: Element
    mark: str
    comment: str
    justification: str
    version: int
    where: str  # sheet and cell, in French


@transaction.atomic
def import_grid_changes(*, campaign: Campaign, actor: User, changes: Sequence[GridChange]) -> int:
    """Apply the checked changes of a grid file, all or nothing: if one cotation was saved in the
    application meanwhile or is refused, nothing is written."""
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    refused = []
    for change in changes:
        outcome = rate_element(
            interview=change.interview,
            element=change.element,
            actor=actor,
            mark=change.mark,
            comment=change.comment,
            justification=change.justification,
            expected_version=change.version,
            refresh=False,
        )
        if outcome.conflict is not None:
            refused.append(f"{change.where} : modifiée dans Ouvrage pendant l'import")
        elif outcome.problem:
            refused.append(f"{change.where} : {outcome.problem}")
    if refused:
        transaction.set_rollback(True)
        raise ImportRefused(refused)
    refresh_summary(campaign)
    failpoint("grid_import.before_commit")
    record(
        action=AuditAction.GRID_IMPORTED,
        target=campaign,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={"cotations": len(changes)},
    )
    return len(changes)


# The life of an evaluation -------------------------------------------------------------------------


def _move(
    campaign: Campaign,
    transition: Transition,
    *,
    actor: User,
    grades: int = 0,
    reason: str = "",
    roles: frozenset[str] = EDITORS,
) -> State:
    """Check who acts and whether the move is allowed; the state it leads to (deleted: unchanged)."""
    require_role(
        actor,
        roles,
        to="de faire avancer cette évaluation",
        organisation_id=campaign.establishment.organisation_id,
    )
    problem = move_problem(transition, campaign.lifecycle, grades=grades, reason=reason)
    if problem:
        raise ValidationError(problem)
    return MOVES[transition][1] or campaign.lifecycle


def _locked(campaign: Campaign) -> Campaign:
    """The campaign row, locked for the rest of the transaction (two people closing at once)."""
    return (
        Campaign.objects.select_for_update()
        .select_related("establishment__organisation", "frame_version")
        .get(pk=campaign.pk)
    )


@transaction.atomic
def start_campaign(*, campaign: Campaign, actor: User, first_cotation: bool = False) -> Campaign:
    """Fix what applies: the profile of the establishment today and the criteria and impératifs of
    the frame version that apply to it. A later change of either never changes this campaign. An
    editor starts it, or the first cotation does (then whoever may rate)."""
    current = _locked(campaign)
    if first_cotation and current.lifecycle is not State.PREPARATION:  # two first cotations at once
        _copy_life(current, campaign)
        return campaign
    state = _move(current, Transition.START, actor=actor, roles=RATERS if first_cotation else EDITORS)
    profile = current.establishment.profile
    facts = applicable_facts(current)
    values = {
        "state": state,
        "frozen_profile": {
            "sector": profile.sector.value,
            "kind": profile.kind.value,
            "publics": sorted(p.value for p in profile.publics),
        },
        "frozen_criteria": [f.pk for f in facts],
        "frozen_imperatives": [f.pk for f in facts if f.imperative],
        "started_at": timezone.now(),
    }
    _store(campaign, values)
    _recorded(
        campaign,
        AuditAction.CAMPAIGN_STARTED,
        actor,
        {
            "profil": profile.describe(),
            "critères applicables": len(facts),
            "impératifs applicables": sum(1 for f in facts if f.imperative),
        },
    )
    return campaign


def _recorded(
    campaign: Campaign, action: AuditAction, actor: User, changes: dict[str, Any] | None = None
) -> None:
    record(
        action=action,
        target=campaign,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes=changes,
    )


def _store(campaign: Campaign, values: dict[str, Any]) -> None:
    """Write these fields of the campaign (one UPDATE) and keep the instance in step."""
    Campaign.objects.filter(pk=campaign.pk).update(**values)
    for field, value in values.items():
        setattr(campaign, field, value)


def _copy_life(source: Campaign, target: Campaign) -> None:
    for field in ("state", "frozen_profile", "frozen_criteria", "frozen_imperatives", "started_at"):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def close_campaign(*, campaign: Campaign, actor: User, statement: str = "") -> Campaign:
    """Validate the evaluation: complete, or with what is missing acknowledged in writing. It is
    read-only from then on."""
    current = _locked(campaign)
    state = _move(current, Transition.CLOSE, actor=actor)
    completeness = campaign_inputs(current).completeness
    problem = closing_problem(completeness, statement)
    if problem:
        raise ValidationError(problem)
    values = {
        "state": state,
        "closed_at": timezone.now(),
        "closed_by": actor,
        "closing_statement": statement.strip() if not completeness.complete else "",
        "closing_completeness": {
            "rated": completeness.rated,
            "expected": completeness.expected,
            "uncovered": completeness.uncovered,
        },
    }
    _store(campaign, values)
    refresh_summary(campaign)
    _recorded(
        campaign,
        AuditAction.CAMPAIGN_CLOSED,
        actor,
        {"complétude": completeness.describe(), "ce qui manque": values["closing_statement"]},
    )
    return campaign


@transaction.atomic
def reopen_campaign(*, campaign: Campaign, actor: User, reason: str) -> Campaign:
    """A closed evaluation is corrected only after saying why (kept in the journal)."""
    current = _locked(campaign)
    state = _move(current, Transition.REOPEN, actor=actor, reason=reason)
    closed = {"le": str(current.closed_at), "par": str(current.closed_by or "")}
    values: dict[str, Any] = {
        "state": state,
        "closed_at": None,
        "closed_by": None,
        "closing_statement": "",
        "closing_completeness": None,
    }
    _store(campaign, values)
    _recorded(campaign, AuditAction.CAMPAIGN_REOPENED, actor, {"raison": reason.strip(), "clôturée": closed})
    return campaign


@transaction.atomic
def archive_campaign(*, campaign: Campaign, actor: User) -> Campaign:
    current = _locked(campaign)
    _store(campaign, {"state": _move(current, Transition.ARCHIVE, actor=actor)})
    _recorded(campaign, AuditAction.CAMPAIGN_ARCHIVED, actor)
    return campaign


def grades_of(campaign: Campaign) -> int:
    """Cotations and evaluative answers given in the campaign: work that deleting would lose."""
    return (
        Rating.objects.filter(interview__campaign=campaign).exclude(mark="").count()
        + campaign.evaluative_answers.count()
    )


@transaction.atomic
def abandon_campaign(*, campaign: Campaign, actor: User, reason: str) -> Campaign:
    """Stop an evaluation that will not be finished; it stays readable, with the reason."""
    current = _locked(campaign)
    campaign.state = _move(current, Transition.ABANDON, actor=actor, reason=reason)
    campaign.abandon_reason = reason.strip()
    Campaign.objects.filter(pk=campaign.pk).update(
        state=campaign.state, abandon_reason=campaign.abandon_reason
    )
    refresh_summary(campaign)
    _recorded(campaign, AuditAction.CAMPAIGN_ABANDONED, actor, {"raison": campaign.abandon_reason})
    return campaign


@transaction.atomic
def delete_campaign(*, campaign: Campaign, actor: User) -> None:
    """Delete an evaluation still in preparation that holds no cotation (planned interviews go too)."""
    current = _locked(campaign)
    _move(current, Transition.DELETE, actor=actor, grades=grades_of(current))
    _recorded(
        campaign,
        AuditAction.CAMPAIGN_DELETED,
        actor,
        {
            "intitulé": campaign.title,
            "établissement": str(campaign.establishment),
            "entretiens planifiés": campaign.interviews.count(),
        },
    )
    current.delete()


@transaction.atomic
def update_campaign(*, campaign: Campaign, actor: User, data: dict[str, Any]) -> Campaign:
    """Change an evaluation's details (title, dates, evaluating body) while it is open."""
    require_role(
        actor,
        EDITORS,
        to="de modifier cette évaluation",
        organisation_id=campaign.establishment.organisation_id,
    )
    current = _locked(campaign)
    ensure_editable(current.lifecycle, campaign_pk=campaign.pk)
    data = _checked_details({"kind": current.kind, **data}, establishment=current.establishment)
    before = {k: getattr(current, k) for k in data}
    _store(campaign, data)
    _recorded(campaign, AuditAction.CAMPAIGN_UPDATED, actor, diff(before, data))
    return campaign


def apply_move(*, campaign: Campaign, actor: User, transition: Transition, text: str = "") -> None:
    """One step of the campaign's life; `text` is the closing statement or the reason it needs."""
    if transition is Transition.START:
        start_campaign(campaign=campaign, actor=actor)
    elif transition is Transition.CLOSE:
        close_campaign(campaign=campaign, actor=actor, statement=text)
    elif transition is Transition.REOPEN:
        reopen_campaign(campaign=campaign, actor=actor, reason=text)
    elif transition is Transition.ARCHIVE:
        archive_campaign(campaign=campaign, actor=actor)
    elif transition is Transition.ABANDON:
        abandon_campaign(campaign=campaign, actor=actor, reason=text)
    else:
        delete_campaign(campaign=campaign, actor=actor)
