"""On a 390 px phone (issue 18): no page scrolls sideways — a wide table scrolls inside its wrapper —,
the header folds its links behind « Menu » without cutting any, and the long pages keep a sticky
sub-header to jump from part to part. On a wide screen the menu is simply open."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.actions.models import Action
from ouvrage.frames.models import Element
from tests.browser.conftest import login
from tests.campaigns.factories import campaign_for, interview_for, rate

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} : la page défile de côté ({width} px pour {inner} px)"


def test_every_main_page_fits_a_phone(visit, browser_data):
    ehpad, user = browser_data["ehpad"], browser_data["user"]
    campaign = campaign_for(ehpad, title="Auto-évaluation 2026")
    interview = interview_for(campaign, title="Accompagné traceur P-001")
    for element in Element.objects.filter(criterion__version=campaign.frame_version).order_by("pk")[:12]:
        rate(interview, element, user, "3")
    Action.objects.create(establishment=ehpad, campaign=campaign, title="Sécuriser le circuit du médicament")
    page = visit.page
    login(visit, browser_data)
    page.set_viewport_size(PHONE)
    for path in (
        "/",
        "/etablissements/",
        f"/etablissements/{ehpad.pk}/",
        f"/evaluations/{campaign.pk}/",
        f"/evaluations/{campaign.pk}/entretiens/{interview.pk}/",
        f"/evaluations/{campaign.pk}/resultats/",
        f"/evaluations/{campaign.pk}/simulation/",
        f"/etablissements/{ehpad.pk}/plan-action/",
        "/organisme/",
        f"/etablissements/{ehpad.pk}/cadres/{campaign.frame_version.pk}/",
        "/calendrier/",
        "/cadres/",
    ):
        page.goto(path)
        fits(page)
    page.goto(f"/evaluations/{campaign.pk}/resultats/")
    visit.check_accessibility()


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
