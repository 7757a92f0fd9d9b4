"""Accounts of an organisation, managed by its administrators."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record


def end_sessions(user: User) -> int:
    """Delete every open session of `user` (they are signed out everywhere at once)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def set_active(*, member: User, active: bool, actor: User) -> int:
    """Deactivate (signing the person out everywhere) or reactivate an account of the organisation;
    returns the number of sessions ended."""
    require_role(
        actor, ACCOUNT_MANAGERS, to="de gérer les comptes", organisation_id=member.organisation_id or -1
    )
    if member.pk == actor.pk and not active:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    if member.is_active == active:
        return 0
    member.is_active = active
    member.save(update_fields=["is_active"])
    ended = 0 if active else end_sessions(member)
    record(
        action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
        target=member,
        actor=actor,
        organisation=member.organisation,
        changes={"is_active": [not active, active], "sessions_ended": ended},
    )
    return ended
