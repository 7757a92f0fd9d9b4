"""Accounts of an organisation, managed by its administrators: invitations (the only way in), scope,
deactivation, open sessions, the organisation's second-factor rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ouvrage.accounts.models import Invitation, Role, User, normalise_email
from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.organisations.models import Organisation

TO_MANAGE = "de gérer les comptes"


def end_sessions(user: User) -> int:
    """End every open session of `user` (they are signed out everywhere at once)."""
    ended = 0
    for tracked in UserSession.objects.filter(user=user):
        tracked.end()
        ended += 1
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _organisation_of(actor: User) -> Organisation:
    """The organisation an administrator manages (403 for anyone else)."""
    organisation = actor.organisation
    _manager(actor, organisation.pk if organisation else None)
    if organisation is None:  # unreachable: _manager refused
        raise PermissionDenied
    return organisation


def _manager(actor: User, organisation_id: int | None) -> None:
    require_role(actor, ACCOUNT_MANAGERS, to=TO_MANAGE, organisation_id=organisation_id or -1)


@transaction.atomic
def set_active(*, member: User, active: bool, actor: User) -> int:
    """Deactivate (signing the person out everywhere) or reactivate an account of the organisation;
    returns the number of sessions ended."""
    _manager(actor, member.organisation_id)
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


@transaction.atomic
def end_member_sessions(*, member: User, actor: User) -> int:
    """Sign a person out everywhere without deactivating the account (a lost tablet)."""
    _manager(actor, member.organisation_id)
    ended = end_sessions(member)
    _sessions_ended(member, actor=actor, changes={"sessions": ended})
    return ended


def _sessions_ended(member: User, *, actor: User, changes: dict[str, Any]) -> None:
    record(
        action=AuditAction.USER_SESSIONS_ENDED,
        target=member,
        actor=actor,
        organisation=member.organisation,
        changes=changes,
    )


@transaction.atomic
def end_own_session(*, user: User, session: UserSession) -> None:
    """A person closes one of their sessions (a forgotten computer), from « Mes sessions »."""
    if session.user_id != user.pk:
        raise PermissionDenied
    device = session.user_agent[:120]
    session.end()
    _sessions_ended(user, actor=user, changes={"sessions": 1, "appareil": device})


@transaction.atomic
def end_other_sessions(*, user: User, current_key: str | None) -> int:
    """« Fermer toutes les autres sessions »: every device but this one signs in again."""
    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(session_key=current_key or ""):
        session.end()
        ended += 1
    _sessions_ended(user, actor=user, changes={"sessions": ended})
    return ended


def scope_problem(
    *, role: str, all_establishments: bool, establishments: Sequence[Any], campaigns: Sequence[Any]
) -> str | None:
    """Scope is explicit: all the establishments, or a non-empty list; an external evaluator, the
    external evaluations they conduct."""
    if role == Role.EVALUATOR:
        if not campaigns:
            return "Un évaluateur externe conduit au moins une évaluation externe : choisissez-la."
        if any(c.kind != "external" for c in campaigns):
            return "Un évaluateur externe n'accède qu'à des évaluations externes."
        return None
    if role != Role.ADMIN and not all_establishments and not establishments:
        return "Choisissez « tous les établissements » ou au moins un établissement."
    return None


def _check_scope(organisation_id: int, data: dict[str, Any]) -> None:
    problem = scope_problem(
        role=data["role"],
        all_establishments=data.get("all_establishments", False),
        establishments=data.get("establishments", ()),
        campaigns=data.get("campaigns", ()),
    )
    if problem:
        raise ValidationError(problem)
    if any(e.organisation_id != organisation_id for e in data.get("establishments", ())) or any(
        c.establishment.organisation_id != organisation_id for c in data.get("campaigns", ())
    ):
        raise ValidationError("Établissement ou évaluation d'un autre organisme.")


def _send_invitation(invitation: Invitation, token: str, base_url: str) -> None:
    context = {
        "invitation": invitation,
        "link": f"{base_url.rstrip('/')}/compte/invitation/{token}/",
        "days": (invitation.expires_at - invitation.sent_at).days,
    }
    send_mail(
        subject=f"[Ouvrage] {invitation.organisation} vous invite",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invite(*, actor: User, data: dict[str, Any], base_url: str) -> Invitation:
    """Invite a person by e-mail with a role and an explicit scope. Sent twice (a double click), the
    second is refused by the one-pending-invitation rule and the first is kept."""
    organisation = _organisation_of(actor)
    email = normalise_email(data["email"])
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"{email} a déjà un compte Ouvrage.")
    data = {**data, "all_establishments": data.get("all_establishments", False) or data["role"] == Role.ADMIN}
    _check_scope(organisation.pk, data)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        full_name=data.get("full_name", ""),
        role=data["role"],
        all_establishments=data["all_establishments"] and data["role"] != Role.EVALUATOR,
        invited_by=actor,
    )
    token = invitation.new_secret()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(f"Une invitation attend déjà la réponse de {email} : renvoyez-la.") from None
    invitation.establishments.set(data.get("establishments", ()))
    invitation.campaigns.set(data.get("campaigns", ()))
    record(
        action=AuditAction.INVITATION_SENT,
        target=invitation,
        actor=actor,
        organisation=organisation,
        changes=_described(invitation),
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token, base_url))
    return invitation


@transaction.atomic
def open_organisation(*, name: str, admin_email: str, base_url: str) -> tuple[Organisation, str]:
    """A new organisation and the invitation of its first administrator: the operator's act, from
    the command line (`ouvrage organisation`). Returns the organisation and the invitation link."""
    name = name.strip()
    email = normalise_email(admin_email)
    if not name:
        raise ValidationError("Donnez le nom de l'organisme.")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(f"L'organisme « {name} » existe déjà.")
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"{email} a déjà un compte Ouvrage.")
    organisation = Organisation.objects.create(name=name)
    invitation = Invitation(organisation=organisation, email=email, role=Role.ADMIN, all_establishments=True)
    token = invitation.new_secret()
    invitation.save()
    record(
        action=AuditAction.ORGANISATION_OPENED,
        target=organisation,
        organisation=organisation,
        changes={"organisme": name, "administration": email},
        actor_label="ligne de commande",
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token, base_url))
    return organisation, f"{base_url.rstrip('/')}/compte/invitation/{token}/"


def _described(invitation: Invitation) -> dict[str, Any]:
    return {
        "adresse": invitation.email,
        "rôle": invitation.get_role_display(),
        "établissements": "tous"
        if invitation.all_establishments
        else [str(e) for e in invitation.establishments.all()],
        "évaluations": [str(c) for c in invitation.campaigns.all()],
    }


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor: User, base_url: str) -> None:
    """A new link (the previous one stops working), valid for another week."""
    _manager(actor, invitation.organisation_id)
    if invitation.accepted_at or invitation.cancelled_at:
        raise ValidationError("Cette invitation n'attend plus de réponse.")
    token = invitation.new_secret()
    invitation.save(update_fields=["token_digest", "sent_at", "expires_at"])
    record(
        action=AuditAction.INVITATION_RESENT,
        target=invitation,
        actor=actor,
        organisation=invitation.organisation,
        changes={"adresse": invitation.email},
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token, base_url))


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, actor: User) -> None:
    _manager(actor, invitation.organisation_id)
    if invitation.accepted_at or invitation.cancelled_at:
        return
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    record(
        action=AuditAction.INVITATION_CANCELLED,
        target=invitation,
        actor=actor,
        organisation=invitation.organisation,
        changes={"adresse": invitation.email},
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, if it can still be accepted."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.usable()
        .select_related("organisation")
        .filter(token_digest=Invitation.digest(token))
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str | None, full_name: str = "") -> User:
    """Create the member the invitation describes; `password=None` for single sign-on. Used once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.cancelled_at or invitation.expires_at <= timezone.now():
        raise ValidationError("Cette invitation n'est plus valable : demandez-en une nouvelle.")
    user = User(
        email=invitation.email,
        full_name=full_name.strip() or invitation.full_name,
        organisation=invitation.organisation,
        role=invitation.role,
        all_establishments=invitation.all_establishments,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    user.establishments.set(invitation.establishments.all())
    user.campaigns.set(invitation.campaigns.all())
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    record(
        action=AuditAction.INVITATION_ACCEPTED,
        target=user,
        actor=user,
        organisation=invitation.organisation,
        changes=_described(invitation),
    )
    return user


@transaction.atomic
def set_scope(*, member: User, actor: User, data: dict[str, Any]) -> None:
    """Change a member's role and scope (establishments, or external evaluations for an evaluator)."""
    _manager(actor, member.organisation_id)
    if member.pk == actor.pk and data["role"] != Role.ADMIN:
        raise ValidationError("Vous ne pouvez pas retirer votre propre rôle d'administration.")
    data = {**data, "all_establishments": data.get("all_establishments", False) or data["role"] == Role.ADMIN}
    _check_scope(member.organisation_id or -1, data)
    before = _scope_of(member)
    member.role = data["role"]
    member.all_establishments = data["all_establishments"] and data["role"] != Role.EVALUATOR
    member.save(update_fields=["role", "all_establishments"])
    member.establishments.set(data.get("establishments", ()) if data["role"] != Role.EVALUATOR else ())
    member.campaigns.set(data.get("campaigns", ()) if data["role"] == Role.EVALUATOR else ())
    after = _scope_of(member)
    if after != before:
        record(
            action=AuditAction.USER_SCOPE_CHANGED,
            target=member,
            actor=actor,
            organisation=member.organisation,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )


def _scope_of(member: User) -> dict[str, Any]:
    return {
        "rôle": member.get_role_display(),
        "tous les établissements": member.all_establishments,
        "établissements": sorted(str(e) for e in member.establishments.all()),
        "évaluations": sorted(str(c) for c in member.campaigns.all()),
    }


@transaction.atomic
def set_second_factor_rule(*, actor: User, required: bool) -> None:
    """The organisation requires (or not) a second factor of its administrators and directors."""
    organisation = _organisation_of(actor)
    if organisation.mfa_required == required:
        return
    organisation.mfa_required = required
    organisation.save(update_fields=["mfa_required"])
    record(
        action=AuditAction.ORGANISATION_SECURITY_CHANGED,
        target=organisation,
        actor=actor,
        organisation=organisation,
        changes={"double authentification obligatoire": required},
    )
