"""The organisation's registers side by side: scope-filtered, signals only for those named, one
query per register whatever the number of establishments, the same figures in the spreadsheet."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.complaints.models import Complaint
from ouvrage.establishments.models import Establishment
from ouvrage.incidents.models import AdverseEvent
from ouvrage.safeguarding.models import Signal
from ouvrage.www.safeguarding.across import rows_for
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def _fill(establishment):
    today = timezone.localdate()
    AdverseEvent.objects.create(
        establishment=establishment,
        occurred_on=today,
        place="p",
        category="fall",
        what="w",
        qualification="eig",
    )
    Complaint.objects.create(
        establishment=establishment,
        channel="oral",
        received_on=today,
        acknowledge_due=today,
        answer_due=today,
        subject="s",
        description="d",
    )
    Signal.objects.create(
        establishment=establishment,
        occurred_on=today,
        place="p",
        nature="neglect",
        reporter_role="professional",
        what="w",
    )


def test_one_query_per_register_whatever_the_establishments(organisation):
    _fill(EstablishmentFactory(organisation=organisation))
    counts = []
    for _ in range(2):
        establishments = list(Establishment.objects.filter(organisation=organisation))
        with CaptureQueriesContext(connection) as queries:
            rows = rows_for(establishments, timezone.localdate(), with_signals=True)
        counts.append(len(queries))
        for _ in range(3):
            _fill(EstablishmentFactory(organisation=organisation))
    assert counts == [3, 3]
    assert all((r.events.declared, r.complaints_received, r.signals.reported) == (1, 1, 1) for r in rows)
    assert rows[0].events.to_declare == 1


def test_the_page_is_scoped_and_hides_signals_from_those_not_named(client, organisation, ehpad, saad):
    _fill(ehpad)
    _fill(saad)
    professional = UserFactory(organisation=organisation, role="professional", all_establishments=False)
    professional.establishments.add(ehpad)
    client.force_login(professional)
    text = page_text(client.get(reverse("safeguarding:registers")))
    assert ehpad.name in text and saad.name not in text
    assert "Signalements" not in text
    sheet = load_workbook(BytesIO(client.get(reverse("safeguarding:registers_xlsx")).content)).active
    assert [c.value for c in sheet[1]][-1] == "Réclamations en retard"
    assert sheet.max_row == 2
    director = UserFactory(organisation=organisation, role="direction")
    client.force_login(director)
    text = page_text(client.get(reverse("safeguarding:registers")))
    assert ehpad.name in text and saad.name in text and "Signalements en 12 mois" in text
    sheet = load_workbook(BytesIO(client.get(reverse("safeguarding:registers_xlsx")).content)).active
    assert [c.value for c in sheet[1]][-3] == "Signalements en 12 mois"
    assert sheet.max_row == 3 and sheet.cell(2, 8).value == 1
