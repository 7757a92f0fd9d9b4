"""Creating a quality document, adding a version (the former ones are kept), confirming one has read
the version in force. Each service: keyword-only arguments, a typed actor, one transaction, the role
checked again, one entry in the journal of changes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.accounts.permissions import EDITORS, STAFF, require_role
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.files import Checked
from ouvrage.organisations.models import Organisation
from ouvrage.qualitydocs.models import (
    Acknowledgement,
    ContactsCheck,
    CrisisExercise,
    CrisisSettings,
    DocumentVersion,
    QualityDocument,
)

TO_EDIT = "de modifier les documents qualité"
TO_READ = "de confirmer la lecture d'un document qualité"
TO_CRISIS = "de tenir le plan de crise"
NOTHING = "Joignez le fichier du document ou écrivez son texte."


def _attach(version: DocumentVersion, upload: UploadedFile | None, checked: Checked | None) -> None:
    if upload is not None and checked is not None:
        version.file_name = (upload.name or "document")[:200]
        version.content_type = checked.content_type
        version.size = upload.size or 0
        version.file.save(checked.extension, upload, save=False)


def _check_readers(establishment: Establishment, roles: Collection[str], readers: Collection[User]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"reader_roles": "Choisissez des rôles de la liste."})
    if any(r.organisation_id != establishment.organisation_id for r in readers):
        raise ValidationError({"readers": "Choisissez des personnes de l'organisme."})


@transaction.atomic
def create_document(
    *,
    establishment: Establishment,
    actor: User,
    kind: str,
    title: str,
    owner: User | None,
    review_on: date | None,
    reader_roles: Collection[str],
    readers: Collection[User],
    effective_on: date,
    text: str = "",
    upload: UploadedFile | None = None,
    checked: Checked | None = None,
) -> QualityDocument:
    """A document and its version 1 (a checked file, or a text)."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    if not text.strip() and upload is None:
        raise ValidationError({"text": NOTHING})
    if owner is not None and owner.organisation_id != establishment.organisation_id:
        raise ValidationError({"owner": "Choisissez une personne de l'organisme."})
    _check_readers(establishment, reader_roles, readers)
    document = QualityDocument.objects.create(
        establishment=establishment,
        kind=kind,
        title=title.strip(),
        owner=owner,
        review_on=review_on,
        reader_roles=sorted(set(reader_roles)),
    )
    document.readers.set(readers)
    version = DocumentVersion(
        document=document, number=1, effective_on=effective_on, text=text.strip(), created_by=actor
    )
    _attach(version, upload, checked)
    version.save()
    record(
        action=AuditAction.QUALITY_DOCUMENT_CREATED,
        target=document,
        actor=actor,
        organisation=establishment.organisation,
        changes={
            "kind": kind,
            "title": document.title,
            "review_on": str(review_on or ""),
            "reader_roles": document.reader_roles,
            "readers": sorted(r.pk for r in readers),
            "file": version.file_name,
        },
    )
    return document


@transaction.atomic
def add_version(
    *,
    document: QualityDocument,
    actor: User,
    effective_on: date,
    note: str,
    review_on: date | None,
    text: str = "",
    upload: UploadedFile | None = None,
    checked: Checked | None = None,
) -> DocumentVersion:
    """A new version in force; the former ones are kept, and their readings with them (the readers of
    the former version are asked to read the new one)."""
    stored = QualityDocument.objects.select_for_update().get(pk=document.pk)
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=stored.establishment.organisation_id)
    if not text.strip() and upload is None:
        raise ValidationError({"text": NOTHING})
    stored.version += 1
    stored.review_on = review_on
    stored.save(update_fields=["version", "review_on"])
    version = DocumentVersion(
        document=stored,
        number=stored.version,
        effective_on=effective_on,
        note=note.strip(),
        text=text.strip(),
        created_by=actor,
    )
    _attach(version, upload, checked)
    version.save()
    record(
        action=AuditAction.QUALITY_DOCUMENT_VERSIONED,
        target=stored,
        actor=actor,
        organisation=stored.establishment.organisation,
        changes={"version": stored.version, "note": version.note[:500], "review_on": str(review_on or "")},
    )
    return version


