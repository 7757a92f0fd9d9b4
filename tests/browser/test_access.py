"""People and access in the browser: an administrator invites a director; she accepts, sets up her
second factor, signs in with it, changes her password, forgets it and resets it. An external
evaluator plans and rates their evaluation and finds nothing else. A restricted person whose last
establishment is removed sees none. Every page is checked with axe-core."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import DESK, login

PASSWORD = "mot-de-passe-de-test-2026"
CHOSEN = "Une phrase de passe choisie 2026"
CHANGED = "Une autre phrase de passe 2027"
RESET = "La troisième phrase de passe 2028"


def _code(secret: str, step: int = 0) -> str:
    """The six digits an authentication application shows (`step` periods ahead)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _sign_in(visit, email, password, secret=None, step=0):
    page = visit.page
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if secret is not None:
        page.wait_for_url("**/compte/2fa/authenticate/")
        visit.check_accessibility()
        page.get_by_label("Code").fill(_code(secret, step))
        page.get_by_role("button", name="Valider").click()
    page.wait_for_url(DESK)


def _sign_out(visit):
    page = visit.page
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/compte/connexion/")


@pytest.fixture
def strict(browser_data, settings):
    """The organisation requires a second factor of its administration and direction; its
    administrator has one. A tolerance of one period lets two sign-ins follow within 30 seconds."""
    from tests.factories import UserFactory

    settings.MFA_TOTP_TOLERANCE = 1
    organisation = browser_data["user"].organisation
    organisation.mfa_required = True
    organisation.save()
    admin = UserFactory(organisation=organisation, role="admin", email="admin@example.org")
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    return {**browser_data, "admin": admin, "admin_secret": secret}


def test_invite_accept_second_factor_change_forget_and_reset(visit, strict):
    page = visit.page
    _sign_in(visit, "admin@example.org", PASSWORD, strict["admin_secret"])
    page.goto("/compte/membres/")
    visit.check_accessibility()
    page.get_by_role("link", name="Inviter une personne").click()
    visit.check_accessibility()
    page.get_by_label("Adresse électronique").fill("Directrice@Example.org")
    page.get_by_label("Nom complet").fill("Claire Dubois")
    page.get_by_label(re.compile(r"^Direction —")).check()
    page.get_by_label("Tous les établissements").check()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.wait_for_url("**/compte/membres/")
    assert "Invitation envoyée à directrice@example.org" in page.content()
    assert "Claire Dubois" in page.locator("main").inner_text()
    visit.check_accessibility()
    _sign_out(visit)

    # She follows the link of the e-mail, reads the rules, chooses her password.
    (invitation,) = mail.outbox
    page.goto(_link(invitation))
    visit.check_accessibility()
    assert "12 caractères" in page.locator("main").inner_text()
    page.locator("#id_password1").fill(CHOSEN)
    page.locator("#id_password2").fill(CHOSEN)
    page.get_by_role("button", name="Créer mon compte").click()
    # Director of an organisation that requires it: her account page, second factor to activate.
    page.wait_for_url("**/compte/")
    assert "Double authentification à activer" in page.locator("main").inner_text()
    visit.check_accessibility()
    page.goto("/etablissements/")
    page.wait_for_url("**/compte/")  # nothing else until it is done
    page.get_by_role("link", name="Activer avec une application").click()
    visit.check_accessibility()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code").fill(_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url(re.compile(r".*/compte/2fa/.*"))
    visit.check_accessibility()
    page.goto("/etablissements/")
    assert page.get_by_role("heading", name="Établissements").is_visible()
    _sign_out(visit)

    # Signing in asks for the six digits; then she changes her password.
    _sign_in(visit, "directrice@example.org", CHOSEN, secret, step=1)
    page.goto("/compte/")
    page.get_by_role("link", name="Changer de mot de passe").click()
    visit.check_accessibility()
    page.locator("#id_oldpassword").fill(CHOSEN)
    page.locator("#id_password1").fill(CHANGED)
    page.locator("#id_password2").fill(CHANGED)
    page.get_by_role("button", name="Changer le mot de passe").click()
    page.wait_for_load_state()
    assert "Mot de passe modifié" in page.content()
    _sign_out(visit)

    # Forgotten: the link by e-mail, a new password, then signing in with it.
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    visit.check_accessibility()
    page.locator("#id_email").fill("directrice@example.org")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_url("**/compte/password/reset/done/")
    visit.check_accessibility()
    page.goto(_link(mail.outbox[-1]))
    visit.check_accessibility()
    page.locator("#id_password1").fill(RESET)
    page.locator("#id_password2").fill(RESET)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.wait_for_url("**/compte/password/reset/key/done/")
    visit.check_accessibility()
    _sign_in(visit, "directrice@example.org", RESET, secret, step=-1)
    assert len(visit.checked) >= 12


