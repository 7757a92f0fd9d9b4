"""A resident tells a story of change on a phone through the public link, without an account; the
quality manager's session selects it with a reason; the resident reads the reason through their own
link; the own evaluation report shows the story with the reason. Every page is checked with axe-core."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from ouvrage.effects.models import ChangeStory, StoryLink, StorySelection
from ouvrage.ownframe.models import CollectiveSession
from tests.browser.conftest import DESK, Visit
from tests.campaigns.factories import campaign_for
from tests.factories import UserFactory

REASON = "Il montre que la liberté d'aller et venir se joue dans les petites choses."


def test_a_resident_tells_a_story_a_session_selects_it_the_resident_reads_why(
    browser, live_server, browser_data
):
    ehpad = browser_data["ehpad"]
    link = StoryLink.objects.create(establishment=ehpad)
    quality = UserFactory(organisation=ehpad.organisation, role="quality", email="qualite@example.org")
    campaign = campaign_for(ehpad)
    CollectiveSession.objects.create(
        establishment=ehpad, held_on=timezone.localdate(), title="Choix des récits de changement"
    )

    # The resident, on a phone, without an account.
    phone = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    resident = Visit(phone.new_page(), live_server.url)
    page = resident.page
    page.goto(f"/raconter/{link.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raconter ce qui a changé")
    resident.check_accessibility()
    page.get_by_text("Je suis une personne accompagnée par l'établissement").click()
    page.get_by_label("Qu'est-ce qui a changé").fill(
        "Je vais seule au jardin avec le code affiché à la porte."
    )
    page.get_by_label("Pour qui").fill("pour moi")
    page.get_by_label("Pourquoi c'est important pour vous").fill("Je me sens libre, comme chez moi.")
    page.get_by_text("Vie quotidienne et autonomie").click()
    page.get_by_role("button", name="Envoyer mon récit").click()  # without consent: refused, said
    expect(page.get_by_role("alert").first).to_contain_text("Cochez la case pour dire que vous êtes d'accord")
    resident.check_accessibility()
    assert not ChangeStory.objects.exists()
    page.get_by_text("Je suis d'accord").click()
    page.get_by_role("button", name="Envoyer mon récit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre récit")
    expect(page.get_by_text("pas encore été lu en séance")).to_be_visible()
    resident.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    mine = page.url
    story = ChangeStory.objects.get()
    assert story.channel == "link" and story.told_by == "person"

    # The quality manager, on a laptop, in the session.
    desk = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    manager = Visit(desk.new_page(), live_server.url)
    page = manager.page
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(quality.email)
    page.get_by_label("Mot de passe").fill(browser_data["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(DESK)
    page.goto(f"/etablissements/{ehpad.pk}/seances/")
    page.get_by_role("link", name="Choisir les récits les plus significatifs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir les récits les plus significatifs")
    manager.check_accessibility()
    section = page.locator("section", has=page.get_by_role("heading", name="Vie quotidienne et autonomie"))
    section.get_by_role("button").click()  # without a story nor a reason: refused, said
    section = page.locator("section", has=page.get_by_role("heading", name="Vie quotidienne et autonomie"))
    expect(section.get_by_text("Choisissez un récit.")).to_be_visible()
    manager.check_accessibility()
    section.get_by_label("Personnes accompagnées").check()
    section.get_by_label("Pourquoi ce récit").fill(REASON)
    section.get_by_label("Ce que l'équipe dit en retour").fill("Merci : le code restera affiché.")
    section.get_by_role("button").click()
    expect(page.get_by_text("Choix enregistré pour « Vie quotidienne et autonomie »")).to_be_visible()
    manager.check_accessibility()
    assert StorySelection.objects.get().reasons == REASON
    # The own evaluation report shows the selected story with the session's reason.
    page.goto(f"/evaluations/{campaign.pk}/rapport-propre/")
    effects = page.locator("section.effects")
    expect(effects).to_contain_text("Je vais seule au jardin avec le code affiché à la porte.")
    expect(effects).to_contain_text(f"Pourquoi l'équipe l'a choisi : {REASON}")
    manager.check_accessibility()
    desk.close()

    # The resident comes back with their own link.
    resident.page.goto(mine)
    expect(resident.page.get_by_text("Votre récit a été choisi par l'équipe le")).to_be_visible()
    expect(resident.page.get_by_text(REASON)).to_be_visible()
    expect(resident.page.get_by_text("le code restera affiché")).to_be_visible()
    resident.check_accessibility()
    phone.close()
