from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ouvrage.actions.models import Action
from ouvrage.audit.models import AuditEvent
from ouvrage.evidence.models import Evidence
from ouvrage.realwork.journal import GapFacts, aggregate
from ouvrage.realwork.models import WorkGap
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

GAP = {
    "occurred_on": "2026-11-12",
    "situation": "Toilette écourtée : deux absences non remplacées.",
    "prescription_kind": "recommendation",
    "prescription": "Recommandation bientraitance : prendre le temps",
    "missing": ["time", "staff"],
    "done_instead": "Toilette au lavabo, bain reporté.",
}


def test_aggregate_by_prescription_missing_and_month():
    view = aggregate(
        [
            GapFacts(date(2026, 3, 2), "procédure  chute", None, ("time",)),
            GapFacts(date(2026, 3, 9), "Procédure chute", None, ("time", "staff")),
            GapFacts(date(2026, 4, 1), "x", "2.2.1", ("training",)),
        ]
    )
    assert view.by_prescription[0] == ("Procédure chute", 2)
    assert ("Critère 2.2.1", 1) in view.by_prescription
    assert view.by_missing[0] == ("time", 2) and view.by_month == [("2026-03", 2), ("2026-04", 1)]
    assert view.months_in_words == [("mars 2026", 2), ("avril 2026", 1)]


@pytest.mark.django_db
def test_anonymous_entry_stores_no_name_anywhere(client, organisation, ehpad):
    professional = UserFactory(
        organisation=organisation, role="professional", full_name="Lucas Petit", email="lucas@example.org"
    )
    client.force_login(professional)
    url = reverse("realwork:journal", args=[ehpad.pk])
    assert client.post(url, {**GAP, "anonymous": "on"}).status_code == 302
    gap = WorkGap.objects.get()
    assert gap.author is None
    event = AuditEvent.objects.get(action="work_gap.recorded")
    assert event.actor is None and event.actor_label == "anonyme"
    assert "lucas" not in str(event.changes).lower()
    page = visible_text(client.get(url))
    assert "noté sans nom" in page and "Lucas Petit" not in page.split("Journal du travail réel")[-1]
    assert client.post(url, {**GAP, "situation": "autre"}).status_code == 302
    named = WorkGap.objects.get(situation="autre")
    assert named.author == professional and AuditEvent.objects.filter(actor=professional).exists()


@pytest.mark.django_db
def test_bad_input_and_criterion_link(director_client, ehpad):
    url = reverse("realwork:journal", args=[ehpad.pk])
    text = page_text(
        director_client.post(url, {**GAP, "missing": [], "criterion_code": "9.9.9", "situation": ""})
    )
    assert (
        "Cochez au moins ce qui a manqué." in text
        and "Le critère 9.9.9 n'existe pas" in text
        and "Décrivez la situation." in text
    )
    assert not WorkGap.objects.exists()
    director_client.post(url, {**GAP, "criterion_code": "1.1.1"})
    assert WorkGap.objects.get().criterion.code == "1.1.1"


@pytest.mark.django_db
def test_a_gap_becomes_an_action_or_evidence(director_client, ehpad):
    director_client.post(reverse("realwork:journal", args=[ehpad.pk]), {**GAP, "criterion_code": "1.1.1"})
    gap = WorkGap.objects.get()
    use = reverse("realwork:use", args=[ehpad.pk, gap.pk])
    response = director_client.post(use, {"as": "action"})
    action = Action.objects.get()
    assert response.url == reverse("actions:detail", args=[action.pk])
    assert action.origin == "work_gap" and [c.code for c in action.criteria.all()] == ["1.1.1"]
    director_client.post(use, {"as": "evidence"})
    evidence = Evidence.objects.get()
    assert evidence.kind == "observation" and "Toilette écourtée" in evidence.text


@pytest.mark.django_db
def test_read_only_cannot_write(client, organisation, ehpad):
    client.force_login(UserFactory(organisation=organisation, role="read_only"))
    url = reverse("realwork:journal", args=[ehpad.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, GAP).status_code == 403
