from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.forms.models import model_to_dict

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import diff, record
from ouvrage.establishments.models import PROFILE_FIELDS, Establishment
from ouvrage.organisations.models import Organisation

TO_EDIT = "de modifier les établissements de cet organisme"


def ensure_can_create(actor: User, organisation: Organisation) -> None:
    """Creating an establishment is for editors who see them all (a scoped person would create one
    outside their own scope)."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=organisation.pk)
    if not actor.sees_all_establishments:
        raise PermissionDenied(
            "Vous ne voyez qu'une partie des établissements : la création revient à une personne qui les voit tous."
        )


@transaction.atomic
def create_establishment(*, organisation: Organisation, actor: User, data: dict[str, Any]) -> Establishment:
    ensure_can_create(actor, organisation)
    establishment = Establishment.objects.create(
        organisation=organisation, **{f: data.get(f) for f in PROFILE_FIELDS}
    )
    record(
        action=AuditAction.ESTABLISHMENT_CREATED,
        target=establishment,
        actor=actor,
        organisation=organisation,
        changes=diff({}, model_to_dict(establishment, fields=PROFILE_FIELDS)),
    )
    return establishment


@transaction.atomic
def update_establishment(*, establishment: Establishment, actor: User, data: dict[str, Any]) -> Establishment:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    # Read the stored values: a bound ModelForm has already copied its data onto the instance.
    before = Establishment.objects.select_for_update().values(*PROFILE_FIELDS).get(pk=establishment.pk)
    for field in PROFILE_FIELDS:
        setattr(establishment, field, data.get(field))
    establishment.save()
    changes = diff(before, model_to_dict(establishment, fields=PROFILE_FIELDS))
    if changes:
        record(
            action=AuditAction.ESTABLISHMENT_UPDATED,
            target=establishment,
            actor=actor,
            organisation=establishment.organisation,
            changes=changes,
        )
    return establishment


@transaction.atomic
def set_logo(*, establishment: Establishment, actor: User, png: bytes | None) -> None:
    """Replace (or remove, `png=None`) the logo printed on the establishment's documents; `png` comes
    from `logo.normalised_logo`."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    old = establishment.logo.name if establishment.logo else ""
    if png is None:
        establishment.logo = ""
    else:
        establishment.logo.save(f"etablissement-{establishment.pk}.png", ContentFile(png), save=False)
    establishment.save(update_fields=["logo"])
    if old and old != establishment.logo.name:
        transaction.on_commit(lambda: establishment.logo.storage.delete(old))
    record(
        action=AuditAction.ESTABLISHMENT_LOGO_CHANGED,
        target=establishment,
        actor=actor,
        organisation=establishment.organisation,
        changes={"logo": "retiré" if png is None else f"{len(png)} octets"},
    )
