"""The grid in the field: rating with the network cut, the page reloaded offline, the session lost,
another person changing the same element, a hundred grades waiting. Nothing is lost, nothing is
written twice, nothing is overwritten silently; every state passes axe-core."""

from __future__ import annotations

import os
import time

from playwright.sync_api import expect

from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.models import Person, Rating
from ouvrage.campaigns.services import rate_element
from ouvrage.frames.models import Element
from tests.browser.conftest import DESK, login
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import UserFactory


def open_grid(visit, interview):
    """Open the grid and wait until this device keeps it (service worker active, page kept)."""
    page = visit.page
    page.goto(f"/evaluations/{interview.campaign_id}/entretiens/{interview.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(interview.title)
    until(page, "() => navigator.serviceWorker.controller !== null")
    until(page, "() => caches.open('ouvrage-grids').then(c => c.match(location.pathname)).then(r => !!r)")
    return page


def until(page, script, seconds=15):
    """Poll `script` in the page (wait_for_function would evaluate it as a string, which the
    Content-Security-Policy forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(100)


def rate_with_keyboard(page, count, key="4", start=0):
    marks = page.locator("select[data-grid-mark]")
    marks.nth(start).focus()
    for n in range(count):
        page.keyboard.press(key)
        expect(marks.nth(start + n + 1)).to_be_focused()  # the cursor moved on


def test_rate_offline_reload_offline_then_everything_is_sent_once(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé en cave")
    login(visit, browser_data)
    page = open_grid(visit, interview)
    page.context.set_offline(True)
    rate_with_keyboard(page, 10)
    banner = page.locator("#sync-banner")
    expect(banner).to_contain_text("Hors connexion : 10 cotations gardées sur cet appareil")
    expect(page.locator("#waiting")).to_contain_text("10 en attente d'envoi")
    expect(page.locator(".grid-item").nth(0).get_by_role("status")).to_contain_text("En attente d'envoi")
    visit.check_accessibility()

    page.reload()  # offline: the service worker gives the grid kept today; the queue comes back
    expect(page.get_by_role("heading", level=1)).to_have_text("Traceur ciblé en cave")
    expect(page.locator("select[data-grid-mark]").nth(9)).to_have_value("4")
    expect(page.locator("#waiting")).to_contain_text("10 en attente d'envoi")
    assert Rating.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#waiting")).to_be_hidden(timeout=30_000)
    expect(banner).to_be_hidden()
    expect(page.locator(".grid-item").nth(9).get_by_role("status")).to_have_text("Enregistré.")
    assert Rating.objects.filter(mark="4", version=1).count() == 10
    assert AuditEvent.objects.filter(action="rating.saved").count() == 10  # one history entry each
    visit.check_accessibility()


def test_session_lost_then_sent_only_as_the_same_person(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé du soir")
    colleague = UserFactory(
        organisation=browser_data["ehpad"].organisation, role="quality", email="collegue@example.org"
    )
    login(visit, browser_data)
    page = open_grid(visit, interview)
    page.context.clear_cookies()  # the session ends (expired, signed out elsewhere)
    rate_with_keyboard(page, 1, key="3")
    banner = page.locator("#sync-banner")
    expect(banner).to_contain_text(
        "Votre session a pris fin : reconnectez-vous pour envoyer la cotation en attente"
    )
    visit.check_accessibility()
    assert not Rating.objects.exists()

    # Someone else signs in on this device: the grade waits, it is never sent under their name.
    other = page.context.new_page()
    other.goto("/compte/connexion/")
    other.get_by_label("Adresse électronique").fill(colleague.email)
    other.get_by_label("Mot de passe").fill(browser_data["password"])
    other.get_by_role("button", name="Se connecter").click()
    other.wait_for_url(DESK)
    page.bring_to_front()
    expect(banner).to_contain_text("Une autre personne", timeout=15_000)
    assert not Rating.objects.exists()

    # The person signs in again in another tab (the grid's page stays open): the grade is sent.
    other.get_by_role("button", name="Se déconnecter").click()
    with page.context.expect_page() as opened:
        banner.get_by_role("link").click()  # the banner's link opens the sign-in in a new tab
    again = opened.value
    again.get_by_label("Adresse électronique").fill(browser_data["user"].email)
    again.get_by_label("Mot de passe").fill(browser_data["password"])
    again.get_by_role("button", name="Se connecter").click()
    expect(again.get_by_role("heading", level=1)).to_contain_text("de nouveau connecté")
    page.bring_to_front()
    expect(page.locator(".grid-item").nth(0).get_by_role("status")).to_have_text(
        "Enregistré.", timeout=15_000
    )
    rating = Rating.objects.get()
    assert rating.mark == "3" and rating.updated_by == browser_data["user"]


def test_a_change_made_elsewhere_meanwhile_is_offered_not_overwritten(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé partagé")
    colleague = UserFactory(
        organisation=browser_data["ehpad"].organisation, role="quality", email="autre@example.org"
    )
    login(visit, browser_data)
    page = open_grid(visit, interview)
    page.context.set_offline(True)
    rate_with_keyboard(page, 1, key="2")

    # Meanwhile the colleague rates the same element on their own device, online (through the same
    # service the grid calls: the test server shares one in-memory database between its threads, and
    # a second browser's parallel requests are not what is tested here).
    element = Element.objects.get(pk=page.locator(".grid-item").first.get_attribute("data-element"))
    rate_element(
        interview=interview,
        element=element,
        actor=colleague,
        mark="4",
        comment="",
        justification="",
        expected_version=0,
    )

    page.context.set_offline(False)
    row = page.locator(".grid-item").first
    expect(row.get_by_role("status")).to_contain_text("Modifié entre-temps par", timeout=30_000)
    expect(row.get_by_role("status")).to_contain_text("sa cotation « 4 »")
    expect(row.get_by_role("status")).to_contain_text("la vôtre « 2 »")
    assert Rating.objects.get().mark == "4"  # nothing overwritten
    visit.check_accessibility()
    row.get_by_role("button", name="Garder la mienne").click()
    expect(row.get_by_role("status")).to_have_text("Enregistré.", timeout=15_000)
    rating = Rating.objects.get()
    assert (rating.mark, rating.version, rating.updated_by) == ("2", 2, browser_data["user"])


def test_a_hundred_waiting_grades_are_all_stored(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    person = Person.objects.create(establishment=browser_data["ehpad"], code="P-100")
    interview = interview_for(campaign, "accompagne_traceur", person=person, title="Accompagné traceur P-100")
    login(visit, browser_data)
    page = open_grid(visit, interview)
    page.context.set_offline(True)
    marks = page.locator("select[data-grid-mark]")
    for n in range(100):
        marks.nth(n).select_option("4")
    expect(page.locator("#waiting")).to_contain_text("100 en attente d'envoi")
    started = time.monotonic()
    page.context.set_offline(False)
    expect(page.locator("#waiting")).to_be_hidden(timeout=120_000)
    elapsed = time.monotonic() - started
    assert Rating.objects.filter(mark="4").count() == 100
    assert AuditEvent.objects.filter(action="rating.saved").count() == 100
    if os.environ.get("OUVRAGE_MEASURE"):  # a figure for docs/performance.md, never a test condition
        print(f"\n100 waiting grades sent in {elapsed:.1f} s")


def test_a_comment_is_kept_as_it_is_typed_and_its_limit_said_before(visit, browser_data):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé commenté")
    login(visit, browser_data)
    page = open_grid(visit, interview)
    comment = page.locator(".grid-item").first.get_by_placeholder("Commentaire")
    comment.fill("Vu le classeur des procédures")  # typed, never blurred
    page.wait_for_timeout(1200)  # the page keeps it after a short pause in typing
    page.reload()
    expect(page.locator(".grid-item").first.get_by_placeholder("Commentaire")).to_have_value(
        "Vu le classeur des procédures"
    )
    assert Rating.objects.get().comment == "Vu le classeur des procédures"
    long = page.locator(".grid-item").nth(1).get_by_placeholder("Commentaire")
    long.fill("x" * 4600)
    expect(page.locator(".grid-item").nth(1).locator(".counter")).to_contain_text("4 600 / 5 000 caractères")
    long.fill("x" * 5100)
    expect(page.locator(".grid-item").nth(1).get_by_role("status")).to_contain_text(
        "5 100 caractères : 5 000 au plus", timeout=5_000
    )
    visit.check_accessibility()
    assert Rating.objects.count() == 1  # never cut and sent


def test_new_evidence_from_the_grid_without_leaving_it(visit, browser_data, tmp_path):
    campaign = campaign_for(browser_data["ehpad"])
    interview = interview_for(campaign, "traceur_cible", title="Traceur ciblé avec preuves")
    login(visit, browser_data)
    page = open_grid(visit, interview)
    item = page.locator(".grid-item").nth(3)
    item.locator("summary", has_text="Preuves").click()
    item.get_by_role("button", name="Enregistrer une nouvelle preuve pour cet élément").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Document").check()
    scan = tmp_path / "projet-personnalise.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    dialog.get_by_label("Fichier (10 Mo au plus)").set_input_files(str(scan))
    dialog.get_by_role("button", name="Enregistrer et citer").click()  # no title: refused, file kept
    expect(dialog.get_by_role("alert")).to_contain_text("intitulé")
    assert dialog.get_by_label("Fichier (10 Mo au plus)").evaluate("el => el.files.length") == 1
    visit.check_accessibility()
    dialog.get_by_label("Intitulé").fill("Projet personnalisé de P-007")
    dialog.get_by_role("button", name="Enregistrer et citer").click()
    expect(dialog).to_be_hidden()
    expect(item.locator("summary")).to_have_text("Preuves (1)")
    expect(item.get_by_text("Projet personnalisé de P-007")).to_be_visible()
    assert page.locator("#grid").evaluate("el => window.scrollY") > 0  # still at its place in the grid
