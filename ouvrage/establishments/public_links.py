"""An establishment's public link (complaints, stories of change…): one row per establishment with an
unguessable token and an open flag. Opening it creates it; renewing gives it a new token, so that
the former address leads nowhere. The domains that own such a link call this with their model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction

from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.services import record

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.audit.actions import AuditAction
    from ouvrage.establishments.models import Establishment


@transaction.atomic
def set_public_link(
    model: type[models.Model],
    *,
    establishment: Establishment,
    actor: User,
    open_: bool,
    renew: bool,
    to: str,
    action: AuditAction,
) -> Any:
    """Open (creating it the first time), close or renew the establishment's link of `model`."""
    require_role(actor, EDITORS, to=to, organisation_id=establishment.organisation_id)
    link, created = model._default_manager.select_for_update().get_or_create(establishment=establishment)
    if renew and not created:
        token = cast(models.Field, model._meta.get_field("token"))
        link.token = token.get_default()  # type: ignore[attr-defined]
    link.is_open = open_  # type: ignore[attr-defined]
    link.save()
    record(
        action=action,
        target=establishment,
        actor=actor,
        organisation=establishment.organisation,
        changes={"ouvert": "oui" if open_ else "non", "nouveau lien": "oui" if renew or created else "non"},
    )
    return link
