from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from ouvrage.actions.models import Action
from ouvrage.calendar.selectors import entries_for
from ouvrage.projet.contents import KEYS, checklist
from ouvrage.projet.models import Projet
from tests.helpers import page_text, visible_text


def test_checklist_names_what_is_missing_part_by_part():
    checks = checklist({"coordination": "Convention avec l'hôpital", "risk_detection": " "})
    assert checks[0].missing == () and checks[0].part.number == "1°"
    assert "Moyens de repérage des risques de maltraitance" in [i.label for i in checks[1].missing]
    assert checks[4].missing == ()  # palliative care: only "le cas échéant"
    full = checklist(dict.fromkeys(KEYS, "x"))
    assert all(not c.missing for c in full)


@pytest.mark.django_db
def test_write_adopt_version_compare_and_export(director_client, director, ehpad):
    url = reverse("projet:page", args=[ehpad.pk])
    director_client.post(reverse("projet:start", args=[ehpad.pk]))
    projet = Projet.objects.get()

    def to(name, p=projet):
        return reverse(f"projet:{name}", args=[ehpad.pk, p.pk])

    director_client.post(
        to("sections"),
        {
            "coordination": "Convention avec l'hôpital de secteur.",
            "external_authority": "Personne qualifiée désignée par arrêté ; affichée à l'accueil.",
        },
    )
    projet.refresh_from_db()
    assert set(projet.sections) == {"coordination", "external_authority"}
    text = visible_text(director_client.get(url))
    assert "2° Prévention et lutte contre la maltraitance : manque « Moyens de repérage" in text
    assert "5° Soins palliatifs : le cas échéant : non renseigné" in text
    refused = director_client.post(to("life"), {"adopted_on": "2026-01-15"})
    assert refused.status_code == 400
    assert "adopté après consultation du conseil de la vie sociale" in visible_text(refused)
    late = director_client.post(to("life"), {"cvs_consulted_on": "2026-02-01", "adopted_on": "2026-01-15"})
    assert "le conseil de la vie sociale est consulté avant l'adoption" in visible_text(late)
    director_client.post(
        to("life"),
        {
            "cvs_consulted_on": "2021-01-05",
            "adopted_on": "2021-01-15",
            "adopted_by": "Conseil d'administration",
        },
    )
    projet.refresh_from_db()
    assert projet.valid_until == date(2026, 1, 15) and projet.stage == "adopté"
    assert "expiré : à renouveler" in visible_text(director_client.get(url))
    assert any(e.kind.value == "projet_expiry" for e in entries_for(director))
    action = Action.objects.create(establishment=ehpad, title="Former à la bientraitance")
    director_client.post(
        to("objective"), {"text": "Prévenir la maltraitance", "codes": "2.1.1", "actions": [action.pk]}
    )
    director_client.post(to("objective"), {"text": "Ouvrir l'établissement au quartier", "codes": ""})
    assert "critère(s) ou question(s) inconnu(s) : 9.9" in visible_text(
        director_client.post(to("objective"), {"text": "x", "codes": "9.9"})
    )
    text = visible_text(director_client.get(url))
    assert "Prévenir la maltraitance (liés à 2.1.1) — servi par Former à la bientraitance" in text
    assert "Ouvrir l'établissement au quartier — servi par aucune action" in text
    director_client.post(to("new_version"))
    second = Projet.objects.get(version=2)
    assert second.sections == projet.sections and second.objectives.count() == 2 and second.adopted_on is None
    director_client.post(
        to("sections", second),
        {
            "coordination": "Convention avec l'hôpital et le réseau de soins palliatifs.",
            "external_authority": projet.sections["external_authority"],
        },
    )
    compare = visible_text(director_client.get(reverse("projet:compare", args=[ehpad.pk])))
    assert "réseau de soins palliatifs" in compare and "Convention avec l'hôpital de secteur." in compare
    # The PDF is produced by the worker (at once in tests): the button, the job page, the download.
    asked = director_client.post(reverse("projet:pdf", args=[ehpad.pk]))
    job_page = director_client.get(asked.url)
    assert "Télécharger le PDF" in page_text(job_page)
    download = re.search(r'href="([^"]+/documents/\d+/pdf/)"', job_page.content.decode()).group(1)
    pdf = b"".join(director_client.get(download).streaming_content)
    assert "réseau de soins palliatifs" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages
    )
    docx = Document(
        io.BytesIO(director_client.get(reverse("projet:export", args=[ehpad.pk, "docx"])).content)
    )
    paragraphs = [p.text for p in docx.paragraphs]
    assert "Convention avec l'hôpital et le réseau de soins palliatifs." in paragraphs
    assert docx.core_properties.title.startswith("Projet d'établissement") and "À rédiger." in paragraphs
    assert director_client.get(reverse("projet:export", args=[ehpad.pk, "odt"])).status_code == 404
    old_link = director_client.get(reverse("projet:export", args=[ehpad.pk, "pdf"]))
    assert old_link.status_code == 302 and old_link.url == reverse("projet:page", args=[ehpad.pk])
