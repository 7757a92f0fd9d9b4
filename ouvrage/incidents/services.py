"""Declaring, qualifying, analysing and closing adverse events; deciding actions; recording a CREX.
Each service: keyword-only arguments, a typed actor, one transaction, the role checked again, one
entry in the journal of changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, require_role
from ouvrage.actions.models import Action
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.core.formatting import long_date
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion
from ouvrage.incidents.models import AdverseEvent, CauseCategory, Crex, CrexRole, EventStatus
from ouvrage.incidents.rules import scales

TO_DECLARE = "de déclarer un événement indésirable"
TO_TREAT = "de traiter les événements indésirables"
DECLARED_FIELDS = (
    "occurred_on",
    "occurred_at",
    "place",
    "category",
    "what",
    "person_code",
    "immediate_measures",
)


def _check_person_code(code: str) -> str:
    code = code.strip()
    if code and not is_person_code(code):
        raise ValidationError({"person_code": PERSON_CODE_PROBLEM})
    return code


@transaction.atomic
def declare_event(
    *, establishment: Establishment, actor: User, data: dict[str, Any], anonymous: bool
) -> AdverseEvent:
    """Declare an event. When `anonymous`, neither the event nor the journal keeps who declared it."""
    require_role(actor, CONTRIBUTORS, to=TO_DECLARE, organisation_id=establishment.organisation_id)
    values = {f: data[f] for f in DECLARED_FIELDS if f in data}
    values["person_code"] = _check_person_code(values.get("person_code") or "")
    event = AdverseEvent.objects.create(
        establishment=establishment, declarant=None if anonymous else actor, **values
    )
    record(
        action=AuditAction.ADVERSE_EVENT_DECLARED,
        target=event,
        actor=None if anonymous else actor,
        actor_label="anonyme" if anonymous else "",
        organisation=establishment.organisation,
        changes={"category": event.category, "occurred_on": str(event.occurred_on), "place": event.place},
    )
    return event


def _treat(actor: User, event: AdverseEvent) -> AdverseEvent:
    require_role(actor, EDITORS, to=TO_TREAT, organisation_id=event.establishment.organisation_id)
    return AdverseEvent.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def qualify_event(
    *, event: AdverseEvent, actor: User, qualification: str, severity: int, frequency: int
) -> AdverseEvent:
    stored = _treat(actor, event)
    levels = scales()
    if severity not in {s.level for s in levels.severity} or frequency not in {
        f.level for f in levels.frequency
    }:
        raise ValidationError("Choisissez une gravité et une fréquence de l'échelle.")
    stored.qualification, stored.severity, stored.frequency = qualification, severity, frequency
    stored.qualified_at = stored.qualified_at or timezone.now()
    if stored.status == EventStatus.DECLARED:
        stored.status = EventStatus.QUALIFIED
    stored.save()
    record(
        action=AuditAction.ADVERSE_EVENT_QUALIFIED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"qualification": qualification, "severity": severity, "frequency": frequency},
    )
    return stored


@transaction.atomic
def analyse_event(*, event: AdverseEvent, actor: User, causes: dict[str, str], analysis: str) -> AdverseEvent:
    """The analysis by the categories of the ALARM frame, with a free text per category."""
    stored = _treat(actor, event)
    if not stored.qualification:
        raise ValidationError("Qualifiez l'événement avant de l'analyser.")
    known = set(CauseCategory.values)
    stored.causes = {k: v.strip() for k, v in causes.items() if k in known and v.strip()}
    stored.analysis = analysis.strip()
    if not stored.causes and not stored.analysis:
        raise ValidationError("Écrivez au moins une cause ou la synthèse de l'analyse.")
    stored.analysed_at = stored.analysed_at or timezone.now()
    if stored.status in (EventStatus.DECLARED, EventStatus.QUALIFIED):
        stored.status = EventStatus.ANALYSED
    stored.save()
    record(
        action=AuditAction.ADVERSE_EVENT_ANALYSED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"causes": sorted(stored.causes), "analysis": stored.analysis[:500]},
    )
    return stored


@transaction.atomic
def decide_action(
    *, event: AdverseEvent, actor: User, data: dict[str, Any], criteria: list[Criterion]
) -> Action:
    """An action of the plan decided after the event, linked to it."""
    stored = _treat(actor, event)
    description = data.get("description") or ""
    data = {
        **data,
        "description": (
            f"Après l'événement indésirable {stored.number} du {long_date(stored.occurred_on)}."
            + (f"\n{description}" if description else "")
        ),
    }
    action = create_action(
        establishment=stored.establishment,
        actor=actor,
        data=data,
        criteria=criteria,
        origin="adverse_event",
        source={"from_adverse_event": stored.pk, "title": data["title"]},
    )
    stored.actions.add(action)
    record(
        action=AuditAction.ADVERSE_EVENT_ACTION_DECIDED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"action": action.pk, "title": action.title},
    )
    return action


@transaction.atomic
def note_authorities_declared(*, event: AdverseEvent, actor: User, declared_on: date) -> AdverseEvent:
    stored = _treat(actor, event)
    if declared_on < stored.occurred_on:
        raise ValidationError("La déclaration ne peut précéder l'événement.")
    stored.authorities_declared_on = declared_on
    stored.save(update_fields=["authorities_declared_on"])
    record(
        action=AuditAction.ADVERSE_EVENT_AUTHORITIES,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"declared_on": str(declared_on)},
    )
    return stored


@transaction.atomic
def close_event(*, event: AdverseEvent, actor: User, feedback: str) -> AdverseEvent:
    """Close the event with a feedback note to the declarant (shown on the register)."""
    stored = _treat(actor, event)
    if not feedback.strip():
        raise ValidationError("Écrivez le retour fait au déclarant.")
    if not stored.qualification:
        raise ValidationError("Qualifiez l'événement avant de le clore.")
    stored.feedback = feedback.strip()
    stored.status = EventStatus.CLOSED
    stored.closed_at = timezone.now()
    stored.save()
    record(
        action=AuditAction.ADVERSE_EVENT_CLOSED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"feedback": stored.feedback[:500]},
    )
    return stored


@transaction.atomic
def record_crex(
    *,
    establishment: Establishment,
    actor: User,
    held_on: date,
    events: list[AdverseEvent],
    participants: dict[str, int],
    decisions: str,
    action_titles: list[str],
) -> Crex:
    """A CREX meeting: the events reviewed (the establishment's), who took part by role (counts),
    the decisions, each decision line given as an action becoming an action of the plan."""
    require_role(actor, EDITORS, to=TO_TREAT, organisation_id=establishment.organisation_id)
    if any(e.establishment_id != establishment.pk for e in events):
        raise ValidationError("Un événement d'un autre établissement ne peut être revu ici.")
    known = set(CrexRole.values)
    crex = Crex.objects.create(
        establishment=establishment,
        held_on=held_on,
        participants={k: int(v) for k, v in participants.items() if k in known and int(v) > 0},
        decisions=decisions.strip(),
        created_by=actor,
    )
    crex.events.set(events)
    actions = [
        create_action(
            establishment=establishment,
            actor=actor,
            data={"title": title[:300], "description": f"Décidée au CREX du {long_date(held_on)}."},
            criteria=[],
            origin="crex",
            source={"from_crex": crex.pk, "title": title[:300]},
        )
        for title in action_titles
        if title.strip()
    ]
    crex.actions.set(actions)
    record(
        action=AuditAction.CREX_RECORDED,
        target=crex,
        actor=actor,
        organisation=establishment.organisation,
        changes={
            "held_on": str(held_on),
            "events": [e.pk for e in events],
            "participants": crex.participants,
            "actions": [a.pk for a in actions],
        },
    )
    return crex
