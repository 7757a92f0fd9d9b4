from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ouvrage.surveys.models import EasyReadSurvey, SurveyAnswer, SurveyResponse
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


QUESTIONS = (
    "Vous mangez bien ? | repas | 1.14.1\nVous vous sentez chez vous ? | maison\nOn vous écoute ? | parole"
)


@pytest.fixture
def survey(director_client, ehpad):
    director_client.post(
        reverse("surveys:list", args=[ehpad.pk]),
        {"title": "Votre avis", "intro": "Trois questions sur la vie ici.", "questions": QUESTIONS},
    )
    return EasyReadSurvey.objects.get()


def test_answer_without_account_one_question_per_screen(anonymous, survey):
    client = anonymous
    start = client.get(reverse("surveys:start", args=[survey.token]))
    assert start.status_code == 200 and "Il y a 3 questions." in visible_text(start)
    first = reverse("surveys:question", args=[survey.token, 1])
    page = client.get(first)
    assert "Question 1 sur 3" in visible_text(page) and "Pictogramme : une assiette" in page_text(page)
    assert "Choisissez une réponse" in page_text(client.post(first, {}))
    assert client.post(first, {"value": "Oui"}).url == reverse("surveys:question", args=[survey.token, 2])
    client.post(reverse("surveys:question", args=[survey.token, 2]), {"value": "Un peu"})
    assert not SurveyResponse.objects.exists()  # nothing saved before the end
    last = client.post(reverse("surveys:question", args=[survey.token, 3]), {"value": "Je ne sais pas"})
    assert last.url == reverse("surveys:done", args=[survey.token])
    assert "Merci." in visible_text(client.get(last.url))
    response = SurveyResponse.objects.get()
    assert sorted(a.value for a in response.answers.all()) == ["Je ne sais pas", "Oui", "Un peu"]
    assert [f.name for f in SurveyResponse._meta.fields] == [
        "id",
        "survey",
        "submitted_at",
        "source",
        "shared_device",
        "flagged",
        "set_aside",
    ]  # nothing about the person: `source` is a keyed hash of the address, not the address
    assert len(response.source) == 16 and "127" not in response.source


def test_survey_pages_lead_nowhere_else(anonymous, survey):
    client = anonymous
    allowed = (f"/q/{survey.token}/", "/static/")
    for url in (
        reverse("surveys:start", args=[survey.token]),
        reverse("surveys:question", args=[survey.token, 2]),
    ):
        html = client.get(url).content.decode()
        links = re.findall(r'(?:href|action|src)="([^"]*)"', html)
        assert links and all(link.startswith(allowed) or link == "" for link in links), links
    # And the rest of the application still asks for a login.
    assert client.get(reverse("establishments:list")).status_code == 302


def test_unknown_or_closed_survey_is_404(anonymous, director_client, survey, ehpad):
    client = anonymous
    assert client.get(reverse("surveys:start", args=["pas-un-jeton"])).status_code == 404
    assert client.get(reverse("surveys:question", args=[survey.token, 9])).status_code == 404
    director_client.post(reverse("surveys:results", args=[ehpad.pk, survey.pk]), {"open": "0"})
    assert client.get(reverse("surveys:start", args=[survey.token])).status_code == 404


def test_results_and_qr_for_staff(director_client, survey, ehpad):
    for value in ("Oui", "Non"):
        client = Client()  # two people, two devices
        client.get(reverse("surveys:start", args=[survey.token]))
        for n in (1, 2, 3):
            client.post(reverse("surveys:question", args=[survey.token, n]), {"value": value})
        client.get(reverse("surveys:done", args=[survey.token]))
    page = director_client.get(reverse("surveys:results", args=[ehpad.pk, survey.pk]))
    text = visible_text(page)
    assert "2 réponses" in text and "Vous mangez bien ? (critère 1.14.1) 1 0 1 0" in text
    assert "<svg" in page.content.decode() and survey.token in page.content.decode()
    assert SurveyAnswer.objects.count() == 6


def test_bad_question_lines(director_client, ehpad):
    response = director_client.post(
        reverse("surveys:list", args=[ehpad.pk]),
        {"title": "X", "questions": "Bien ? | fusée\nOui ? | | 9.9.9"},
    )
    text = page_text(response)
    assert "ligne 1 : pictogramme « fusée » inconnu" in text and "ligne 2 : critère « 9.9.9 » inconnu" in text
    assert not EasyReadSurvey.objects.exists()


def test_answers_prepare_the_accompagne_traceur_grid(director_client, anonymous, survey, ehpad):
    from tests.campaigns.factories import campaign_for, interview_for

    anonymous.get(reverse("surveys:start", args=[survey.token]))
    for n in (1, 2, 3):
        anonymous.post(reverse("surveys:question", args=[survey.token, n]), {"value": "Un peu"})
    anonymous.get(reverse("surveys:done", args=[survey.token]))
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "accompagne_traceur")
    text = visible_text(director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])))
    assert (
        "Ce qu'ont répondu les personnes (questionnaire facile à lire) : « Vous mangez bien ? » Un peu 1"
        in text
    )
