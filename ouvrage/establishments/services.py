from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import diff, record
from ouvrage.establishments.models import PROFILE_FIELDS, Establishment


def _check_actor(actor: Any, organisation: Any) -> None:
    require_role(
        actor, organisation.pk, ESTABLISHMENT_EDITORS, "de modifier les établissements de cet organisme"
    )


@transaction.atomic
def create_establishment(*, organisation: Any, actor: Any, data: dict[str, Any]) -> Establishment:
    _check_actor(actor, organisation)
    establishment = Establishment.objects.create(
        organisation=organisation, **{f: data.get(f) for f in PROFILE_FIELDS}
    )
    record(
        action="establishment.created",
        target=establishment,
        actor=actor,
        organisation=organisation,
        changes=diff({}, model_to_dict(establishment, fields=PROFILE_FIELDS)),
    )
    return establishment


@transaction.atomic
def update_establishment(*, establishment: Establishment, actor: Any, data: dict[str, Any]) -> Establishment:
    _check_actor(actor, establishment.organisation)
    # Read the stored values: a bound ModelForm has already copied its data onto the instance.
    before = Establishment.objects.select_for_update().values(*PROFILE_FIELDS).get(pk=establishment.pk)
    for field in PROFILE_FIELDS:
        setattr(establishment, field, data.get(field))
    establishment.save()
    changes = diff(before, model_to_dict(establishment, fields=PROFILE_FIELDS))
    if changes:
        record(
            action="establishment.updated",
            target=establishment,
            actor=actor,
            organisation=establishment.organisation,
            changes=changes,
        )
    return establishment
