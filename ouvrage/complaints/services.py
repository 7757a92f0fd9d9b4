"""Writing the complaints register: recording (staff, or a person through the public link),
acknowledging, answering, closing, linking actions of the plan; the public link and the deadlines."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, require_role
from ouvrage.actions.models import Action
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.complaints import rules
from ouvrage.complaints.models import (
    Complaint,
    ComplaintDeadlines,
    ComplaintLink,
    From,
    Kind,
    State,
)
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.public_links import set_public_link
from ouvrage.frames.models import Criterion
from ouvrage.organisations.models import Organisation
from ouvrage.surveys.abuse import judge

TO_RECORD = "d'enregistrer une réclamation"
TO_HANDLE = "de traiter les réclamations"


class ComplaintRefused(Exception):
    """What a person sent cannot be recorded; `message` says why, in French."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def deadlines_of(organisation: Organisation) -> tuple[int, int]:
    """(acknowledge, answer) days: the organisation's own, or register.toml's defaults."""
    own = ComplaintDeadlines.objects.filter(organisation=organisation).first()
    if own is not None:
        return own.acknowledge_days, own.answer_days
    defaults = rules.lists()
    return defaults.acknowledge_days, defaults.answer_days


def _check(*, channel: str, theme: str, person_code: str) -> None:
    listed = rules.lists()
    if channel not in listed.channels:
        raise ComplaintRefused("Choisissez un canal de la liste.", "channel")
    if theme and theme not in listed.themes:
        raise ComplaintRefused("Choisissez un thème de la liste.", "theme")
    if person_code and not is_person_code(person_code):
        raise ComplaintRefused(PERSON_CODE_PROBLEM, "person_code")


def _new(*, establishment: Establishment, received_on: date, **fields: object) -> Complaint:
    ack_days, answer_days = deadlines_of(establishment.organisation)
    ack_due, answer_due = rules.due_dates(received_on, acknowledge_days=ack_days, answer_days=answer_days)
    return Complaint.objects.create(
        establishment=establishment,
        received_on=received_on,
        acknowledge_due=ack_due,
        answer_due=answer_due,
        **fields,
    )


@transaction.atomic
def record_complaint(
    *,
    establishment: Establishment,
    actor: User,
    kind: str,
    channel: str,
    theme: str,
    received_on: date,
    from_whom: str,
    person_code: str,
    subject: str,
    description: str,
) -> Complaint:
    """A complaint received by any channel, recorded by a member of staff."""
    require_role(actor, CONTRIBUTORS, to=TO_RECORD, organisation_id=establishment.organisation_id)
    _check(channel=channel, theme=theme, person_code=person_code)
    if received_on > timezone.localdate():
        raise ComplaintRefused("Une réclamation ne peut être reçue dans le futur.", "received_on")
    complaint = _new(
        establishment=establishment,
        received_on=received_on,
        kind=kind,
        channel=channel,
        theme=theme,
        from_whom=from_whom,
        person_code=person_code,
        subject=subject,
        description=description,
        recorded_by=actor,
    )
    record(
        action=AuditAction.COMPLAINT_RECORDED,
        target=complaint,
        actor=actor,
        organisation=establishment.organisation,
        changes={"canal": complaint.channel_label, "reçue le": received_on.isoformat()},
    )
    return complaint


REFUSED_BURST = (
    "Beaucoup de messages sont déjà arrivés d'ici en une heure : le vôtre n'a pas été enregistré. "
    "Réessayez plus tard, ou parlez-en à l'équipe."
)


