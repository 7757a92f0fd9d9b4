"""On a 390 px phone (issue 18): the header folds its links behind « Menu » without cutting any, and
the long pages keep a sticky sub-header to jump from part to part. On a wide screen the menu is simply
open. (That no main page scrolls sideways at 390, 768 and 1366 px is test_layout.py's.)"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.campaigns.factories import campaign_for

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} : la page défile de côté ({width} px pour {inner} px)"


def test_the_header_folds_behind_menu_on_a_phone_and_stays_open_on_a_wide_screen(visit, browser_data):
    page = visit.page
    login(visit, browser_data)
    navigation = page.get_by_role("navigation", name="Navigation principale")
    menu = page.locator("summary", has_text="Menu")
    expect(menu).to_be_hidden()  # wide screen: every link shown, no button
    expect(navigation.get_by_role("link", name="Cadres d'évaluation")).to_be_visible()

    page.set_viewport_size(PHONE)
    expect(menu).to_be_visible()
    expect(navigation).to_be_hidden()
    visit.check_accessibility()
    menu.click()
    for name in ("Établissements", "Organisme", "Calendrier", "Cadres d'évaluation"):
        link = navigation.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name  # never cut
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    visit.check_accessibility()
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    fits(page)


def test_a_long_page_keeps_its_parts_within_reach(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    page = visit.page
    login(visit, browser_data)
    page.goto(f"/etablissements/{browser_data['ehpad'].pk}/cadres/{campaign.frame_version.pk}/")
    subnav = page.get_by_role("navigation", name="Sur cette page")
    subnav.get_by_role("link", name="Chapitre 3").click()
    expect(page.locator("#ch-3")).to_be_in_viewport()
    expect(subnav).to_be_in_viewport()  # it stays at the top while the page scrolls
    assert subnav.bounding_box()["y"] == 0
    subnav.get_by_text("Aller à l'objectif").click()
    subnav.get_by_role("link", name="2.2", exact=True).click()
    expect(page.locator("[id='obj-2.2']")).to_be_in_viewport()
    visit.check_accessibility()
