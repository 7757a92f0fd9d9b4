"""Who may do what: the role sets, and one check used by every service and every view.

`require_role(actor, roles, to=…, organisation_id=…)` refuses (403) unless the actor has one of
`roles` — and, when `organisation_id` is given, belongs to that organisation. `to` completes
« Votre rôle ne permet pas de … ». Services pass the organisation of the object they change; views
that have already found the object in the person's scope may leave it out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

from ouvrage.accounts.models import Role, User

V = TypeVar("V", bound=Callable[..., Any])

# Prepare evaluations, edit establishments, the plan, the registers and the own frame.
EDITORS: frozenset[str] = frozenset({Role.ADMIN, Role.DIRECTION, Role.QUALITY})
# Editors and the professionals: evidence, the real-work journal, answers to the team's questions.
CONTRIBUTORS: frozenset[str] = EDITORS | {Role.PROFESSIONAL}
# Who rates grids (the external evaluator only in external evaluations: checked by the service).
RATERS: frozenset[str] = CONTRIBUTORS | {Role.EVALUATOR}
# Accounts of the organisation and its journal of changes.
ACCOUNT_MANAGERS: frozenset[str] = frozenset({Role.ADMIN})
EVERYONE: frozenset[str] = frozenset(Role.values)
# The organisation's own people: everyone but the external evaluator, who sees only the external
# evaluations they conduct (their grids, results and what is cited in them).
STAFF: frozenset[str] = EVERYONE - {Role.EVALUATOR}
# Who plans the interviews of an evaluation: editors, and the external evaluator in theirs.
PLANNERS: frozenset[str] = EDITORS | {Role.EVALUATOR}


def has_role(user: Any, roles: Collection[str]) -> bool:
    return getattr(user, "role", None) in roles


def require_role(
    actor: User | Any, roles: Collection[str], *, to: str, organisation_id: int | None = None
) -> None:
    """Refuse (403) unless `actor` has one of `roles` (and belongs to `organisation_id` if given)."""
    if not has_role(actor, roles) or (
        organisation_id is not None and getattr(actor, "organisation_id", None) != organisation_id
    ):
        raise PermissionDenied(f"Votre rôle ne permet pas {to}.")


def post_requires(roles: Collection[str], *, to: str) -> Callable[[V], V]:
    """For a view that shows a page to every role and takes a form from some: refuse (403) a POST
    from any other role before the form is even read. The service checks again."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if request.method == "POST":
                require_role(request.user, roles, to=to)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def requires(roles: Collection[str], *, to: str) -> Callable[[V], V]:
    """For a view only some roles may open at all (GET and POST): 403 for the others."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            require_role(request.user, roles, to=to)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
