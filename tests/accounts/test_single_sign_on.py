"""Single sign-on through OpenID Connect, against a provider the test starts on a local port: members
are matched by address, invited people become the member their invitation describes, anybody else is
refused and nothing is created."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from ouvrage.accounts.models import Invitation, User
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.factories import UserFactory, pending_invitation
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with Provider() as running:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": "entra",
                        "name": "Microsoft Entra de l'association",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": running.url, "token_auth_method": "client_secret_post"},
                    }
                ],
                "OAUTH_PKCE_ENABLED": True,
            }
        }
        yield running


def _through_provider(provider, email, name="Personne"):
    """The whole journey: the button on the sign-in page, the provider, the way back."""
    browser = Client()
    page = page_text(browser.get(reverse("accounts:login")))
    assert "Continuer avec Microsoft Entra de l'association" in page
    start = browser.post(reverse("openid_connect_login", kwargs={"provider_id": "entra"}))
    assert start.status_code == 302 and start.url.startswith(provider.url + "/authorize")
    authorise = parse_qs(urlsplit(start.url).query)
    code = provider.code_for(authorise, email=email, name=name)
    back = browser.get(
        urlsplit(authorise["redirect_uri"][0]).path, {"code": code, "state": authorise["state"][0]}
    )
    return browser, back


def test_a_member_signs_in_through_the_provider(provider, organisation):
    member = UserFactory(organisation=organisation, email="educ@example.org")
    browser, back = _through_provider(provider, "Educ@Example.org")
    assert back.status_code == 302
    assert browser.get(reverse("establishments:list")).context["user"] == member
    assert SocialAccount.objects.get().user == member


def test_an_invited_person_becomes_the_member_their_invitation_describes(provider, organisation):
    pending_invitation(organisation, "nouvelle@example.org", role="professional")
    browser, back = _through_provider(provider, "nouvelle@example.org", "Nina Nouvelle")
    assert back.status_code == 302
    member = User.objects.get(email="nouvelle@example.org")
    assert member.role == "professional" and member.organisation == organisation
    assert not member.has_usable_password()
    assert Invitation.objects.get().accepted_at is not None
    assert browser.get(reverse("establishments:list")).status_code == 200


def test_nobody_becomes_a_member_by_signing_in(provider, organisation):
    browser, back = _through_provider(provider, "inconnu@example.org")
    assert back.status_code == 403
    assert "inconnu@example.org" in page_text(back) and "invitation" in page_text(back)
    assert not User.objects.filter(email="inconnu@example.org").exists()
    assert not SocialAccount.objects.exists()
    assert browser.get(reverse("establishments:list")).status_code == 302
    # A deactivated member is refused as well: the page says the account is deactivated.
    UserFactory(organisation=organisation, email="partie@example.org", is_active=False)
    browser, back = _through_provider(provider, "partie@example.org")
    assert back.status_code == 302 and back.url == reverse("account_inactive")
    assert browser.get(reverse("establishments:list")).status_code == 302
