"""Issue 19: what the registers say about a criterion, kept as evidence from the criterion's page —
dated, one observation per register, once per click, refused to the roles that do not add evidence."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ouvrage.complaints.models import Complaint
from ouvrage.evidence.models import Evidence
from tests.factories import UserFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def _complaint(establishment):
    Complaint.objects.create(
        establishment=establishment,
        channel="oral",
        received_on=date(2026, 11, 2),
        acknowledge_due=date(2026, 11, 10),
        answer_due=date(2026, 12, 2),
        subject="Repas froids",
        description="Les repas arrivent froids le soir.",
    )


def test_the_registers_state_becomes_dated_evidence(director_client, ehpad, has_version):
    _complaint(ehpad)
    criterion = has_version.criteria.get(code="3.12.1")
    page = reverse("frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk])
    assert "Verser l'état des registres comme preuve" in visible_text(director_client.get(page))
    url = reverse("frames:registers_evidence", args=[ehpad.pk, has_version.pk, criterion.pk])
    answer = director_client.post(url, {"once": "b" * 32})
    assert answer.status_code == 302 and answer["Location"] == page
    director_client.post(url, {"once": "b" * 32})  # a double click
    evidence = Evidence.objects.get()
    assert evidence.kind == "observation" and evidence.title.startswith("Réclamations et plaintes au ")
    assert "(critère 3.12.1)" in evidence.title and "1 réclamation" in evidence.text
    assert "1 preuve ajoutée" in visible_text(director_client.get(page))


def test_a_criterion_no_register_speaks_to_adds_nothing(director_client, ehpad, has_version):
    criterion = has_version.criteria.get(code="1.1.1")
    url = reverse("frames:registers_evidence", args=[ehpad.pk, has_version.pk, criterion.pk])
    director_client.post(url)
    assert not Evidence.objects.exists()


def test_a_reader_cannot(client, organisation, ehpad, has_version):
    client.force_login(UserFactory(organisation=organisation, role="read_only", all_establishments=True))
    criterion = has_version.criteria.get(code="3.12.1")
    url = reverse("frames:registers_evidence", args=[ehpad.pk, has_version.pk, criterion.pk])
    assert client.post(url).status_code == 403 and not Evidence.objects.exists()
