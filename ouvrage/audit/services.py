from __future__ import annotations

from typing import Any

from django.db import models

from ouvrage.audit.models import AuditEvent


def record(
    *,
    action: str,
    target: models.Model,
    actor: Any = None,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Record one change. Call it inside the service's transaction so both land or neither."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=user,
        actor_label=actor_label or (user.email if user else "système"),
        action=action,
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