@transaction.atomic
def file_complaint(
    *, link: ComplaintLink, from_whom: str, description: str, submission: str, source: str = ""
) -> Complaint:
    """A complaint sent by a person through the establishment's public link, without an account.
    The same `submission` (the form's token) sent twice gives back the first complaint; what one
    address sends is limited, a burst flagged (surveys/abuse.py, the questionnaires' rule)."""
    ComplaintLink.objects.select_for_update().filter(pk=link.pk).first()  # one at a time
    if submission:
        already = Complaint.objects.filter(
            submission=submission, establishment_id=link.establishment_id
        ).first()
        if already is not None:
            return already
    now = timezone.now()
    earlier = (
        list(
            Complaint.objects.filter(
                establishment_id=link.establishment_id,
                source=source,
                created_at__gte=now - timedelta(hours=1),
            ).values_list("created_at", flat=True)
        )
        if source
        else []
    )
    verdict = judge(earlier, now, shared_device=False)
    if not verdict.accepted:
        raise ComplaintRefused(REFUSED_BURST)
    establishment = link.establishment
    text = description.strip()
    first_line = text.splitlines()[0] if text else ""
    complaint = _new(
        establishment=establishment,
        received_on=timezone.localdate(),
        kind=Kind.CLAIM,
        channel="public_link",
        from_whom=from_whom if from_whom in From.values else From.UNSAID,
        subject=(first_line[:120] + "…") if len(first_line) > 120 else first_line,
        description=text,
        submission=submission or None,
        source=source,
        flagged=verdict.flagged,
    )
    record(
        action=AuditAction.COMPLAINT_FILED,
        target=complaint,
        actor=None,
        actor_label="par le lien public",
        organisation=establishment.organisation,
        changes={"en rafale": "oui"} if verdict.flagged else {},
    )
    return complaint


def _handle(complaint: Complaint, actor: User) -> Complaint:
    require_role(actor, EDITORS, to=TO_HANDLE, organisation_id=complaint.establishment.organisation_id)
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def qualify(
    *, complaint: Complaint, actor: User, kind: str, theme: str, person_code: str, subject: str
) -> Complaint:
    """Editors say what a complaint is about (a complaint sent through the public link arrives
    without a theme, its subject taken from its first line)."""
    stored = _handle(complaint, actor)
    _check(channel=stored.channel, theme=theme, person_code=person_code)
    if kind not in Kind.values:
        raise ComplaintRefused("Choisissez réclamation ou plainte.", "kind")
    fields = {"kind": kind, "theme": theme, "person_code": person_code, "subject": subject}
    changed = {
        name: [getattr(stored, name), value]
        for name, value in fields.items()
        if getattr(stored, name) != value
    }
    if not changed:
        return stored
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.save(update_fields=list(fields))
    labels = {"kind": "nature", "theme": "thème", "person_code": "code de la personne", "subject": "objet"}
    record(
        action=AuditAction.COMPLAINT_QUALIFIED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={labels[name]: values for name, values in changed.items()},
    )
    return stored


@transaction.atomic
def acknowledge(*, complaint: Complaint, actor: User, on: date) -> Complaint:
    stored = _handle(complaint, actor)
    if stored.state != State.RECEIVED:
        raise ComplaintRefused("Cette réclamation a déjà reçu un accusé de réception ou une réponse.")
    if on < stored.received_on:
        raise ComplaintRefused("L'accusé de réception ne peut précéder la réception.", "on")
    stored.acknowledged_on = on
    stored.state = State.ACKNOWLEDGED
    stored.save(update_fields=["acknowledged_on", "state"])
    record(
        action=AuditAction.COMPLAINT_ACKNOWLEDGED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"le": on.isoformat()},
    )
    return stored


@transaction.atomic
def answer(
    *, complaint: Complaint, actor: User, on: date, text: str, for_person: str, what_changed: str
) -> Complaint:
    """The answer given (and the easy-to-read one the follow-up link shows), and what changed. An
    answer may be corrected later; the journal keeps each version's date."""
    stored = _handle(complaint, actor)
    if stored.state == State.CLOSED:
        raise ComplaintRefused("Cette réclamation est close : sa réponse ne change plus.")
    if on < stored.received_on:
        raise ComplaintRefused("La réponse ne peut précéder la réception.", "on")
    before = {"réponse le": stored.answered_on.isoformat() if stored.answered_on else ""}
    stored.answered_on = on
    stored.answer = text
    stored.answer_for_person = for_person
    stored.what_changed = what_changed
    stored.state = State.ANSWERED
    stored.save(update_fields=["answered_on", "answer", "answer_for_person", "what_changed", "state"])
    record(
        action=AuditAction.COMPLAINT_ANSWERED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={**before, "le": on.isoformat(), "ce qui a changé": what_changed[:300]},
    )
    return stored


