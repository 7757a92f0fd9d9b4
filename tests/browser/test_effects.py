"""Issue 20, the effects lane: a professional records an effect observed on a 390 px phone (a name
among the codes is refused at its field); the quality manager adds a progress marker to the same lane
and notes an observation of it; the HAS criterion's page shows both. Every page is checked with
axe-core and must not scroll sideways on the phone."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.effects.models import ObservedEffect, ProgressMarker
from ouvrage.frames.models import Criterion
from tests.browser.conftest import login
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} : la page défile de côté ({width} px pour {inner} px)"


def test_an_effect_and_a_marker_observation_reach_the_criterion_page(
    browser, visit, live_server, browser_data
):
    ehpad = browser_data["ehpad"]
    password = browser_data["password"]
    professional = UserFactory(organisation=ehpad.organisation, role="professional", email="aes@example.org")
    quality = UserFactory(organisation=ehpad.organisation, role="quality", email="qualite@example.org")
    criterion = Criterion.objects.get(version__frame__slug="has-essms", code="1.11.1")

    page = visit.page
    page.set_viewport_size(PHONE)
    login(visit, {"user": professional, "password": password})
    page.goto(f"/etablissements/{ehpad.pk}/")
    page.get_by_role("link", name="Effets : couloirs, récits de changement, marqueurs de progrès").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les effets de notre travail")
    visit.check_accessibility()
    fits(page)
    page.get_by_label("Objectif du référentiel de la HAS").select_option(
        label=f"1.11 – {criterion.objective.title}"
    )
    page.get_by_role("button", name="Ouvrir son couloir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Couloir des effets")
    visit.check_accessibility()
    fits(page)
    page.get_by_label("Effet observé (obligatoire)").fill(
        "Les familles appellent avant les réunions de projet."
    )
    page.get_by_label("Observé le").fill("2026-11-02")
    page.get_by_label("Positif").check()
    page.get_by_label("Du point de vue de").select_option(label="Proches et familles")
    page.get_by_label("Combien de personnes l'ont constaté").fill("4")
    page.get_by_label("Codes des personnes accompagnées concernées").fill("P-014, Madame Dupont")
    page.get_by_label("Pratiques qui l'ont produit, selon l'équipe").fill(
        "Invitation écrite envoyée trois semaines avant."
    )
    page.get_by_role("button", name="Consigner l'effet").click()
    expect(page.get_by_text("« Madame Dupont » n'est pas un code pseudonyme").first).to_be_visible()
    visit.check_accessibility()
    assert not ObservedEffect.objects.exists()
    page.get_by_label("Codes des personnes accompagnées concernées").fill("P-014")
    page.get_by_role("button", name="Consigner l'effet").click()
    expect(page.get_by_text("Effet observé consigné.")).to_be_visible()
    expect(
        page.get_by_text("1 effet observé : 1 inattendu ; 1 positif ; vus par : Proches et familles")
    ).to_be_visible()
    fits(page)
    visit.check_accessibility()
    lane = page.url

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    visit.page = page
    login(visit, {"user": quality, "password": password})
    page.goto(lane)
    page.get_by_label("Partenaire ou public").fill("Les familles")
    page.get_by_label("On aimerait voir", exact=False).check()
    page.get_by_label("Ce qu'on verrait").fill("Les familles proposent des sujets pour la réunion de projet.")
    page.get_by_role("button", name="Ajouter le marqueur").click()
    expect(page.get_by_text("Marqueur de progrès ajouté à ce couloir.")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="noter une observation").click()
    page.get_by_label("Observé le").fill("2026-11-20")
    page.get_by_label("Assez").check()
    page.get_by_label("Ce qui a été vu").fill("Trois familles sur cinq ont proposé un sujet.")
    page.get_by_role("button", name="Enregistrer l'observation").click()
    visit.check_accessibility()
    assert ProgressMarker.objects.get().observations.count() == 1

    page.goto(f"/etablissements/{ehpad.pk}/cadres/{criterion.version_id}/criteres/{criterion.pk}/")
    effects = page.locator("ul.effect-figures")
    expect(effects).to_contain_text("Objectif 1.11")
    expect(effects).to_contain_text("Les familles appellent avant les réunions de projet.")
    expect(effects).to_contain_text("1 marqueur de progrès, dernier constat le 20 novembre 2026")
    expect(effects).to_contain_text("— Assez")
    visit.check_accessibility()
    context.close()
