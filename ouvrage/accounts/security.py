"""The second factor an organisation requires, the maximum life of a session, and the record of
refused authorisations."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record

# Roles whose second factor the organisation's setting makes compulsory.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.DIRECTION})
SECOND_FACTOR_SEEN = "ouvrage_second_factor_seen"  # in the session: the person's second factor was found
SIGNED_IN_AT = "ouvrage_signed_in_at"  # in the session: when the person signed in (seconds)
LAST_USE = "ouvrage_last_use"  # in the session: when its last use was written down (seconds)
TOUCHED = "ouvrage_touched"  # in the session: when it was last written to keep it alive (seconds)


def second_factor_required(user: User) -> bool:
    organisation = user.organisation
    return bool(organisation and organisation.mfa_required and user.role in SECOND_FACTOR_ROLES)


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def second_factor_missing(user: User) -> bool:
    return second_factor_required(user) and not has_second_factor(user)


def mark_signed_in(request: Any) -> None:
    """At sign-in (allauth writes the session's device and address down then)."""
    request.session[SIGNED_IN_AT] = request.session[LAST_USE] = int(time.time())


def note_session_use(*, session_key: str, address: str, user_agent: str) -> None:
    """The last use of an open session, shown on « Sécurité du compte » (device and address too)."""
    UserSession.objects.filter(session_key=session_key).update(
        last_seen_at=timezone.now(), ip=address, user_agent=user_agent[:200]
    )


REFUSAL_REPEAT = 600  # seconds: the same refusal (person, method, address) is written once in that time


def record_refusal(*, user: User, method: str, path: str) -> None:
    """A refused authorisation, in the organisation's journal of changes — once per person, method
    and address every REFUSAL_REPEAT seconds, so that a page reloaded or a script replaying a refused
    request does not fill the journal."""
    key = "ouvrage-refusal:" + hashlib.sha256(f"{user.pk}:{method}:{path}".encode()).hexdigest()
    if not cache.add(key, 1, timeout=REFUSAL_REPEAT):
        return
    record(
        action=AuditAction.ACCESS_REFUSED,
        target=user,
        actor=user,
        organisation=user.organisation,
        changes={"méthode": method, "adresse": path[:300]},
    )
