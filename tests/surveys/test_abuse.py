"""Public questionnaires against scripted answers: one answer per device, a limit per address, bursts
flagged to staff who set them aside; a shared tablet in a common room still works."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.surveys import abuse
from ouvrage.surveys.models import EasyReadSurvey, SurveyResponse
from ouvrage.surveys.selectors import answer_counts
from tests.helpers import page_text

NOW = datetime(2026, 11, 30, 10, 0)


@given(minutes_ago=st.lists(st.integers(min_value=0, max_value=180), max_size=80), shared=st.booleans())
def test_the_rule(minutes_ago, shared):
    earlier = [NOW - timedelta(minutes=m, seconds=1) for m in minutes_ago]
    verdict = abuse.judge(earlier, NOW, shared_device=shared)
    last_hour = sum(1 for m in minutes_ago if m < 60)
    limit = abuse.SHARED_PER_HOUR if shared else abuse.PER_HOUR
    assert verdict.accepted == (last_hour < limit)
    if verdict.accepted:
        in_window = sum(1 for m in minutes_ago if m < 10)
        assert verdict.flagged == (not shared and in_window + 1 >= abuse.BURST)
    else:
        assert "pas été enregistrée" in verdict.problem


pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(director_client, ehpad):
    director_client.post(
        reverse("surveys:list", args=[ehpad.pk]),
        {
            "title": "Votre avis",
            "intro": "",
            "questions": "Vous mangez bien ? | repas\nOn vous écoute ? | parole",
        },
    )
    return EasyReadSurvey.objects.get()


def _answer(device: Client, survey, address="192.0.2.7"):
    device.get(reverse("surveys:start", args=[survey.token]), REMOTE_ADDR=address)
    device.post(reverse("surveys:question", args=[survey.token, 1]), {"value": "Oui"}, REMOTE_ADDR=address)
    return device.post(
        reverse("surveys:question", args=[survey.token, 2]),
        {"value": "Oui"},
        REMOTE_ADDR=address,
        follow=True,
    )


def test_one_device_answers_once(survey):
    device = Client()
    assert "Merci." in page_text(_answer(device, survey))
    again = device.get(reverse("surveys:start", args=[survey.token]))
    assert "Vous avez déjà répondu" in page_text(again)
    _answer(device, survey)
    assert SurveyResponse.objects.count() == 1


def test_one_address_sends_ten_an_hour_and_bursts_are_flagged(survey, director_client, ehpad):
    pages = [page_text(_answer(Client(), survey)) for _ in range(abuse.PER_HOUR + 2)]
    assert SurveyResponse.objects.count() == abuse.PER_HOUR
    assert "pas été enregistrée" in pages[-1]
    flagged = SurveyResponse.objects.filter(flagged=True).count()
    assert flagged == abuse.PER_HOUR - (abuse.BURST - 1)
    # Another address is not slowed.
    assert "Merci." in page_text(_answer(Client(), survey, address="198.51.100.9"))
    # Staff see the burst and set one answer aside: kept, no longer counted.
    results = reverse("surveys:results", args=[ehpad.pk, survey.pk])
    assert "Réponses à vérifier" in page_text(director_client.get(results))
    before = sum(answer_counts(survey.pk)[survey.questions.first().pk].values())
    one = SurveyResponse.objects.filter(flagged=True).first()
    director_client.post(
        reverse("surveys:response_aside", args=[ehpad.pk, survey.pk, one.pk]), {"aside": "1"}
    )
    assert SurveyResponse.objects.get(pk=one.pk).set_aside
    assert sum(answer_counts(survey.pk)[survey.questions.first().pk].values()) == before - 1
    assert f"{abuse.PER_HOUR} réponses" in page_text(director_client.get(results))  # 10 + 1 − 1


def test_a_shared_tablet_takes_answer_after_answer(survey, director, ehpad):
    tablet = Client()
    tablet.force_login(director)
    opened = tablet.post(reverse("surveys:shared_tablet", args=[ehpad.pk, survey.pk]))
    assert opened.url == reverse("surveys:start", args=[survey.token])
    mode = tablet.cookies[f"ouvrage_q{survey.pk}_tablette"].value
    tablet.logout()  # the staff member signs out and leaves the tablet to the residents…
    tablet.cookies[f"ouvrage_q{survey.pk}_tablette"] = mode  # …the browser keeps the mode
    for _ in range(abuse.PER_HOUR + 2):
        done = page_text(_answer(tablet, survey))
        assert "Une autre personne" in done
    assert SurveyResponse.objects.filter(shared_device=True).count() == abuse.PER_HOUR + 2
    assert not SurveyResponse.objects.filter(flagged=True).exists()


def test_a_questionnaire_link_can_be_renewed(survey, director_client, ehpad):
    old = survey.token
    director_client.post(reverse("surveys:results", args=[ehpad.pk, survey.pk]), {"renew": "1"})
    survey.refresh_from_db()
    assert survey.token != old
    assert Client().get(reverse("surveys:start", args=[old])).status_code == 404
    assert Client().get(reverse("surveys:start", args=[survey.token])).status_code == 200
