"""Reporting a signal (any member of staff), assessing it, noting its transmission to the
authorities, deciding actions and closing it (the people the organisation names), and the
organisation's setting of who they are. Each service: keyword-only arguments, a typed actor, one
transaction, the permission checked again, one entry in the journal of changes (which never holds
what the signal says)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, STAFF, require_role
from ouvrage.actions.models import Action
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.establishments.models import Establishment
from ouvrage.safeguarding import rules
from ouvrage.safeguarding.models import Access, Signal, SignalStatus
from ouvrage.safeguarding.selectors import may_handle

TO_REPORT = "de signaler une situation de maltraitance"
TO_SET = "de choisir qui traite les signalements"
REPORTED_FIELDS = (
    "occurred_on",
    "place",
    "person_code",
    "nature",
    "reporter_role",
    "what",
    "immediate_measures",
    "from_event",
)
CLOSED = "Ce signalement est clos."


def _check_person_code(code: str) -> str:
    code = code.strip()
    if code and not is_person_code(code):
        raise ValidationError({"person_code": PERSON_CODE_PROBLEM})
    return code


@transaction.atomic
def report_signal(*, establishment: Establishment, actor: User, data: dict[str, Any]) -> Signal:
    """Any member of staff reports a situation; they see nothing of it afterwards."""
    require_role(actor, STAFF, to=TO_REPORT, organisation_id=establishment.organisation_id)
    values = {f: data[f] for f in REPORTED_FIELDS if f in data and data[f] is not None}
    values["person_code"] = _check_person_code(values.get("person_code") or "")
    signal = Signal.objects.create(establishment=establishment, reported_by=actor, **values)
    record(
        action=AuditAction.SIGNAL_REPORTED,
        target=signal,
        actor=actor,
        organisation=establishment.organisation,
        changes={"occurred_on": str(signal.occurred_on)},  # nothing of what it says
    )
    return signal


def _handle(actor: User, signal: Signal) -> Signal:
    """The stored signal, locked, for a person the organisation names (403 for anyone else: the
    views have already answered 404)."""
    if actor.organisation_id != signal.establishment.organisation_id or not may_handle(actor):
        raise PermissionDenied("Votre rôle ne permet pas de traiter les signalements de maltraitance.")
    stored = Signal.objects.select_for_update().get(pk=signal.pk)
    if stored.status == SignalStatus.CLOSED:
        raise ValidationError(CLOSED)
    return stored


@transaction.atomic
def assess_signal(
    *, signal: Signal, actor: User, assessment: str, decisions: str, authorities_concerned: bool
) -> Signal:
    stored = _handle(actor, signal)
    stored.assessment = assessment
    stored.decisions = decisions
    stored.authorities_concerned = authorities_concerned
    stored.status = SignalStatus.ASSESSED
    stored.assessed_at = stored.assessed_at or timezone.now()
    stored.save(update_fields=["assessment", "decisions", "authorities_concerned", "status", "assessed_at"])
    record(
        action=AuditAction.SIGNAL_ASSESSED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"status": stored.status, "authorities_concerned": authorities_concerned},
    )
    return stored


@transaction.atomic
def note_authorities(*, signal: Signal, actor: User, reported_on: date) -> Signal:
    stored = _handle(actor, signal)
    if reported_on > timezone.localdate() or reported_on < stored.occurred_on:
        raise ValidationError(
            {"reported_on": "La date de transmission est entre la date des faits et aujourd'hui."}
        )
    stored.authorities_reported_on = reported_on
    stored.authorities_concerned = True
    stored.save(update_fields=["authorities_reported_on", "authorities_concerned"])
    record(
        action=AuditAction.SIGNAL_AUTHORITIES,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"authorities_reported_on": str(reported_on)},
    )
    return stored


@transaction.atomic
def decide_action(*, signal: Signal, actor: User, data: dict[str, Any]) -> Action:
    """An action of the plan decided after the signal (its description names the signal's number,
    nothing of its content: the plan is read by every member of staff)."""
    stored = _handle(actor, signal)
    action = create_action(
        establishment=stored.establishment,
        actor=actor,
        data={**data, "description": "Décidée après un signalement de maltraitance."},
        criteria=[],
        origin="safeguarding",
        source={"from_signal": stored.pk, "title": data["title"]},
    )
    stored.actions.add(action)
    record(
        action=AuditAction.SIGNAL_ACTION_DECIDED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"action": action.pk},
    )
    return action


@transaction.atomic
def close_signal(*, signal: Signal, actor: User, closing_note: str) -> Signal:
    stored = _handle(actor, signal)
    if stored.status != SignalStatus.ASSESSED:
        raise ValidationError("Évaluez la situation avant de clore le signalement.")
    stored.closing_note = closing_note
    stored.status = SignalStatus.CLOSED
    stored.closed_at = timezone.now()
    stored.save(update_fields=["closing_note", "status", "closed_at"])
    record(
        action=AuditAction.SIGNAL_CLOSED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"status": stored.status},
    )
    return stored


@transaction.atomic
def set_access(*, organisation_id: int, actor: User, roles: list[str], people: list[User]) -> Access:
    """The organisation's administrator names the roles and the people who see and handle signals."""
    require_role(actor, ACCOUNT_MANAGERS, to=TO_SET, organisation_id=organisation_id)
    unknown = set(roles) - set(rules.NAMEABLE_ROLES)
    if unknown:
        raise ValidationError({"roles": "Rôle inconnu."})
    if any(p.organisation_id != organisation_id or p.role == "evaluator" for p in people):
        raise ValidationError({"people": "Personne inconnue dans l'organisme."})
    if not roles and not people:
        raise ValidationError(
            "Nommez au moins un rôle ou une personne : les signalements doivent être traités."
        )
    access, _ = Access.objects.select_for_update().get_or_create(organisation_id=organisation_id)
    access.roles = sorted(roles)
    access.save(update_fields=["roles", "updated_at"])
    access.people.set(people)
    record(
        action=AuditAction.SIGNAL_ACCESS_CHANGED,
        target=access,
        actor=actor,
        organisation=actor.organisation,
        changes={"roles": sorted(roles), "people": sorted(p.pk for p in people)},
    )
    return access
