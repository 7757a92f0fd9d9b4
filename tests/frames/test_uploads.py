"""Issue 16: an administrator loads a newer official file from the interface — the HAS spreadsheet
(columns recognised from their headers) or a version's files — sees what would change, then applies it
once; a new version lives beside the old one."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ouvrage.frames.models import Criterion, FrameUpdate, FrameUpload, FrameVersion
from ouvrage.frames.selectors import campaign_versions
from tests.campaigns.factories import campaign_for
from tests.conftest import HAS_DIR
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import page_text
from tests.hostile import CORPUS

pytestmark = pytest.mark.django_db


def xlsx(rows, header=("N° critère", "Libellé du critère", "N° E.E.", "Élément d'évaluation", "Cible")):
    wb = Workbook()
    ws = wb.active
    ws.title = "Référentiel"
    ws.append(["Référentiel d'évaluation de la qualité des ESSMS"])  # a title line above the header
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("referentiel-has.xlsx", out.getvalue())


def frame_zip(label="1.2", edit=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in HAS_DIR.iterdir():
            text = path.read_text(encoding="utf-8")
            if path.name == "frame.toml":
                text = text.replace('label = "1.1"', f'label = "{label}"').replace(
                    "published_on = 2025-07-08", "published_on = 2026-09-01"
                )
            if edit and path.name in edit:
                text = edit[path.name](text)
            archive.writestr(f"has-essms-{label}/{path.name}", text)
    return SimpleUploadedFile(f"has-essms-{label}.zip", out.getvalue())


@pytest.fixture
def admin(organisation):
    return UserFactory(organisation=organisation, role="admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_official_spreadsheet_is_read_from_its_headers_previewed_then_applied_once(
    admin_client, has_version
):
    rows = [
        (
            "Critère 1.1.1",
            "La personne accompagnée exprime sa perception de la bientraitance (fichier).",
            1,
            "Premier élément du fichier.",
            "Entretien avec la personne",
        ),
        (None, None, 2, "Second élément du fichier.", "Entretien avec la personne"),
        ("9.9.9", "Inconnu", 1, "x", ""),
    ]
    response = admin_client.post(
        reverse("frames:updates"), {"kind": "xlsx", "version": has_version.pk, "file": xlsx(rows)}
    )
    upload = FrameUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("frames:upload", args=[upload.pk])
    preview = page_text(admin_client.get(response.url))
    assert "1 libellé changerait" in preview and "(fichier)" in preview
    assert "2 éléments dont le texte change" in preview
    assert "feuille « Référentiel », ligne 5 : critère « 9.9.9 » inconnu dans cette version" in preview
    criterion = Criterion.objects.get(version=has_version, code="1.1.1")
    assert not criterion.title.endswith("(fichier).")  # nothing written by the preview
    for _ in range(2):  # a double click applies once
        admin_client.post(reverse("frames:upload", args=[upload.pk]))
    criterion.refresh_from_db()
    assert criterion.title.endswith("(fichier).")
    assert [e.text for e in criterion.elements.all()] == [
        "Premier élément du fichier.",
        "Second élément du fichier.",
    ]
    assert FrameUpdate.objects.filter(version=has_version).count() == 1
    upload.refresh_from_db()
    assert upload.applied_at and not upload.file  # the file is not kept once applied
    assert "Appliqué le" in page_text(admin_client.get(reverse("frames:upload", args=[upload.pk])))


def test_a_spreadsheet_whose_columns_are_not_recognised_is_refused_in_french(admin_client, has_version):
    response = admin_client.post(
        reverse("frames:updates"),
        {"kind": "xlsx", "version": has_version.pk, "file": xlsx([("1.1.1", "x")], header=("Code", "Texte"))},
    )
    text = page_text(response)
    assert response.status_code == 400
    assert "referentiel-has.xlsx : colonnes non reconnues" in text and "« N° critère »" in text
    assert not FrameUpload.objects.exists()


def test_a_new_version_lives_beside_the_old_one(admin_client, organisation, ehpad, has_version):
    running = campaign_for(ehpad)
    response = admin_client.post(reverse("frames:updates"), {"kind": "folder", "file": frame_zip("1.2")})
    preview = page_text(admin_client.get(response.url))
    assert "nouvelle version 1.2" in preview and "à côté de la version 1.1" in preview
    admin_client.post(response.url)
    new = FrameVersion.objects.get(frame__slug="has-essms", label="1.2")
    assert new.criteria.count() == 157 and has_version.criteria.count() == 157
    assert campaign_versions(organisation)[0] == new  # new evaluations take it
    running.refresh_from_db()
    assert running.frame_version == has_version  # a running one keeps its own


def test_a_bad_archive_names_the_file_line_and_field(admin_client):
    bad = frame_zip(
        "1.1",
        edit={"criteria.csv": lambda t: t.replace(",oui,non,Tous ESSMS,", ",oui,peut-être,Tous ESSMS,", 1)},
    )
    response = admin_client.post(reverse("frames:updates"), {"kind": "folder", "file": bad})
    text = page_text(response)
    assert response.status_code == 400
    assert "criteria.csv, ligne 2, champ « imperative » : valeur « peut-être » inconnue" in text
    not_zip = SimpleUploadedFile("cadre.zip", b"pas une archive")
    text = page_text(admin_client.post(reverse("frames:updates"), {"kind": "folder", "file": not_zip}))
    assert "cadre.zip : ce n'est pas une archive .zip lisible" in text
    assert not FrameUpload.objects.exists()


def test_a_shared_frame_is_changed_only_by_whom_the_installation_says(
    client, organisation, settings, has_version
):
    quality = UserFactory(organisation=organisation, role="quality")
    client.force_login(quality)
    assert client.post(reverse("frames:updates"), {"kind": "folder", "file": frame_zip()}).status_code == 403
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    assert "Charger un fichier plus récent" in page_text(client.get(reverse("frames:updates")))
    OrganisationFactory()  # a second organisation in the installation
    assert "Charger un fichier plus récent" not in page_text(client.get(reverse("frames:updates")))
    assert client.post(reverse("frames:updates"), {"kind": "folder", "file": frame_zip()}).status_code == 403
    settings.FRAMES_ORGANISATION = str(organisation.pk)
    assert client.post(reverse("frames:updates"), {"kind": "folder", "file": frame_zip()}).status_code == 302
    assert FrameUpload.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_hostile_file_is_refused_in_french_and_nothing_is_kept(admin_client, has_version, name):
    """Trapped workbooks and archives (entities, DTD, inflating parts, lying sizes, many parts), as a
    spreadsheet and as a version's .zip: a French refusal, no file kept, the frame untouched."""
    data = CORPUS[name]()
    before = list(Criterion.objects.filter(version=has_version).values_list("code", "title"))
    for kind, file_name in (("xlsx", "referentiel.xlsx"), ("folder", "cadre.zip")):
        response = admin_client.post(
            reverse("frames:updates"),
            {"kind": kind, "version": has_version.pk, "file": SimpleUploadedFile(file_name, data)},
        )
        assert response.status_code == 400, (name, kind)
        assert "Le fichier est refusé, rien n'a été enregistré" in page_text(response)
    assert not FrameUpload.objects.exists()
    assert list(Criterion.objects.filter(version=has_version).values_list("code", "title")) == before


def test_a_replayed_or_foreign_apply_changes_nothing_more(admin_client, client, has_version):
    response = admin_client.post(reverse("frames:updates"), {"kind": "folder", "file": frame_zip("1.3")})
    url = response.url
    for _ in range(3):  # the confirmation sent again (double click, replay)
        admin_client.post(url)
    assert FrameVersion.objects.filter(label="1.3").count() == 1
    assert FrameUpdate.objects.count() == 0  # a new version: nothing of a stored one was updated
    stranger = UserFactory(organisation=OrganisationFactory(), role="admin")
    client.force_login(stranger)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