@transaction.atomic
def acknowledge(*, document: QualityDocument, actor: User, number: int) -> Acknowledgement:
    """« J'ai lu cette version »: of the version in force only; a second click changes nothing."""
    require_role(actor, STAFF, to=TO_READ, organisation_id=document.establishment.organisation_id)
    stored = QualityDocument.objects.select_for_update().get(pk=document.pk)
    if number != stored.version:
        raise ValidationError(
            f"Une version plus récente est en vigueur (version {stored.version}) : lisez celle-ci."
        )
    version = DocumentVersion.objects.get(document=stored, number=number)
    found, created = Acknowledgement.objects.get_or_create(version=version, user=actor)
    if created:
        record(
            action=AuditAction.QUALITY_DOCUMENT_READ,
            target=stored,
            actor=actor,
            organisation=stored.establishment.organisation,
            changes={"version": number},
        )
    return found


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate() or day.year < 2000:
        raise ValidationError({field: "Choisissez une date passée (depuis 2000)."})


@transaction.atomic
def record_exercise(
    *,
    establishment: Establishment,
    actor: User,
    held_on: date,
    scenario: str,
    lessons: str,
    action_title: str = "",
) -> CrisisExercise:
    """An exercise held, its lessons, and an action of the plan decided after it (optional)."""
    require_role(actor, EDITORS, to=TO_CRISIS, organisation_id=establishment.organisation_id)
    _not_future(held_on, "held_on")
    if not scenario.strip():
        raise ValidationError({"scenario": "Décrivez le scénario de l'exercice."})
    exercise = CrisisExercise.objects.create(
        establishment=establishment,
        held_on=held_on,
        scenario=scenario.strip(),
        lessons=lessons.strip(),
        created_by=actor,
    )
    if action_title.strip():
        action = create_action(
            establishment=establishment,
            actor=actor,
            data={
                "title": action_title.strip()[:200],
                "description": f"Après l'exercice de crise du {held_on:%d/%m/%Y} : {exercise.scenario}.",
            },
            criteria=[],
            origin="crisis_exercise",
            source={"from_crisis_exercise": exercise.pk, "title": action_title.strip()[:200]},
        )
        exercise.actions.add(action)
    record(
        action=AuditAction.CRISIS_EXERCISE_RECORDED,
        target=exercise,
        actor=actor,
        organisation=establishment.organisation,
        changes={"held_on": str(held_on), "scenario": exercise.scenario, "lessons": exercise.lessons[:500]},
    )
    return exercise


@transaction.atomic
def note_contacts_checked(*, establishment: Establishment, actor: User, checked_on: date) -> ContactsCheck:
    require_role(actor, EDITORS, to=TO_CRISIS, organisation_id=establishment.organisation_id)
    _not_future(checked_on, "checked_on")
    check = ContactsCheck.objects.create(establishment=establishment, checked_on=checked_on, checked_by=actor)
    record(
        action=AuditAction.CRISIS_CONTACTS_CHECKED,
        target=check,
        actor=actor,
        organisation=establishment.organisation,
        changes={"checked_on": str(checked_on)},
    )
    return check


@transaction.atomic
def set_contacts_interval(*, organisation: Organisation, actor: User, days: int) -> CrisisSettings:
    require_role(actor, EDITORS, to=TO_CRISIS, organisation_id=organisation.pk)
    if not 1 <= days <= 3650:
        raise ValidationError({"days": "Entre 1 et 3 650 jours."})
    found, _ = CrisisSettings.objects.update_or_create(
        organisation=organisation, defaults={"contacts_check_days": days}
    )
    record(
        action=AuditAction.CRISIS_INTERVAL_CHANGED,
        target=found,
        actor=actor,
        organisation=organisation,
        changes={"contacts_check_days": days},
    )
    return found
