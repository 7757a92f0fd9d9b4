"""An evaluation closed while a device in the field still holds grades: the director closes it from
its page (what is missing written down), the device comes back online, each waiting grade is refused
with the reason in its row, nothing is written; the grid and the page then say it is closed."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.campaigns.lifecycle import State
from ouvrage.campaigns.models import Campaign, Rating
from tests.browser.conftest import Visit, login
from tests.browser.test_offline_grid import open_grid, rate_with_keyboard
from tests.campaigns.fixtures import rated_campaign


def test_closing_while_a_device_is_offline(visit, browser_data):
    campaign = rated_campaign(browser_data["ehpad"], browser_data["user"], title="Auto-évaluation 2026")
    interview = campaign.interviews.get(method="traceur_cible")
    ratings = {r.pk: (r.mark, r.version) for r in Rating.objects.filter(interview=interview)}
    login(visit, browser_data)
    field = open_grid(visit, interview)
    field.context.set_offline(True)
    rate_with_keyboard(field, 3, key="1")
    expect(field.locator("#waiting")).to_contain_text("3 en attente d'envoi")

    desk = field.context.browser.new_context(base_url=visit.base_url, locale="fr-FR").new_page()
    desk.goto("/compte/connexion/")
    desk.get_by_label("Adresse électronique").fill(browser_data["user"].email)
    desk.get_by_label("Mot de passe").fill(browser_data["password"])
    desk.get_by_role("button", name="Se connecter").click()
    at_desk = Visit(desk, visit.base_url)
    desk.goto(f"/evaluations/{campaign.pk}/")
    expect(desk.get_by_role("heading", level=2, name="État : En cours")).to_be_visible()
    at_desk.check_accessibility()
    desk.get_by_role("link", name="Clôturer").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Clôturer l'évaluation")
    expect(desk.get_by_text("Évaluation incomplète")).to_be_visible()
    at_desk.check_accessibility()
    desk.get_by_role("button", name="Clôturer").click()
    expect(desk.get_by_role("alert").first).to_contain_text("écrivez ce qui manque")  # refused, kept
    at_desk.check_accessibility()
    desk.get_by_label("Ce qui manque, et pourquoi").fill("Les accompagnés traceurs sont reportés à 2027.")
    desk.get_by_role("button", name="Clôturer").click()
    expect(desk.get_by_role("heading", level=2, name="État : Clôturée")).to_be_visible()
    expect(desk.get_by_role("link", name="Rouvrir")).to_be_visible()
    at_desk.check_accessibility()
    desk.goto(f"/evaluations/{campaign.pk}/resultats/")
    expect(desk.get_by_text("Évaluation clôturée incomplète")).to_be_visible()
    at_desk.check_accessibility()
    desk.goto(f"/evaluations/{campaign.pk}/simulation/?imperatifs=1")
    at_desk.check_accessibility()
    assert Campaign.objects.get(pk=campaign.pk).lifecycle is State.CLOSED

    field.context.set_offline(False)
    expect(field.locator("#waiting")).to_be_hidden(timeout=30_000)
    first = field.locator(".grid-item").nth(0)
    expect(first.get_by_role("status")).to_contain_text("Cette évaluation est clôturée")
    assert {r.pk: (r.mark, r.version) for r in Rating.objects.filter(interview=interview)} == ratings
    visit.check_accessibility()
    field.reload()
    expect(field.get_by_text("la grille se lit, elle ne se modifie plus")).to_be_visible()
    expect(field.locator("select[data-grid-mark]").first).to_be_disabled()
    visit.check_accessibility()
    desk.context.close()
