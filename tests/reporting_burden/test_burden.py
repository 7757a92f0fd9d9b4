from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from ouvrage.reporting_burden.burden import Duty, summarise
from ouvrage.reporting_burden.models import ReportingDuty
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

duties = st.lists(
    st.builds(
        Duty,
        title=st.text(min_size=1, max_size=10),
        recipient=st.sampled_from(["ARS", "Conseil départemental", "HAS"]),
        role=st.sampled_from(["Direction", "Secrétariat"]),
        occurrences_per_year=st.integers(1, 52),
        hours_per_occurrence=st.decimals(Decimal("0.25"), Decimal("40"), places=2),
        data_items=st.lists(st.sampled_from(["effectifs", "taux d'occupation", "budget"]), max_size=3).map(
            tuple
        ),
    ),
    max_size=12,
)


@given(duties)
def test_totals_add_up(items):
    summary = summarise(items)
    assert summary.total_hours == sum(
        (d.hours_per_occurrence * d.occurrences_per_year for d in items), Decimal(0)
    )
    assert (
        sum(h for _, h in summary.by_recipient) == summary.total_hours == sum(h for _, h in summary.by_role)
    )
    for duplicate in summary.duplicates:
        assert len(duplicate.recipients) > 1


def test_duplicates_are_the_same_data_sent_to_several_recipients():
    summary = summarise(
        [
            Duty(
                "Tableau de bord",
                "CNSA / ATIH",
                "Direction",
                1,
                Decimal(30),
                ("Effectifs", "taux d'occupation"),
            ),
            Duty("Rapport d'activité", "ARS", "Direction", 1, Decimal(20), ("effectifs ",)),
            Duty("Enquête", "ARS", "Secrétariat", 2, Decimal(3), ("taux d'occupation",)),
        ]
    )
    assert summary.total_hours == 56 and summary.working_days == Decimal("8.0")
    assert [(d.item, d.recipients) for d in summary.duplicates] == [
        ("effectifs", ("ARS", "CNSA / ATIH")),
        ("taux d'occupation", ("ARS", "CNSA / ATIH")),
    ]
    assert summary.by_recipient[0] == ("CNSA / ATIH", 30)


VALID = {
    "title": "Tableau de bord de la performance",
    "recipient": "cnsa_atih",
    "legal_basis": "Art. R314-… CASF",
    "frequency": "annual",
    "hours_per_occurrence": "24,5",
    "role": "direction",
    "data_items": "effectifs, taux d'occupation",
}


@pytest.mark.django_db
def test_register_add_edit_export(director_client, ehpad):
    url = reverse("reporting_burden:register", args=[ehpad.pk])
    assert director_client.post(url, VALID).status_code == 302
    assert (
        director_client.post(
            url,
            {
                **VALID,
                "title": "Rapport d'activité",
                "recipient": "ars",
                "frequency": "quarterly",
                "hours_per_occurrence": "2",
                "data_items": "Effectifs",
            },
        ).status_code
        == 302
    )
    duty = ReportingDuty.objects.get(title="Rapport d'activité")
    assert duty.occurrences_per_year == 4 and duty.hours_per_year == 8
    text = visible_text(director_client.get(url))
    assert "32,5 heures par an" in text and "effectifs : envoyé à ARS, CNSA / ATIH" in text
    wb = load_workbook(
        io.BytesIO(director_client.get(reverse("reporting_burden:xlsx", args=[ehpad.pk])).content)
    )
    assert wb["Totaux"]["B1"].value == 32.5
    # The PDF is produced by the worker (at once in tests): the button, the page, the download.
    asked = director_client.post(reverse("reporting_burden:pdf", args=[ehpad.pk]))
    assert "Télécharger le PDF" in director_client.get(asked.url).content.decode()
    document = asked.url.rstrip("/").rsplit("/", 1)[-1]
    download = director_client.get(reverse("documents:establishment_download", args=[ehpad.pk, document]))
    pdf = b"".join(download.streaming_content)
    assert "32,5 heures par an" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    edit = reverse("reporting_burden:edit", args=[ehpad.pk, duty.pk])
    assert director_client.post(edit, {"delete": "1"}).status_code == 302
    assert not ReportingDuty.objects.filter(pk=duty.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours_per_occurrence": "beaucoup"}, "Temps invalide"),
        ({"hours_per_occurrence": "0"}, "compris entre 0 et 2 000 heures"),
        ({"frequency": "on_event", "occurrences_per_year": ""}, "Estimez combien de fois par an."),
        ({"recipient": "autre"}, "Précisez le destinataire."),
        ({"title": ""}, "Dites ce qui est transmis."),
    ],
)
def test_bad_input(director_client, ehpad, data, message):
    response = director_client.post(reverse("reporting_burden:register", args=[ehpad.pk]), {**VALID, **data})
    assert message in page_text(response) and not ReportingDuty.objects.exists()


@pytest.mark.django_db
def test_professionals_read_but_do_not_edit(client, organisation, ehpad):
    client.force_login(UserFactory(organisation=organisation, role="professional"))
    url = reverse("reporting_burden:register", args=[ehpad.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, VALID).status_code == 403
