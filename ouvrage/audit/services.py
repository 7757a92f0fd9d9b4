"""Recording changes: one row per change, written by the service that makes it, in its transaction."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.organisations.models import Organisation


class Actor(Protocol):
    """Who acts: a signed-in person (accounts.User), seen by the journal only through these."""

    pk: Any
    email: str

    @property
    def is_authenticated(self) -> bool: ...


def record(
    *,
    action: AuditAction,
    target: models.Model,
    actor: Actor | None = None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Record one change. Call it inside the service's transaction so both land or neither."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor_id=user.pk if user else None,
        actor_label=actor_label or (user.email if user else "système"),
        action=action.value,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]} (JSON-safe)."""
    return {k: [_json(before.get(k)), _json(after.get(k))] for k in after if before.get(k) != after.get(k)}


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)
