"""Issue 19, the adverse events register: a professional declares an event from a 390 px phone, the
quality manager qualifies and analyses it and decides an action, and criterion 3.13.3's page shows
the register's live figures."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.frames.models import Criterion
from ouvrage.incidents.models import AdverseEvent
from tests.browser.conftest import login
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} : la page défile de côté ({width} px pour {inner} px)"


def test_declare_on_a_phone_then_qualify_analyse_act_and_see_the_criterion(
    browser, visit, live_server, browser_data
):
    ehpad = browser_data["ehpad"]
    organisation = ehpad.organisation
    professional = UserFactory(organisation=organisation, role="professional", email="aes@example.org")
    quality = UserFactory(organisation=organisation, role="quality", email="qualite@example.org")
    password = browser_data["password"]

    page = visit.page
    page.set_viewport_size(PHONE)
    login(visit, {"user": professional, "password": password})
    page.goto(f"/etablissements/{ehpad.pk}/evenements-indesirables/")
    page.get_by_role("link", name="Déclarer un événement").click()
    visit.check_accessibility()
    fits(page)
    page.get_by_label("Ce qui s'est passé").fill("Chute au retour du repas, sans blessure apparente.")
    page.get_by_label("Lieu").fill("Couloir du 1er étage")
    page.get_by_label("Type d'événement").select_option(label="Chute")
    page.get_by_label("Personne concernée : son code").fill("Mme Martin")
    page.get_by_role("button", name="Déclarer").click()
    expect(page.get_by_text("un pseudonyme, pas un nom").first).to_be_visible()  # a name is refused
    page.get_by_label("Personne concernée : son code").fill("R-017")
    page.get_by_label("Mesures prises immédiatement").fill("Relevée, infirmière appelée.")
    page.get_by_label("Ne pas enregistrer mon nom").check()
    page.get_by_role("button", name="Déclarer").click()
    expect(page.get_by_text("Événement déclaré.")).to_be_visible()
    fits(page)
    visit.check_accessibility()
    event = AdverseEvent.objects.get()
    assert event.declarant is None and event.person_code == "R-017"

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    visit.page = page
    login(visit, {"user": quality, "password": password})
    page.goto(f"/etablissements/{ehpad.pk}/evenements-indesirables/")
    page.get_by_role("link", name=event.number).click()
    visit.check_accessibility()
    page.get_by_label("Événement indésirable grave (EIG)").check()
    page.get_by_label("Gravité").select_option("3")
    page.get_by_label("Fréquence").select_option("2")
    page.get_by_role("button", name="Qualifier").click()
    expect(page.get_by_role("heading", name="À déclarer aux autorités")).to_be_visible()
    expect(page.locator("#declaration")).to_contain_text("R-017")
    page.get_by_label("L'équipe").fill("Relève du midi non faite.")
    page.get_by_label("Synthèse de l'analyse").fill("Un défaut de relève.")
    page.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.get_by_text("Analyse enregistrée.")).to_be_visible()
    page.get_by_label("Action décidée").fill("Écrire la relève du midi")
    page.get_by_role("button", name="Ajouter au plan d'action").click()
    expect(page.get_by_role("heading", name="Écrire la relève du midi")).to_be_visible()
    assert event.actions.get().title == "Écrire la relève du midi"

    criterion = Criterion.objects.get(version__frame__slug="has-essms", code="3.13.3")
    page.goto(f"/etablissements/{ehpad.pk}/cadres/{criterion.version_id}/criteres/{criterion.pk}/")
    expect(page.get_by_role("heading", name="Ce que disent les registres")).to_be_visible()
    expect(page.get_by_text("1 événement déclaré en 12 mois, 1 analysé")).to_be_visible()
    expect(page.get_by_text("1 action dont 0 réalisée")).to_be_visible()
    visit.check_accessibility()
    context.close()
