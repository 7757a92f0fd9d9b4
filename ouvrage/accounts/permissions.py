"""One check for every service: the actor belongs to the organisation and has one of the roles."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

V = TypeVar("V", bound=Callable[..., Any])


def require_role(actor: Any, organisation_id: int, roles: Collection[str], what: str) -> None:
    """Refuse (403) unless `actor` is of that organisation with one of `roles`; `what` completes
    « Votre rôle ne permet pas de … »."""
    if (
        getattr(actor, "role", None) not in roles
        or getattr(actor, "organisation_id", None) != organisation_id
    ):
        raise PermissionDenied(f"Votre rôle ne permet pas {what}.")


def post_requires(roles: Collection[str], what: str) -> Callable[[V], V]:
    """For a view that shows a page to every role and takes a form from some: refuse (403) a POST
    from any other role before the form is even read. The service checks again."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if request.method == "POST" and getattr(request.user, "role", None) not in roles:
                raise PermissionDenied(f"Votre rôle ne permet pas {what}.")
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
