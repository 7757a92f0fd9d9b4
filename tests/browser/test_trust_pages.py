"""The pages added for trust, checked in the browser with axe-core: open sessions, questionnaire
results with answers to check, the shared tablet's thank-you page, an establishment document in
production, the confirmation before a security change."""

from __future__ import annotations

from tests.browser.conftest import login


def test_trust_pages_are_accessible(visit, browser_data):
    from ouvrage.documents.models import ReportJob
    from ouvrage.projet.models import Projet
    from ouvrage.surveys.models import EasyReadSurvey, SurveyQuestion, SurveyResponse

    ehpad = browser_data["ehpad"]
    survey = EasyReadSurvey.objects.create(establishment=ehpad, title="Votre avis")
    SurveyQuestion.objects.create(survey=survey, position=1, text="Vous mangez bien ?", pictogram="repas")
    for n in range(5):
        SurveyResponse.objects.create(survey=survey, source="abc", flagged=n >= 3)
    projet = Projet.objects.create(establishment=ehpad)
    job = ReportJob.objects.create(projet=projet, kind="projet")
    login(visit, browser_data)
    page = visit.page

    page.goto("/compte/sessions/")
    assert "(cet appareil)" in page.locator("main").inner_text()
    visit.check_accessibility()

    page.goto(f"/etablissements/{ehpad.pk}/questionnaires/{survey.pk}/")
    assert "Réponses à vérifier" in page.locator("main").inner_text()
    visit.check_accessibility()
    page.get_by_role("button", name="Mettre de côté").first.click()
    page.wait_for_load_state()
    assert "elle n'est plus comptée" in page.locator("main").inner_text()
    visit.check_accessibility()

    page.get_by_role("button", name="Ouvrir sur cet appareil en tablette partagée").click()
    page.wait_for_url(f"**/q/{survey.token}/")
    visit.check_accessibility()
    page.get_by_role("link", name="Commencer").click()
    page.locator("label.answer").first.click()
    page.get_by_role("button", name="J'ai fini").click()
    page.wait_for_url("**/merci/")
    assert page.get_by_role("link", name="Une autre personne").is_visible()
    visit.check_accessibility()

    page.goto(f"/etablissements/{ehpad.pk}/documents/{job.pk}/")
    assert "En attente" in page.locator("main").inner_text()
    visit.check_accessibility()

    page.goto("/compte/2fa/totp/activate/")
    page.wait_for_url("**/reauthenticate/**")
    visit.check_accessibility()
    assert len(visit.checked) >= 8
