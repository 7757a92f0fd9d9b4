"""Rating a grid with the keyboard only, then reading the results."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.evidence.models import Evidence
from tests.browser.conftest import login
from tests.campaigns.factories import campaign_for, interview_for


def test_keyboard_rating_with_autosave(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", themes=["T2"], title="Traceur ciblé droits")
    Evidence.objects.create(
        establishment=browser_data["ehpad"], kind="observation", title="Compte rendu du CVS", text="lu"
    )
    page = visit.page
    login(visit, browser_data)
    page.goto(f"/evaluations/{campaign.pk}/entretiens/{interview.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Traceur ciblé droits")
    visit.check_accessibility()

    marks = page.locator("select[data-grid-mark]")
    first, second = marks.nth(0), marks.nth(1)
    first.focus()
    page.keyboard.press("4")
    # Saved without a page load, and the cursor moved on to the next element.
    expect(page.locator("form.grid-row").nth(0).get_by_text("Enregistré.")).to_be_visible()
    expect(second).to_be_focused()
    expect(page.locator("#progress")).to_contain_text("1 /")
    # "N" chooses non concerné: refused on an impératif (2.2.x), said next to the field.
    page.keyboard.press("N")
    row = page.locator("form.grid-row").nth(1)
    expect(row.get_by_role("status")).to_contain_text("impossible sur un critère impératif")
    # The focus went to the justification field; two Shift+Tab go back to the list.
    expect(row.get_by_label("Justification du « non concerné »")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("select[data-grid-mark]").nth(1)).to_be_focused()
    page.keyboard.press("3")
    expect(page.locator("form.grid-row").nth(1).get_by_text("Enregistré.")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("2 /")
    # Evidence: the list opens on demand (HTMX) and cites what the establishment recorded once.
    first_item = page.locator(".grid-item").nth(0)
    first_item.locator("summary", has_text="Preuves").click()
    expect(first_item.get_by_label("Citer une preuve déjà enregistrée")).to_be_visible()
    first_item.get_by_role("button", name="Citer").click()
    expect(first_item.get_by_role("button", name="Retirer")).to_be_visible()
    expect(first_item.get_by_text("Compte rendu du CVS")).to_be_visible()
    visit.check_accessibility()

    page.goto(f"/evaluations/{campaign.pk}/resultats/")
    expect(page.get_by_text("lettre non calculée : évaluation incomplète", exact=True)).to_be_visible()
    # Every figure opens to how it was computed: objective → criterion → elements.
    page.locator("summary", has_text="Objectif 2.2").click()
    page.locator("summary", has_text="Critère 2.2.1 :").click()
    expect(page.get_by_text("« 4 » (Traceur ciblé droits)")).to_be_visible()
    visit.check_accessibility()


def test_simulation_sandbox(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    page = visit.page
    login(visit, browser_data)
    page.goto(f"/evaluations/{campaign.pk}/simulation/")
    expect(page.get_by_role("heading", level=2, name="Sans modification")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Essai pour 2.2.1").select_option("4")
    expect(page.get_by_role("heading", level=2, name="Avec 1 critère modifié")).to_be_visible()
    expect(page.locator("#outcome")).to_contain_text("1 / 18")
    visit.check_accessibility()
