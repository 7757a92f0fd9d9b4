from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouvrage.evidence.files import check_upload
from ouvrage.evidence.models import Evidence, EvidenceUse
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * size)
    return buffer.getvalue()


def test_type_is_read_from_the_content():
    assert check_upload("rapport.pdf", PDF, len(PDF), PDF).content_type == "application/pdf"
    exe = b"MZ\x90\x00" + b"\x00" * 200
    assert "type non accepté" in check_upload("rapport.pdf", exe, len(exe), exe)
    assert "10 Mo au plus" in check_upload("gros.pdf", PDF, 11 * 1024 * 1024)
    assert "est vide" in check_upload("vide.pdf", b"", 0, b"")
    assert check_upload("notes.txt", b"compte rendu", 12, b"compte rendu").content_type.startswith(
        "text/plain"
    )
    assert "n'est pas d'un type accepté" in check_upload("image.svg", b"<svg/>", 6, b"<svg/>")


def test_archive_bombs_are_refused():
    bomb = docx(150 * 1024 * 1024)  # compresses to a few hundred kilobytes
    assert len(bomb) < 1024 * 1024
    assert "se décompresse en" in check_upload("piege.docx", bomb[:8192], len(bomb), bomb)
    small = docx(1000)
    assert check_upload("cr.docx", small[:8192], len(small), small).extension == "docx"


@pytest.mark.django_db
def test_upload_is_stored_privately_and_served_to_the_organisation_only(
    director_client, ehpad, other_organisation, client, caplog
):
    url = reverse("evidence:list", args=[ehpad.pk])
    response = director_client.post(
        url,
        {"kind": "document", "title": "Projet d'établissement", "file": SimpleUploadedFile("pe.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    stored = settings.PRIVATE_MEDIA_ROOT / evidence.file.name
    assert stored.exists() and not str(stored).startswith(str(settings.STATIC_ROOT))
    assert ".pdf" not in evidence.file.name and evidence.file_name == "pe.pdf"  # random name on disk
    download = director_client.get(reverse("evidence:download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert f"preuve {evidence.pk}" in caplog.text  # who downloaded what, in the server's log
    assert (
        download["Content-Disposition"].startswith("attachment")
        and download["X-Content-Type-Options"] == "nosniff"
    )
    client.force_login(UserFactory(organisation=other_organisation))
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "kind": "document",
                "title": "Faux PDF",
                "file": SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 100),
            },
            "type non accepté",
        ),
        ({"kind": "document", "title": "Sans fichier"}, "Un document demande un fichier."),
        ({"kind": "link", "title": "Lien"}, "Un lien demande son adresse."),
        ({"kind": "link", "title": "Lien", "url": "pas une adresse"}, "Adresse de lien invalide"),
        ({"kind": "observation", "title": "Vu", "text": "  "}, "Décrivez ce qui a été observé."),
        ({"kind": "observation", "title": ""}, "Donnez un intitulé à la preuve."),
    ],
)
def test_bad_evidence_is_refused_in_french(director_client, ehpad, data, message):
    response = director_client.post(reverse("evidence:list", args=[ehpad.pk]), data)
    assert response.status_code == 200 and message in page_text(response)
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_one_piece_of_evidence_cited_for_several_elements(director_client, ehpad, has_version):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    evidence = Evidence.objects.create(
        establishment=ehpad, kind="observation", title="Affichage des droits", text="vu"
    )
    elements = list(has_version.criteria.get(code="2.2.2").elements.all()) + list(
        has_version.criteria.get(code="2.1.1").elements.all()
    )
    for element in elements:
        url = reverse("evidence:element", args=[campaign.pk, interview.pk, element.pk])
        assert "Aucune preuve citée" in page_text(director_client.get(url, HTTP_HX_REQUEST="true"))
        fragment = director_client.post(url, {"evidence": evidence.pk}, HTTP_HX_REQUEST="true")
        assert "Affichage des droits" in page_text(fragment) and "Retirer" in page_text(fragment)
    assert EvidenceUse.objects.filter(evidence=evidence).count() == len(elements)
    text = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert text.count("Preuves : Affichage des droits") == len(elements)
    url = reverse("evidence:element", args=[campaign.pk, interview.pk, elements[0].pk])
    director_client.post(url, {"evidence": evidence.pk, "action": "detach"}, HTTP_HX_REQUEST="true")
    assert EvidenceUse.objects.filter(evidence=evidence).count() == len(elements) - 1


@pytest.mark.django_db
def test_evidence_of_another_establishment_cannot_be_cited(
    director_client, organisation, ehpad, saad, has_version
):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    foreign = Evidence.objects.create(establishment=saad, kind="observation", title="Autre", text="vu")
    element = has_version.criteria.get(code="2.1.1").elements.first()
    url = reverse("evidence:element", args=[campaign.pk, interview.pk, element.pk])
    assert director_client.post(url, {"evidence": foreign.pk}, HTTP_HX_REQUEST="true").status_code == 404
    assert not EvidenceUse.objects.exists()


def test_a_download_is_named_from_its_real_type(director_client, ehpad):
    """PDF bytes named « evil.html » download as « evil.pdf »."""
    director_client.post(
        reverse("evidence:list", args=[ehpad.pk]),
        {"kind": "document", "title": "Piège", "file": SimpleUploadedFile("evil.html", PDF)},
    )
    evidence = Evidence.objects.get()
    download = director_client.get(reverse("evidence:download", args=[evidence.pk]))
    assert 'filename="evil.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
