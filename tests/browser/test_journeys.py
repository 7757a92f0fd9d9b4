"""Main journeys in a real browser: sign in, create an establishment, open its référentiel."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ouvrage.establishments.finess import with_check_digit
from tests.browser.conftest import login


def test_create_establishment_and_browse_its_referentiel(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Établissements et services")
    visit.check_accessibility()

    page.get_by_role("link", name="Créer un établissement").click()
    visit.check_accessibility()
    page.get_by_label("Nom").fill("IME Les Sources")
    page.get_by_label("Numéro FINESS").fill(with_check_digit("69000002"))
    # Choosing the FINESS category prefills the profile through HTMX; the user can still correct it.
    page.get_by_label("Catégorie FINESS").select_option("183")
    expect(page.get_by_label("PHE – Personnes handicapées enfants")).to_be_checked()
    expect(page.get_by_label("Médico-social")).to_be_checked()
    expect(page.get_by_label("Établissement (accueil ou hébergement)")).to_be_checked()
    page.get_by_label("PA – Personnes âgées").check()
    page.get_by_label("Capacité (places ou personnes)").fill("60")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("IME Les Sources")
    expect(page.get_by_text("« IME Les Sources » est créé.")).to_be_visible()
    expect(page.get_by_text("PHE", exact=False).first).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("link", name="Ouvrir le référentiel de l'établissement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Référentiel HAS")
    expect(page.get_by_text("impératifs applicables sur 18")).to_be_visible()
    visit.check_accessibility()

    # Filtering swaps only the results (HTMX) and keeps the address shareable.
    page.get_by_label("Impératifs seulement").check()
    expect(page.locator("#results-title")).to_have_text("18 critères applicables affichés (filtrés)")
    expect(page).to_have_url(re.compile(r"imperative=1"))
    page.get_by_label("Rechercher").fill("aller et venir")
    expect(page.locator("#results-title")).to_contain_text("1 critère applicable affiché")
    visit.check_accessibility()

    page.get_by_role("link", name="2.2.1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Critère 2.2.1")
    expect(page.get_by_text("S'applique à IME Les Sources")).to_be_visible()
    # Issue 16: the manual's words, what the evaluator consults, the references, sources in French.
    expect(page.locator("blockquote.wording")).to_have_text(
        "Les professionnels soutiennent la liberté d’aller et venir de la personne accompagnée."
    )
    expect(page.get_by_role("heading", name="Ce que l'évaluateur consultera")).to_be_visible()
    expect(page.get_by_role("heading", name="Références", exact=True)).to_be_visible()
    expect(
        page.get_by_text("Manuel d’évaluation de la qualité des ESSMS, HAS, juillet 2025, p.")
    ).to_be_visible()
    visit.check_accessibility()
    assert len(visit.checked) == 8  # the desk included


def test_bad_finess_is_explained_next_to_the_field(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    page.goto("/etablissements/nouveau/")
    page.get_by_label("Nom").fill("Service sans clé")
    valid = with_check_digit("69000009")
    bad = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    page.get_by_label("Numéro FINESS").fill(bad)
    page.get_by_label("Catégorie FINESS").select_option("460")
    expect(page.get_by_label("Service (sans hébergement)")).to_be_checked()
    page.get_by_label("Social", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"La clé de contrôle du numéro FINESS « {bad} » est fausse"
    )
    expect(page.get_by_label("Numéro FINESS")).to_have_attribute("aria-invalid", "true")
    visit.check_accessibility()


def test_keyboard_user_reaches_content_with_skip_link(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    ehpad = browser_data["ehpad"]
    page.goto(f"/etablissements/{ehpad.pk}/")
    page.get_by_role("link", name="Ouvrir le référentiel de l'établissement").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Référentiel HAS")


def test_own_work_pages_are_accessible(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    ehpad = browser_data["ehpad"]
    page.goto(f"/etablissements/{ehpad.pk}/journal/")
    page.get_by_label("Date de la situation").fill("2026-11-12")
    page.get_by_role("textbox", name="La situation (obligatoire)", exact=True).fill(
        "Sortie annulée faute d'accompagnant."
    )
    page.get_by_label("Ce qui est prescrit").select_option("project")
    page.get_by_label("La prescription concernée").fill("Projet d'animation")
    page.get_by_label("Personnel").check()
    page.get_by_label("Ne pas enregistrer mon nom").check()
    page.get_by_role("button", name="Noter").click()
    expect(page.get_by_text("noté sans nom")).to_be_visible()
    visit.check_accessibility()
    page.goto(f"/etablissements/{ehpad.pk}/reporting/")
    page.get_by_label("Ce qui est transmis").fill("Rapport d'activité")
    page.get_by_role("combobox", name="Destinataire (obligatoire)").select_option("cd")
    page.get_by_label("Fréquence").select_option("annual")
    page.get_by_label("Heures par occurrence").fill("24")
    page.get_by_label("Qui le fait (fonction)").fill("Direction")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("24,0 heures par an")).to_be_visible()
    visit.check_accessibility()


def test_own_frame_pages_are_accessible(visit, browser_data):
    from tests.campaigns.factories import campaign_for

    page = visit.page
    login(visit, browser_data)
    ehpad = browser_data["ehpad"]
    page.goto(f"/etablissements/{ehpad.pk}/cadre-propre/")
    page.get_by_role("button", name="Copier le point de départ dans notre cadre").click()
    expect(page.get_by_text("Q1.1")).to_be_visible()
    visit.check_accessibility()
    campaign = campaign_for(ehpad)
    page.goto(f"/evaluations/{campaign.pk}/evaluation-propre/")
    first = page.locator("article").first
    first.get_by_label("Appréciation").select_option("En grande partie")
    first.get_by_label("Analyse").fill("Les objectifs ont suivi l'évolution des besoins.")
    first.get_by_role("button", name="Enregistrer la réponse").click()
    expect(page.get_by_text("Réponse à la question Q1.1 enregistrée.")).to_be_visible()
    visit.check_accessibility()


def test_calendar_page_is_accessible(visit, browser_data):
    login(visit, browser_data)
    visit.page.goto("/calendrier/")
    expect(visit.page.get_by_role("heading", level=1)).to_have_text("Calendrier des échéances")
    visit.check_accessibility()


def test_organisation_page_is_accessible(visit, browser_data):
    login(visit, browser_data)
    visit.page.goto("/organisme/")
    expect(visit.page.get_by_role("heading", level=1)).to_contain_text("les établissements côte à côte")
    visit.check_accessibility()


def test_projet_page_is_accessible(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    page.goto(f"/etablissements/{browser_data['ehpad'].pk}/projet/")
    page.get_by_role("button", name="Commencer le projet").click()
    expect(
        page.get_by_role("heading", level=2, name="Ce qui manque (contenu minimal, art. D311-38-3 CASF)")
    ).to_be_visible()
    visit.check_accessibility()


def test_accounts_and_journal_pages_are_accessible(visit, browser_data):
    from ouvrage.accounts.models import User

    User.objects.filter(pk=browser_data["user"].pk).update(role="admin")
    other = User.objects.create_user(
        "educ@example.org", "mot-de-passe-de-test-2026", organisation=browser_data["ehpad"].organisation
    )
    page = visit.page
    login(visit, browser_data)
    page.goto("/organisme/")
    page.get_by_role("link", name="Comptes de l'organisme").click()
    visit.check_accessibility()
    page.get_by_role("button", name=f"Désactiver le compte {other.email}").click()
    expect(page.get_by_text("est désactivé")).to_be_visible()
    page.get_by_role("link", name="Journal des modifications").click()
    expect(page.get_by_role("cell", name="Compte désactivé")).to_be_visible()
    visit.check_accessibility()