def test_an_evaluator_plans_and_rates_and_finds_nothing_else(visit, browser_data):
    from ouvrage.campaigns.models import Interview
    from ouvrage.frames.models import FrameVersion
    from tests.campaigns.factories import campaign_for, interview_for
    from tests.factories import UserFactory

    ehpad = browser_data["ehpad"]
    external = campaign_for(ehpad, kind="external", title="Évaluation externe 2027")
    own = campaign_for(ehpad, title="Auto-évaluation 2026")
    interview_for(own, "traceur_cible", title="Traceur interne")
    evaluator = UserFactory(
        organisation=ehpad.organisation,
        role="evaluator",
        email="evaluatrice@example.org",
        all_establishments=False,
    )
    evaluator.campaigns.add(external)
    assert FrameVersion.objects.exists()
    login(visit, {"user": evaluator, "password": PASSWORD})
    page = visit.page
    main = page.locator("main").inner_text()
    assert "Vos évaluations externes" in main and "Auto-évaluation 2026" not in main
    visit.check_accessibility()
    page.get_by_role("link", name="Évaluation externe 2027").click()
    visit.check_accessibility()
    page.get_by_role("link", name="Planifier un traceur ciblé").click()
    visit.check_accessibility()
    page.locator("#id_title").fill("Traceur ciblé de la visite")
    page.get_by_role("button", name="Planifier").click()
    page.wait_for_url(f"**/evaluations/{external.pk}/**")
    interview = Interview.objects.get(title="Traceur ciblé de la visite")
    page.goto(f"/evaluations/{external.pk}/entretiens/{interview.pk}/")
    visit.check_accessibility()
    page.locator("select[data-grid-mark]").nth(0).select_option("4")
    expect(page.locator("form.grid-row").nth(0).get_by_text("Enregistré.")).to_be_visible()
    assert interview.ratings.count() == 1
    for path in (f"/etablissements/{ehpad.pk}/", f"/evaluations/{own.pk}/", "/organisme/"):
        response = page.goto(path)
        assert response.status in (403, 404), path
        visit.check_accessibility()


def test_a_restricted_person_whose_last_establishment_is_removed_sees_none(visit, browser_data):
    from tests.factories import UserFactory

    ehpad = browser_data["ehpad"]
    person = UserFactory(
        organisation=ehpad.organisation,
        role="quality",
        email="restreinte@example.org",
        all_establishments=False,
    )
    person.establishments.add(ehpad)
    login(visit, {"user": person, "password": PASSWORD})
    page = visit.page
    assert "EHPAD Les Tilleuls" in page.locator("main").inner_text()
    person.establishments.remove(ehpad)
    page.reload()
    main = page.locator("main").inner_text()
    assert "EHPAD Les Tilleuls" not in main and "Aucun établissement" in main
    assert page.get_by_role("link", name="Créer un établissement").count() == 0
    visit.check_accessibility()
    assert page.goto(f"/etablissements/{ehpad.pk}/").status == 404
