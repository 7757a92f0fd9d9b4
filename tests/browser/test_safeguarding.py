"""Issue 19, maltreatment signals: a professional reports a situation from a 390 px phone and then
sees nothing of it; the director finds it in the register, assesses it, notes the transmission to
the authorities, decides an action and closes it; the organisation's registers page shows it."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.safeguarding.models import Signal, SignalStatus
from tests.browser.conftest import login
from tests.factories import UserFactory

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} : la page défile de côté ({width} px pour {inner} px)"


def test_a_professional_reports_on_a_phone_and_the_director_handles_it(
    browser, visit, live_server, browser_data
):
    ehpad = browser_data["ehpad"]
    professional = UserFactory(organisation=ehpad.organisation, role="professional", email="aes@example.org")
    password = browser_data["password"]

    page = visit.page
    page.set_viewport_size(PHONE)
    login(visit, {"user": professional, "password": password})
    page.goto(f"/etablissements/{ehpad.pk}/")
    page.get_by_role("link", name="Signaler une situation de maltraitance").click()
    visit.check_accessibility()
    fits(page)
    page.get_by_label("Ce qui a été constaté ou rapporté").fill("Propos humiliants pendant la toilette.")
    page.get_by_label("Lieu").fill("Chambre 12")
    page.get_by_label("Nature").select_option(label="Psychologique, verbale")
    page.get_by_label("Qui a signalé la situation").select_option(label="Un professionnel de l'établissement")
    page.get_by_label("Personne accompagnée : son code").fill("Mme Martin")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("un pseudonyme, pas un nom").first).to_be_visible()  # a name is refused
    page.get_by_label("Personne accompagnée : son code").fill("R-017")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("heading", name="Signalement envoyé")).to_be_visible()
    expect(page.get_by_text("toilette")).to_have_count(0)
    fits(page)
    visit.check_accessibility()
    signal = Signal.objects.get()
    assert page.goto(f"/etablissements/{ehpad.pk}/signalements/{signal.pk}/").status == 404

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    visit.page = page
    login(visit, browser_data)
    page.goto(f"/etablissements/{ehpad.pk}/")
    page.get_by_role("link", name="Signalements de maltraitance").click()
    visit.check_accessibility()
    page.get_by_role("link", name=signal.number).click()
    visit.check_accessibility()
    expect(page.get_by_text("Propos humiliants pendant la toilette.")).to_be_visible()
    expect(page.get_by_text("À compléter")).to_be_visible()
    page.get_by_label("Évaluation de la situation").fill("Faits confirmés par deux collègues.")
    page.get_by_label("La situation est à porter à la connaissance des autorités").check()
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Évaluation enregistrée.")).to_be_visible()
    page.get_by_role("button", name="Noter la transmission").click()
    expect(page.get_by_text("Transmission aux autorités notée.")).to_be_visible()
    page.get_by_label("Action décidée").fill("Former l'équipe à la bientraitance")
    page.get_by_role("button", name="Ajouter au plan d'action").click()
    expect(page.get_by_role("heading", name="Former l'équipe à la bientraitance")).to_be_visible()
    page.goto(f"/etablissements/{ehpad.pk}/signalements/{signal.pk}/")
    page.get_by_label("Conclusion").fill("Intervenant changé, équipe formée.")
    page.get_by_role("button", name="Clore le signalement").click()
    expect(page.get_by_text("Signalement clos.")).to_be_visible()
    visit.check_accessibility()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED and signal.authorities_reported_on is not None

    page.goto("/organisme/registres/")
    visit.check_accessibility()
    expect(page.get_by_role("columnheader", name="Signalements en 12 mois")).to_be_visible()
    page.set_viewport_size(PHONE)
    fits(page)
    context.close()
