"""A relative files a complaint on a phone through the public link, without an account; the quality
manager acknowledges and answers it; the relative reads the answer through the follow-up link.
Every page is checked with axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ouvrage.complaints.models import Complaint, ComplaintLink
from tests.browser.conftest import DESK, Visit
from tests.factories import UserFactory


def test_a_relative_files_a_complaint_and_reads_the_answer(browser, live_server, browser_data):
    ehpad = browser_data["ehpad"]
    link = ComplaintLink.objects.create(establishment=ehpad)
    quality = UserFactory(organisation=ehpad.organisation, role="quality", email="qualite@example.org")

    # The relative, on a phone, without an account.
    phone = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    relative = Visit(phone.new_page(), live_server.url)
    relative.page.goto(f"/reclamer/{link.token}/")
    expect(relative.page.get_by_role("heading", level=1)).to_have_text("Dire ce qui ne va pas")
    relative.check_accessibility()
    relative.page.get_by_role("button", name="Envoyer").click()
    expect(relative.page.get_by_role("alert").first).to_contain_text("Dites qui vous êtes.")
    relative.check_accessibility()
    relative.page.get_by_text("Un proche, la famille").click()
    relative.page.get_by_label("Ce qui ne va pas").fill("Ma mère attend vingt minutes la sonnette la nuit.")
    relative.page.get_by_role("button", name="Envoyer").click()
    expect(relative.page.get_by_role("heading", level=1)).to_have_text("Votre message")
    expect(relative.page.get_by_text("Il va le lire.")).to_be_visible()
    relative.check_accessibility()
    assert relative.page.evaluate("document.documentElement.scrollWidth") <= 390
    follow_url = relative.page.url
    complaint = Complaint.objects.get()
    assert complaint.channel == "public_link"

    # The quality manager, on a laptop.
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
    page.goto(f"/etablissements/{ehpad.pk}/")
    page.get_by_role("link", name="Réclamations et plaintes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réclamations et plaintes")
    manager.check_accessibility()
    page.get_by_role("link", name=complaint.reference).click()
    manager.check_accessibility()
    page.get_by_role("button", name="Noter l'accusé de réception").click()
    expect(page.get_by_text("Accusé de réception noté.")).to_be_visible()
    page.get_by_label("La réponse donnée").fill(
        "Rappel des consignes à l'équipe de nuit ; temps de réponse suivi."
    )
    page.get_by_label("La réponse pour la personne, facile à lire").fill(
        "Merci. La nuit, l'équipe vient maintenant plus vite quand votre mère sonne."
    )
    page.get_by_label("Ce qui a changé").fill(
        "Une ronde de plus à 2 h ; temps de réponse relevé chaque semaine."
    )
    page.get_by_role("button", name="Enregistrer la réponse").click()
    expect(page.get_by_text("Réponse enregistrée")).to_be_visible()
    manager.check_accessibility()
    desk.close()

    # The relative comes back with the follow-up link.
    relative.page.goto(follow_url)
    expect(relative.page.get_by_text(re.compile("l'équipe vient maintenant plus vite"))).to_be_visible()
    expect(relative.page.get_by_text("Une ronde de plus")).to_have_count(0)  # for the team only
    relative.check_accessibility()
    phone.close()
