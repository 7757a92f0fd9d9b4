"""The main journey with the keyboard only: sign in, open a grid, rate, see the results, download
the report. No click and no typed address after the first page: Tab, Shift+Tab, Enter and the
rating keys; every focused control shows the focus ring; every page passes axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import DESK
from tests.campaigns.factories import campaign_for, interview_for


def tab_to(page, target, *, backwards=False, limit=120):
    """Press Tab (or Shift+Tab) until `target` has the focus; it must show a visible focus ring."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
            assert outline != "none", f"no visible focus on {target}"
            return
    raise AssertionError(f"{target} cannot be reached with {key}")


def back_to_campaign(page):
    """Shift+Tab up to the breadcrumb's campaign link, Enter."""
    breadcrumb = page.get_by_role("navigation", name="Fil d'Ariane")
    tab_to(page, breadcrumb.get_by_role("link", name="Auto-évaluation 2026"), backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Auto-évaluation 2026")


def test_keyboard_only_main_journey(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"], title="Auto-évaluation 2026")
    interview_for(campaign, "traceur_cible", themes=["T2"], title="Traceur ciblé droits")
    page = visit.page
    page.goto("/compte/connexion/")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("Adresse électronique"))
    page.keyboard.type(browser_data["user"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(browser_data["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(DESK)
    visit.check_accessibility()
    tab_to(page, page.get_by_role("link", name="Établissements", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url("**/etablissements/")

    tab_to(page, page.get_by_role("link", name="EHPAD Les Tilleuls"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("EHPAD Les Tilleuls")
    tab_to(page, page.get_by_role("link", name="Auto-évaluation 2026"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Auto-évaluation 2026")
    visit.check_accessibility()
    tab_to(page, page.get_by_role("link", name="Traceur ciblé droits"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Traceur ciblé droits")

    tab_to(page, page.locator("select[data-grid-mark]").first)
    page.keyboard.press("4")
    expect(page.locator("form.grid-row").nth(0).get_by_text("Enregistré.")).to_be_visible()
    expect(page.locator("select[data-grid-mark]").nth(1)).to_be_focused()  # the cursor moved on
    page.keyboard.press("3")
    expect(page.locator("form.grid-row").nth(1).get_by_text("Enregistré.")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("2 /")
    visit.check_accessibility()

    back_to_campaign(page)
    tab_to(page, page.get_by_role("link", name="Voir les résultats"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("lettre non calculée : évaluation incomplète", exact=True)).to_be_visible()
    visit.check_accessibility()

    back_to_campaign(page)
    tab_to(page, page.get_by_role("button", name="Produire le rapport PDF"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Terminé", timeout=30_000)  # a PDF, on a busy machine
    visit.check_accessibility()
    link = page.get_by_role("link", name="Télécharger le PDF")
    tab_to(page, link)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
