"""People and access without a shell: invitations, passwords, the second factor, sessions, throttling,
the journal of refusals (django-allauth underneath, Ouvrage's rules and French on top)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ouvrage.accounts.models import Invitation, User
from ouvrage.accounts.security import SIGNED_IN_AT
from ouvrage.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-de-test-2026"
NEW_PASSWORD = "Un nouveau mot de passe 2027"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"login": email, "password": password}, **extra)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A request whose transaction commits: invitations are mailed then."""

    def post(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post


def test_an_administrator_invites_and_the_person_accepts(client, organisation, ehpad, saad, committed):
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    form = client.get(reverse("accounts:invite"))
    assert "Tous les établissements" in page_text(form)
    # The scope is said explicitly: neither « all » nor a list is refused.
    data = {"email": "Cadre.Sante@Example.org", "full_name": "Inès Martin", "role": "quality"}
    refused = committed(client, reverse("accounts:invite"), data)
    assert refused.status_code == 400 and "établissements" in page_text(refused)
    assert not Invitation.objects.exists() and not mail.outbox
    sent = committed(client, reverse("accounts:invite"), {**data, "establishments": [ehpad.pk]})
    assert sent.status_code == 302
    # A double click: one invitation, one e-mail.
    again = committed(client, reverse("accounts:invite"), {**data, "establishments": [ehpad.pk]})
    assert again.status_code == 400 and "attend déjà" in page_text(again)
    invitation = Invitation.objects.get()
    assert invitation.email == "cadre.sante@example.org" and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cadre.sante@example.org"]
    assert "7 jours" in mail.outbox[0].body and organisation.name in mail.outbox[0].body
    assert "Inès Martin" in page_text(client.get(reverse("accounts:members")))  # pending, with its scope
    # The person follows the link, reads the password rules before typing, chooses one.
    link = _link(mail.outbox[0])
    person = Client()
    page = page_text(person.get(link))
    assert "12 caractères" in page and "cadre.sante@example.org" in page
    weak = person.post(
        link, {"full_name": "Inès Martin", "password1": "motdepasse", "password2": "motdepasse"}
    )
    assert weak.status_code == 400 and not User.objects.filter(email="cadre.sante@example.org").exists()
    done = person.post(
        link, {"full_name": "Inès Martin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    member = User.objects.get(email="cadre.sante@example.org")
    assert member.role == "quality" and not member.all_establishments
    assert list(member.establishments.all()) == [ehpad]
    listed = [e.pk for e, _ in person.get(reverse("establishments:list")).context["rows"]]
    assert listed == [ehpad.pk]  # signed in, seeing their establishment only
    # The link served once.
    assert Client().get(link).status_code == 404
    assert AuditEvent.objects.filter(action__startswith="invitation.").count() == 2  # sent, accepted
    # Signing in later with the address typed with capitals.
    assert _sign_in(Client(), "CADRE.sante@EXAMPLE.org", NEW_PASSWORD).status_code == 302


def test_resending_changes_the_link_and_cancelling_ends_it(client, organisation, committed):
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    committed(
        client,
        reverse("accounts:invite"),
        {"email": "a@example.org", "role": "professional", "all_establishments": "on"},
    )
    first = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    committed(client, reverse("accounts:invitation_resend", args=[invitation.pk]))
    second = _link(mail.outbox[1])
    assert first != second
    assert Client().get(first).status_code == 404 and Client().get(second).status_code == 200
    client.post(reverse("accounts:invitation_cancel", args=[invitation.pk]))
    assert Client().get(second).status_code == 404
    # An expired invitation says so and creates nothing.
    committed(
        client,
        reverse("accounts:invite"),
        {"email": "b@example.org", "role": "quality", "all_establishments": "on"},
    )
    late = Invitation.objects.get(email="b@example.org")
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    answer = Client().get(_link(mail.outbox[-1]))
    assert answer.status_code == 404 and "plus valable" in page_text(answer)


def test_an_existing_address_in_another_spelling_is_one_account(client, organisation):
    UserFactory(organisation=organisation, email="qualite@example.org")
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    answer = client.post(
        reverse("accounts:invite"),
        {"email": "Qualite@Example.org", "role": "quality", "all_establishments": "on"},
    )
    assert answer.status_code == 400 and "a déjà un compte" in page_text(answer)
    # Signing in with a capital works; a wrong password is said in Ouvrage's French.
    assert _sign_in(Client(), "Qualite@example.org").status_code == 302
    wrong = _sign_in(Client(), "Qualite@example.org", "pas le bon")
    assert "Adresse électronique ou mot de passe incorrect." in page_text(wrong)


def test_forgotten_password_says_nothing_of_the_account_and_resets_it(organisation):
    UserFactory(organisation=organisation, email="direction@example.org")
    person = Client()
    page = page_text(person.get(reverse("account_reset_password")))
    assert "Mot de passe oublié" in page
    unknown = person.post(reverse("account_reset_password"), {"email": "personne@example.org"}, follow=True)
    known = person.post(reverse("account_reset_password"), {"email": "Direction@example.org"}, follow=True)
    # The same page either way; only the real account gets a mail (the other one a notice that no
    # account uses the address, which reveals nothing to whoever typed it).
    assert visible_text(unknown) == visible_text(known)
    assert "Si cette adresse correspond à un compte Ouvrage" in visible_text(known)
    mine = [m for m in mail.outbox if m.to == ["direction@example.org"]]
    assert len(mine) == 1 and "réinitialiser" in mine[0].body.lower()
    link = _link(mine[0])
    form_page = person.get(link, follow=True)
    assert "12 caractères" in page_text(form_page)
    person.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert _sign_in(Client(), "direction@example.org", NEW_PASSWORD).status_code == 302
    assert _sign_in(Client(), "direction@example.org", PASSWORD).status_code == 200


def test_changing_ones_password_asks_for_the_current_one(client, organisation):
    user = UserFactory(organisation=organisation)
    client.force_login(user)
    url = reverse("account_change_password")
    assert "12 caractères" in page_text(client.get(url))
    wrong = client.post(
        url, {"oldpassword": "pas le bon", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert "Ce n'est pas votre mot de passe actuel" in page_text(wrong)
    client.post(url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def _totp_code(user) -> str:
    secret = Authenticator.objects.get(user=user, type="totp").wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(decrypt(secret), counter))


def test_the_second_factor_is_required_of_direction_then_asked_at_sign_in(organisation):
    organisation.mfa_required = True
    organisation.save()
    director = UserFactory(organisation=organisation, role="direction", email="dir@example.org")
    professional = UserFactory(organisation=organisation, role="professional", email="pro@example.org")
    device = Client()
    assert _sign_in(device, "dir@example.org").status_code == 302
    # Every page leads to « Mon compte » until a second factor is active.
    answer = device.get(reverse("establishments:list"))
    assert answer.status_code == 302 and answer.url == reverse("accounts:security")
    assert "Double authentification à activer" in page_text(device.get(reverse("accounts:security")))
    # Not required of a professional (optional).
    other = Client()
    _sign_in(other, "pro@example.org")
    assert other.get(reverse("establishments:list")).status_code == 200
    assert professional.role == "professional"
    # Activated (an authentication application), the pages open; found once per session, not
    # looked up again on every page.
    TOTP.activate(director, generate_totp_secret())
    assert device.get(reverse("establishments:list")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert device.get(reverse("establishments:list")).status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]
    # The next sign-in asks for the six digits, then lets in.
    fresh = Client()
    first = _sign_in(fresh, "dir@example.org")
    assert first.status_code == 302 and first.url == reverse("mfa_authenticate")
    assert fresh.get(reverse("establishments:list")).status_code == 302  # not signed in yet
    bad = fresh.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Code incorrect" in page_text(bad)
    good = fresh.post(reverse("mfa_authenticate"), {"code": _totp_code(director)})
    assert good.status_code == 302
    assert fresh.get(reverse("establishments:list")).status_code == 200


def test_an_administrator_changes_the_rule_and_it_is_recorded(client, organisation):
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    client.post(reverse("accounts:second_factor_rule"), {"required": "1"})
    organisation.refresh_from_db()
    assert organisation.mfa_required
    assert AuditEvent.objects.filter(action="organisation.security_changed").exists()


def test_sessions_are_listed_ended_by_their_owner_or_an_administrator(client, organisation):
    member = UserFactory(organisation=organisation, email="m@example.org")
    phone, laptop = Client(HTTP_USER_AGENT="Téléphone"), Client(HTTP_USER_AGENT="Portable")
    _sign_in(phone, "m@example.org")
    _sign_in(laptop, "m@example.org")
    assert UserSession.objects.filter(user=member).count() == 2
    assert "2 appareils connectés" in page_text(laptop.get(reverse("accounts:security")))
    listing = visible_text(laptop.get(reverse("accounts:sessions")))
    assert listing.count("Appareil inconnu") == 2 and "(cet appareil)" in listing
    # The person closes the phone's session from the laptop: the phone is signed out.
    on_phone = UserSession.objects.get(user=member, user_agent="Téléphone")
    laptop.post(reverse("accounts:session_end", args=[on_phone.pk]))
    assert phone.get(reverse("establishments:list")).status_code == 302
    assert laptop.get(reverse("establishments:list")).status_code == 200
    # Another person's session is not theirs to close.
    stranger = UserFactory(organisation=organisation, email="s@example.org")
    elsewhere = Client(HTTP_USER_AGENT="Ailleurs")
    _sign_in(elsewhere, "s@example.org")
    theirs = UserSession.objects.get(user=stranger)
    assert laptop.post(reverse("accounts:session_end", args=[theirs.pk])).status_code == 404
    assert elsewhere.get(reverse("establishments:list")).status_code == 200
    # « Close all the others » from the laptop.
    _sign_in(phone, "m@example.org")
    laptop.post(reverse("accounts:sessions"))
    assert phone.get(reverse("establishments:list")).status_code == 302
    assert laptop.get(reverse("establishments:list")).status_code == 200
    # An administrator ends all of them without deactivating the account.
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    client.post(reverse("accounts:member_sessions", args=[member.pk]))
    assert laptop.get(reverse("establishments:list")).status_code == 302
    member.refresh_from_db()
    assert member.is_active and _sign_in(Client(), "m@example.org").status_code == 302
    assert AuditEvent.objects.filter(action="user.sessions_ended").exists()


def test_a_session_ends_at_its_maximum_life_however_busy(client, organisation, settings):
    user = UserFactory(organisation=organisation)
    client.force_login(user)
    assert client.get(reverse("establishments:list")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_MAX_AGE - 1
    session.save()
    answer = client.get(reverse("establishments:list"))
    assert answer.status_code == 302 and answer.url.startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_spraying_one_password_from_one_address_is_slowed(organisation):
    for n in range(25):
        UserFactory(organisation=organisation, email=f"p{n}@example.org")
    slowed = [
        "Trop de tentatives"
        in page_text(_sign_in(Client(), f"p{n}@example.org", "Printemps2026!", REMOTE_ADDR="10.1.1.1"))
        for n in range(25)
    ]
    assert slowed == [False] * 20 + [True] * 5
    # Another address is not slowed.
    assert _sign_in(Client(), "p0@example.org", REMOTE_ADDR="10.1.1.2").status_code == 302


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_failures_lock_the_client_not_the_person(organisation):
    UserFactory(organisation=organisation, email="nommee@example.org")
    proxy = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(5):
        _sign_in(Client(), "nommee@example.org", "faux", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    locked = _sign_in(Client(), "nommee@example.org", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert locked.status_code == 429
    # The person, from their own device behind the same proxy, still signs in.
    assert (
        _sign_in(Client(), "nommee@example.org", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code
        == 302
    )


def test_a_refused_authorisation_is_in_the_journal(client, organisation, ehpad):
    reader = UserFactory(organisation=organisation, role="read_only")
    client.force_login(reader)
    assert client.post(reverse("establishments:edit", args=[ehpad.pk]), {}).status_code == 403
    # The same refusal replayed is written once (the journal cannot be filled by reloading).
    assert client.post(reverse("establishments:edit", args=[ehpad.pk]), {}).status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor == reader and event.organisation == organisation
    assert event.changes["adresse"] == reverse("establishments:edit", args=[ehpad.pk])


def test_an_operator_opens_an_organisation_for_its_first_administrator():
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from ouvrage.organisations.models import Organisation

    out = StringIO()
    call_command("organisation", "Association Les Ormes", "--admin", "Dir@Ormes.example.org", stdout=out)
    link = re.search(r"(/compte/invitation/\S+)", out.getvalue()).group(1)
    invitation = Invitation.objects.get()
    assert invitation.role == "admin" and invitation.email == "dir@ormes.example.org"
    assert invitation.organisation == Organisation.objects.get(name="Association Les Ormes")
    person = Client()
    done = person.post(link, {"full_name": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert person.get(reverse("accounts:members")).status_code == 200  # the administrator's page
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("organisation", "association les ormes", "--admin", "autre@example.org")