@transaction.atomic
def close(*, complaint: Complaint, actor: User, on: date) -> Complaint:
    stored = _handle(complaint, actor)
    if stored.state == State.CLOSED:
        return stored
    stored.closed_on = on
    stored.state = State.CLOSED
    stored.save(update_fields=["closed_on", "state"])
    record(
        action=AuditAction.COMPLAINT_CLOSED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"le": on.isoformat(), "sans réponse": "oui" if stored.answered_on is None else "non"},
    )
    return stored


@transaction.atomic
def link_action(*, complaint: Complaint, actor: User, action: Action) -> None:
    """An action of the plan answers this complaint (same establishment only)."""
    _handle(complaint, actor)
    if action.establishment_id != complaint.establishment_id:
        raise ComplaintRefused("Cette action n'est pas celle de l'établissement.", "action")
    complaint.actions.add(action)
    record(
        action=AuditAction.COMPLAINT_ACTION_LINKED,
        target=complaint,
        actor=actor,
        organisation=complaint.establishment.organisation,
        changes={"action": action.title[:200]},
    )


@transaction.atomic
def new_action(*, complaint: Complaint, actor: User, title: str, criteria: list[Criterion]) -> Action:
    """A new action of the plan, decided after this complaint, and linked to it."""
    _handle(complaint, actor)
    action = create_action(
        establishment=complaint.establishment,
        actor=actor,
        data={
            "title": title,
            "description": f"Suite à la réclamation {complaint.reference} : {complaint.subject}",
        },
        criteria=criteria,
        origin="complaint",
        source={"depuis la réclamation": complaint.reference},
    )
    complaint.actions.add(action)
    record(
        action=AuditAction.COMPLAINT_ACTION_LINKED,
        target=complaint,
        actor=actor,
        organisation=complaint.establishment.organisation,
        changes={"action": action.title[:200]},
    )
    return action


def set_link(*, establishment: Establishment, actor: User, open_: bool, renew: bool = False) -> ComplaintLink:
    """Open (creating it the first time), close or renew the establishment's public link."""
    link: ComplaintLink = set_public_link(
        ComplaintLink,
        establishment=establishment,
        actor=actor,
        open_=open_,
        renew=renew,
        to="de changer le lien public des réclamations",
        action=AuditAction.COMPLAINT_LINK_CHANGED,
    )
    return link


@transaction.atomic
def set_deadlines(
    *, organisation: Organisation, actor: User, acknowledge_days: int, answer_days: int
) -> None:
    """The organisation's own deadlines, for the complaints received from now on."""
    require_role(actor, EDITORS, to="de changer les délais des réclamations", organisation_id=organisation.pk)
    if not 1 <= acknowledge_days <= answer_days <= 365:
        raise ComplaintRefused(
            "Les délais vont de 1 à 365 jours, l'accusé de réception avant la réponse.", "answer_days"
        )
    before = deadlines_of(organisation)
    ComplaintDeadlines.objects.update_or_create(
        organisation=organisation,
        defaults={"acknowledge_days": acknowledge_days, "answer_days": answer_days},
    )
    record(
        action=AuditAction.COMPLAINT_DEADLINES_CHANGED,
        target=organisation,
        actor=actor,
        organisation=organisation,
        changes={"accusé de réception": [before[0], acknowledge_days], "réponse": [before[1], answer_days]},
    )
