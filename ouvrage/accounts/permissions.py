"""One check for every service: the actor belongs to the organisation and has one of the roles."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied


def require_role(actor: Any, organisation_id: int, roles: Collection[str], what: str) -> None:
    """Refuse (403) unless `actor` is of that organisation with one of `roles`; `what` completes
    « Votre rôle ne permet pas de … »."""
    if (
        getattr(actor, "role", None) not in roles
        or getattr(actor, "organisation_id", None) != organisation_id
    ):
        raise PermissionDenied(f"Votre rôle ne permet pas {what}.")
