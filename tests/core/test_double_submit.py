"""A creation form sent twice — a double click, a resend after a network cut, five requests at once —
creates one thing; the later ones are led where the first led, with « Déjà enregistré »."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ouvrage.actions.models import Action
from ouvrage.campaigns.models import Person
from ouvrage.realwork.models import WorkGap
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.surveys.models import EasyReadSurvey
from tests.helpers import page_text

DUTY = {
    "title": "Tableau de bord de la performance",
    "recipient": "cnsa_atih",
    "legal_basis": "Art. R314-… CASF",
    "frequency": "annual",
    "hours_per_occurrence": "24,5",
    "role": "direction",
    "data_items": "effectifs",
}
GAP = {
    "occurred_on": "2026-11-12",
    "situation": "Toilette écourtée.",
    "prescription_kind": "recommendation",
    "prescription": "Prendre le temps",
    "missing": ["time"],
    "done_instead": "Bain reporté.",
}
SURVEY = {
    "title": "Votre avis",
    "intro": "Deux questions.",
    "questions": "Vous mangez bien ? | repas\nOn vous écoute ? | parole",
}
FORMS = {
    "actions:create": ({"title": "Afficher les menus", "priority": "high", "status": "planned"}, Action),
    "reporting_burden:register": (DUTY, ReportingDuty),
    "realwork:journal": (GAP, WorkGap),
    "surveys:list": (SURVEY, EasyReadSurvey),
    "campaigns:people": ({"person_code": "P-200"}, Person),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(FORMS))
def test_the_same_form_sent_twice_creates_one_thing(director_client, ehpad, name):
    data, model = FORMS[name]
    url = reverse(name, args=[ehpad.pk])
    form = {**data, "once": uuid.uuid4().hex}
    first = director_client.post(url, form)
    assert first.status_code == 302, page_text(first)[:2000]
    again = director_client.post(url, form, follow=True)
    assert model.objects.count() == 1
    assert "Déjà enregistré" in page_text(again)
    # A new form (a new token) creates a second one, where that makes sense.
    if name != "campaigns:people":
        director_client.post(url, {**data, "once": uuid.uuid4().hex})
        assert model.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_form_frees_its_token_for_the_corrected_one(director_client, ehpad):
    url = reverse("reporting_burden:register", args=[ehpad.pk])
    token = uuid.uuid4().hex
    refused = director_client.post(url, {**DUTY, "title": "", "once": token})
    assert refused.status_code in (200, 400) and not ReportingDuty.objects.exists()
    assert director_client.post(url, {**DUTY, "once": token}).status_code == 302
    assert ReportingDuty.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_five_requests_at_once_create_one_thing(organisation, has_spec):
    """Five threads, five database connections, one token: one action, five answers that lead to it."""
    if connection.vendor == "sqlite":
        pytest.skip("one writer at a time on SQLite: the sequential test above covers it")
    from ouvrage.frames.services import import_frame_version
    from tests.factories import EstablishmentFactory, UserFactory

    import_frame_version(spec=has_spec)
    ehpad = EstablishmentFactory(organisation=organisation)
    director = UserFactory(organisation=organisation, role="direction")
    url = reverse("actions:create", args=[ehpad.pk])
    form = {"title": "Afficher les menus", "priority": "high", "status": "planned", "once": uuid.uuid4().hex}
    clients = []
    for _ in range(5):
        device = Client()
        device.force_login(director)
        clients.append(device)
    start = threading.Barrier(5)
    statuses: list[int] = []

    def send(device):
        try:
            start.wait()
            statuses.append(device.post(url, form).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(device,)) for device in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 5
    assert Action.objects.count() == 1
