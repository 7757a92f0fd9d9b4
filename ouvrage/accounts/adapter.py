"""How django-allauth behaves in Ouvrage: nobody signs up (people are invited), addresses have one
spelling, every message of the sign-in journey is Ouvrage's French, and single sign-on lets in only
members of an organisation or people it invited (nobody becomes a member by signing in)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.httpkit import get_client_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.shortcuts import render

from ouvrage.accounts.models import Invitation, User, normalise_email

MESSAGES = {
    "account_inactive": "Ce compte est désactivé : demandez à l'administration de votre organisme de le réactiver.",
    "email_password_mismatch": "Adresse électronique ou mot de passe incorrect.",
    "enter_current_password": "Ce n'est pas votre mot de passe actuel : saisissez celui que vous utilisez aujourd'hui.",
    "incorrect_password": "Mot de passe actuel incorrect.",
    "incorrect_code": "Code incorrect : saisissez les 6 chiffres affichés par votre application, ou un code de secours.",
    "invalid_or_expired_key": "Ce lien n'est plus valable : demandez-en un nouveau.",
    "invalid_password_reset": "Ce lien de réinitialisation n'est plus valable : demandez-en un nouveau.",
    "too_many_login_attempts": "Trop de tentatives de connexion : réessayez dans quelques minutes.",
    "rate_limited": "Trop de demandes en peu de temps : patientez une minute avant de réessayer.",
    "same_as_current": "Le nouveau mot de passe doit être différent de l'actuel.",
    "unknown_email": "Aucun compte n'utilise cette adresse.",
}


REAUTHENTICATION_WORDS = {
    "reauthenticate": "Avec mon mot de passe",
    "mfa_reauthenticate": "Avec le code de mon application ou un code de secours",
    "mfa_reauthenticate:webauthn": "Avec ma clé de sécurité",
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **MESSAGES}

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # an organisation invites its people (accounts.services.invite)

    def clean_email(self, email: str) -> str:
        return normalise_email(super().clean_email(email))

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        return [
            {**method, "description": REAUTHENTICATION_WORDS.get(method["id"], method["description"])}
            for method in super().get_reauthentication_methods(user)
        ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: an existing member is matched by address; an invited person becomes the member
    the invitation describes; anyone else is refused (not created)."""

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        if sociallogin.is_existing:
            return
        email = _email_of(sociallogin)
        member = User.objects.filter(email=email).first() if email else None
        if member is not None:
            if not member.is_active:
                raise ImmediateHttpResponse(_refused(request, email, inactive=True))
            sociallogin.connect(request, member)
            return
        if not email or not Invitation.objects.usable().filter(email=email).exists():
            raise ImmediateHttpResponse(_refused(request, email))

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        email = _email_of(sociallogin)
        return bool(email) and Invitation.objects.usable().filter(email=email).exists()

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> User:
        from ouvrage.accounts.services import accept_invitation

        email = _email_of(sociallogin)
        invitation = Invitation.objects.usable().get(email=email)
        user = accept_invitation(
            invitation=invitation,
            password=None,
            full_name=sociallogin.user.get_full_name() if hasattr(sociallogin.user, "get_full_name") else "",
        )
        sociallogin.user = user
        sociallogin.save(request, connect=True)
        return user


def _email_of(sociallogin: Any) -> str:
    addresses = [a.email for a in getattr(sociallogin, "email_addresses", []) if a.email]
    return normalise_email(getattr(sociallogin.user, "email", "") or (addresses[0] if addresses else ""))


def _refused(request: HttpRequest, email: str, *, inactive: bool = False) -> Any:
    return render(request, "accounts/sso_refused.html", {"email": email, "inactive": inactive}, status=403)


def client_ip(request: HttpRequest) -> str:
    """The client's address, as allauth reads it behind OUVRAGE_TRUSTED_PROXIES proxies (used by the
    login throttling too, so that a proxy's own address never stands for every person)."""
    try:
        return get_client_ip(request) or request.META.get("REMOTE_ADDR", "")
    except Exception:  # a forwarded header shorter than the proxies configured
        return request.META.get("REMOTE_ADDR", "")


def attempted_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in attempt was made with, in its one spelling (django-axes)."""
    credentials = credentials or {}
    for key in ("email", "login", "username"):
        if credentials.get(key):
            return normalise_email(str(credentials[key]))
    for key in ("login", "email", "username"):
        if request is not None and request.POST.get(key):
            return normalise_email(request.POST[key])
    return ""
