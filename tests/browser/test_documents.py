"""After an evaluation: build the action plan from the results and download the report."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.campaigns.fixtures import rated_campaign


def test_action_plan_and_report_download(visit, browser_data):
    campaign = rated_campaign(browser_data["ehpad"], browser_data["user"])
    page = visit.page
    login(visit, browser_data)
    page.goto(f"/evaluations/{campaign.pk}/")
    visit.check_accessibility()

    page.get_by_role("link", name="Actions proposées par les résultats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions proposées par les résultats")
    visit.check_accessibility()
    page.get_by_role("button", name="Ajouter au plan d'action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan d'action")
    expect(page.get_by_text("Atteindre pleinement l'impératif").first).to_be_visible()
    visit.check_accessibility()

    page.goto(f"/evaluations/{campaign.pk}/")
    page.get_by_role("button", name="Produire le rapport PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Terminé", timeout=30_000)  # a PDF, on a busy machine
    visit.check_accessibility()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename == f"rapport-auto-evaluation-{campaign.pk}.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    page.goto(f"/evaluations/{campaign.pk}/rapport/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport d'auto-évaluation")
    visit.check_accessibility()
    page.goto(f"/evaluations/{campaign.pk}/grilles/import/")
    visit.check_accessibility()
