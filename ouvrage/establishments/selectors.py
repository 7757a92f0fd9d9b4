from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from ouvrage.audit.actions import AuditAction, action_label
from ouvrage.audit.details import details
from ouvrage.audit.models import AuditEvent
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def establishment_for(*, user: User, pk: int) -> Establishment:
    """The establishment if the user may see it; 404 otherwise (another organisation's included)."""
    return get_object_or_404(Establishment.objects.for_user(user).select_related("organisation"), pk=pk)


def establishments_for(*, user: User) -> list[Establishment]:
    return list(Establishment.objects.for_user(user))


def history_of(establishment: Establishment, limit: int = 20) -> list[AuditEvent]:
    """The establishment's last changes, each with its action and details in words."""
    events = list(
        AuditEvent.objects.for_organisation(establishment.organisation)
        .filter(target_type=Establishment._meta.label, target_id=str(establishment.pk))
        .select_related("actor")[:limit]
    )
    for event in events:
        event.action_label = action_label(event.action)
        event.details = (
            []
            if event.action == AuditAction.ESTABLISHMENT_CREATED
            else details(event.action, event.target_type, event.changes)
        )
    return events


def logo_data_uri(establishment: Establishment) -> str:
    """The logo inlined for a page or a document ("" without one): pages allow `data:` images only,
    and WeasyPrint fetches nothing."""
    if not establishment.logo:
        return ""
    try:
        with establishment.logo.open("rb") as fh:
            data = fh.read(1024 * 1024)
    except OSError:
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
