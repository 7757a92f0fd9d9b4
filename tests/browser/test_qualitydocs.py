"""An editor adds a procedure naming who must read it; a professional acknowledges it from their
desk on a phone; the register shows one reading. Every page is checked with axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.qualitydocs.models import Acknowledgement
from tests.browser.conftest import DESK, Visit
from tests.factories import UserFactory


def _signed_in(browser, live_server, email, password, **context):
    visit = Visit(
        browser.new_context(base_url=live_server.url, locale="fr-FR", **context).new_page(), live_server.url
    )
    page = visit.page
    page.set_default_timeout(10_000)
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(DESK)
    return visit


def test_a_procedure_is_read_from_the_desk(browser, live_server, browser_data):
    ehpad = browser_data["ehpad"]
    password = browser_data["password"]
    UserFactory(organisation=ehpad.organisation, role="quality", email="qualite@example.org")
    nurse = UserFactory(
        organisation=ehpad.organisation, role="professional", email="ide@example.org", full_name="Inès Dubois"
    )

    editor = _signed_in(
        browser, live_server, "qualite@example.org", password, viewport={"width": 1366, "height": 900}
    )
    page = editor.page
    page.goto(f"/etablissements/{ehpad.pk}/documents-qualite/")
    editor.check_accessibility()
    page.get_by_role("link", name="Ajouter un document").click()
    editor.check_accessibility()
    page.get_by_label("Intitulé").fill("Protocole canicule")
    page.get_by_label("Inès Dubois").check()
    page.get_by_label("Ou son texte").fill("Boire toutes les heures ; pièce rafraîchie au rez-de-chaussée.")
    page.get_by_role("button", name="Enregistrer le document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protocole canicule")
    editor.check_accessibility()

    phone = _signed_in(
        browser, live_server, nurse.email, password, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = phone.page
    expect(page.get_by_role("heading", name="Documents à lire")).to_be_visible()
    phone.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="J'ai lu cette version").click()
    expect(page.get_by_text("version 1, notée")).to_be_visible()
    expect(page.get_by_role("heading", name="Documents à lire")).to_have_count(0)
    assert Acknowledgement.objects.filter(user=nurse).count() == 1

    page = editor.page
    page.goto(f"/etablissements/{ehpad.pk}/documents-qualite/")
    expect(page.get_by_role("row", name="Protocole canicule")).to_contain_text("1 sur 1")
    editor.check_accessibility()

    # The crisis plan's page: an exercise with an action of the plan.
    page.get_by_role("link", name="Plan de crise : exercices et contacts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan de crise")
    editor.check_accessibility()
    page.get_by_label("Date de l'exercice").fill("2026-01-15")
    page.get_by_label("Scénario").fill("Canicule")
    page.get_by_label("Action décidée (facultatif)").fill("Équiper une seconde pièce rafraîchie")
    page.get_by_role("button", name="Enregistrer l'exercice").click()
    expect(page.get_by_role("link", name="Équiper une seconde pièce rafraîchie")).to_be_visible()
    editor.check_accessibility()
