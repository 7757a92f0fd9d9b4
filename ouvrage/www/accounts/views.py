from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.devices import device_label
from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, requires
from ouvrage.accounts.security import SECOND_FACTOR_ROLES, second_factor_missing, second_factor_required
from ouvrage.accounts.selectors import (
    invitation_for,
    member_for,
    members_of,
    open_sessions,
    pending_invitations,
)
from ouvrage.accounts.services import (
    accept_invitation,
    cancel_invitation,
    end_member_sessions,
    end_other_sessions,
    end_own_session,
    invitation_for_token,
    invite,
    resend_invitation,
    set_active,
    set_scope,
    set_second_factor_rule,
)
from ouvrage.core.formatting import counted, plural
from ouvrage.www.accounts.forms import AcceptForm, InvitationForm, ScopeFields
from ouvrage.www.once import created_once
from ouvrage.www.typing import AuthedHttpRequest

TO_MANAGE = "de gérer les comptes : c'est l'administration de l'organisme qui les gère"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_safe
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def members(request: AuthedHttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    return render(
        request,
        "accounts/members.html",
        {
            "members": members_of(organisation),
            "invitations": pending_invitations(organisation),
            "organisation": organisation,
            "now": timezone.now(),
        },
    )


@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
@created_once
def invite_member(request: AuthedHttpRequest) -> HttpResponse:
    """Invite a person: address, role, explicit scope. The e-mail holds a link used once."""
    form = InvitationForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite(actor=request.user, data=form.invitation_data(), base_url=_base_url(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email} (valable 7 jours).")
            return redirect("accounts:members")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)


@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def member_edit(request: AuthedHttpRequest, user_pk: int) -> HttpResponse:
    """A member's role and scope."""
    member = member_for(organisation=request.user.organisation, pk=user_pk)
    initial = {
        "role": member.role,
        "all_establishments": member.all_establishments,
        "establishments": list(member.establishments.all()),
        "campaigns": list(member.campaigns.all()),
    }
    form = ScopeFields(request.POST or None, organisation=request.user.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_scope(member=member, actor=request.user, data=form.scope_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Le rôle et les accès de {member.email} sont enregistrés.")
            return redirect("accounts:members")
    return render(
        request,
        "accounts/member_edit.html",
        {"form": form, "member": member, "sessions": open_sessions(member).count()},
        status=400 if form.errors else 200,
    )


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def member_sessions(request: AuthedHttpRequest, user_pk: int) -> HttpResponse:
    member = member_for(organisation=request.user.organisation, pk=user_pk)
    ended = end_member_sessions(member=member, actor=request.user)
    messages.success(
        request,
        f"{ended} session{'s' if ended > 1 else ''} de {member.email} fermée{'s' if ended > 1 else ''}.",
    )
    return redirect("accounts:member_edit", user_pk=member.pk)


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def member_active(request: AuthedHttpRequest, user_pk: int) -> HttpResponse:
    member = member_for(organisation=request.user.organisation, pk=user_pk)
    active = request.POST.get("active") == "1"
    try:
        ended = set_active(member=member, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if active:
            messages.success(request, f"Le compte {member.email} est de nouveau actif.")
        else:
            messages.success(
                request,
                f"Le compte {member.email} est désactivé ; {counted(ended, 'session ouverte', 'sessions ouvertes')} "
                f"{plural(ended, 'fermée')}.",
            )
    return redirect("accounts:members")


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def invitation_resend(request: AuthedHttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = invitation_for(organisation=request.user.organisation, pk=invitation_pk)
    resend_invitation(invitation=invitation, actor=request.user, base_url=_base_url(request))
    messages.success(
        request, f"Nouvelle invitation envoyée à {invitation.email} ; l'ancien lien ne sert plus."
    )
    return redirect("accounts:members")


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def invitation_cancel(request: AuthedHttpRequest, invitation_pk: int) -> HttpResponse:
    invitation = invitation_for(organisation=request.user.organisation, pk=invitation_pk)
    cancel_invitation(invitation=invitation, actor=request.user)
    messages.success(request, f"L'invitation de {invitation.email} est annulée : son lien ne sert plus.")
    return redirect("accounts:members")


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def second_factor_rule(request: AuthedHttpRequest) -> HttpResponse:
    required = request.POST.get("required") == "1"
    set_second_factor_rule(actor=request.user, required=required)
    messages.success(
        request,
        "La double authentification est obligatoire pour l'administration et la direction."
        if required
        else "La double authentification n'est plus obligatoire (chacun peut la garder).",
    )
    return redirect("accounts:members")


@login_not_required
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: the person chooses a password and is signed in."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/accept_invalid.html", status=404)
    probe = User(email=invitation.email, full_name=invitation.full_name)
    form = AcceptForm(
        request.POST or None, user_for_checks=probe, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Signed in through django-allauth's flow, the password just chosen counting as a recent
            # sign-in (activating the second factor then asks for nothing more).
            target = "accounts:security" if second_factor_missing(user) else "home:index"
            response = perform_login(request, user, redirect_url=reverse(target))
            record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
            messages.success(request, f"Bienvenue dans Ouvrage, {user} : votre compte est créé.")
            return response
    return render(
        request,
        "accounts/accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@require_safe
def security(request: AuthedHttpRequest) -> HttpResponse:
    """My account: password, second factor (required or not), open sessions."""
    user = request.user
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return render(
        request,
        "accounts/security.html",
        {
            "required": second_factor_required(user),
            "missing": second_factor_missing(user),
            "totp": Authenticator.Type.TOTP in kinds,
            "webauthn": Authenticator.Type.WEBAUTHN in kinds,
            "recovery": Authenticator.Type.RECOVERY_CODES in kinds,
            "sessions": open_sessions(user).count(),
            "roles": SECOND_FACTOR_ROLES,
        },
    )


def sessions(request: AuthedHttpRequest) -> HttpResponse:
    """My open sessions (device, address, last use); closing all the others at once."""
    current = request.session.session_key
    if request.method == "POST":
        ended = end_other_sessions(user=request.user, current_key=current)
        messages.success(
            request,
            f"{ended} autre{'s' if ended > 1 else ''} session{'s' if ended > 1 else ''} fermée{'s' if ended > 1 else ''}.",
        )
        return redirect("accounts:sessions")
    rows = list(open_sessions(request.user))
    for row in rows:
        row.current = row.session_key == current
        row.device = device_label(row.user_agent)
    return render(request, "accounts/sessions.html", {"sessions": rows, "session_count": len(rows)})


@require_POST
def session_end(request: AuthedHttpRequest, usersession_pk: int) -> HttpResponse:
    """Close one of one's own sessions (the list is django-allauth's page, « Mes sessions »)."""
    session = get_object_or_404(UserSession.objects.filter(user=request.user), pk=usersession_pk)
    current = session.session_key == request.session.session_key
    end_own_session(user=request.user, session=session)
    if current:
        return redirect("accounts:login")
    messages.success(request, "La session est fermée : cet appareil devra se reconnecter.")
    return redirect("accounts:sessions")


@login_not_required
@require_safe
def token(request: HttpRequest) -> JsonResponse:
    """For a page's script: the current security token and who is signed in (none when the session
    ended), so that changes kept on the device are sent again only as the person who made them."""
    user = request.user
    response = JsonResponse(
        {
            "csrf": get_token(request),
            "user": user.pk if user.is_authenticated else None,
            "name": str(user) if user.is_authenticated else "",
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def signed_in_again(request: AuthedHttpRequest) -> HttpResponse:
    """Where the sign-in opened from a grid lands: the grid's tab sends what it kept."""
    return render(request, "accounts/signed_in_again.html")
