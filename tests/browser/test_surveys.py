"""An easy-to-read questionnaire answered on a phone, without an account, checked with axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from ouvrage.surveys.models import EasyReadSurvey, SurveyQuestion, SurveyResponse


def test_answer_on_a_phone_without_account(browser, live_server, browser_data):
    survey = EasyReadSurvey.objects.create(
        establishment=browser_data["ehpad"], title="Votre avis", intro="Deux questions."
    )
    SurveyQuestion.objects.create(survey=survey, position=1, text="Vous mangez bien ?", pictogram="repas")
    SurveyQuestion.objects.create(survey=survey, position=2, text="On vous écoute ?", pictogram="parole")
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    from tests.browser.conftest import Visit

    visit = Visit(page, live_server.url)
    page.goto(f"/q/{survey.token}/")
    visit.check_accessibility()
    page.get_by_role("link", name="Commencer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous mangez bien ?")
    expect(page.get_by_role("img", name="Pictogramme : une assiette et des couverts")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("button", name="Question suivante").click()
    expect(page.get_by_role("alert")).to_contain_text("Choisissez une réponse")
    visit.check_accessibility()
    page.get_by_label("Un peu").check()
    page.get_by_role("button", name="Question suivante").click()
    page.keyboard.press("Tab")
    page.get_by_label("Oui").check()
    page.get_by_role("button", name="J'ai fini").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci.")
    visit.check_accessibility()
    assert SurveyResponse.objects.get().answers.count() == 2
    context.close()
