"""The national pages: importing the published results from the page (the worker's function called
directly), and the comparison of an establishment with its category."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.audit.models import AuditEvent
from ouvrage.national import opendata, services
from ouvrage.national.importing import run_import
from ouvrage.national.models import ImportStatus, NationalResult, PublishedImport
from tests.campaigns.fixtures import closed, rated_campaign
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import visible_text
from tests.national.files import COLUMNS, rows, write_csv, write_parquet

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organisation):
    client.force_login(UserFactory(organisation=organisation, role="admin", email="admin@a.example.org"))
    return client


@pytest.fixture
def queued(monkeypatch):
    """The worker does not run at once: the test calls its function, as `ouvrage worker` would."""
    monkeypatch.setattr(services, "import_published", SimpleNamespace(enqueue=lambda pk: None))


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_an_administrator_imports_from_the_page_and_follows_it(admin_client, tmp_path, queued, monkeypatch):
    monkeypatch.setattr(opendata, "PROGRESS_EVERY", 10)
    page = admin_client.get(reverse("national:published"))
    assert "Aucun résultat publié n'est importé" in visible_text(page)
    path = write_parquet(tmp_path / "open_data_par_essms.parquet", rows(35))
    response = admin_client.post(reverse("national:published"), {"file": _upload(path), "once": "a" * 32})
    job = PublishedImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("national:import", args=[job.pk])
    assert job.file and job.status == ImportStatus.QUEUED
    status = admin_client.get(reverse("national:import", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in status.content.decode()  # the page polls while it waits
    seen = []
    original = PublishedImport.save

    def watched(self, *args, **kwargs):
        seen.append((self.status, self.rows_read, self.rows_total))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PublishedImport, "save", watched)
    run_import(job.pk)
    assert ("running", 10, 35) in seen and ("running", 30, 35) in seen  # progress recorded as it reads
    job.refresh_from_db()
    assert (job.status, job.rows_imported, job.rows_read) == (ImportStatus.DONE, 35, 35)
    assert not job.file  # the uploaded file is deleted once read
    assert NationalResult.objects.count() == 35
    text = visible_text(admin_client.get(reverse("national:import", args=[job.pk])))
    assert "35 résultats importés le" in text and "open_data_par_essms.parquet" in text
    event = AuditEvent.objects.get(action="national_results.imported")
    assert event.changes == {"file": "open_data_par_essms.parquet", "rows": 35}
    assert event.actor_label == "admin@a.example.org" and event.organisation_id == job.organisation_id


def test_double_submission_creates_one_import(admin_client, tmp_path, queued):
    path = write_csv(tmp_path / "o.csv", rows(3))
    for _ in range(2):
        admin_client.post(reverse("national:published"), {"file": _upload(path), "once": "b" * 32})
    assert PublishedImport.objects.count() == 1


def test_a_refused_file_shows_its_problems_and_leaves_the_results(admin_client, tmp_path, queued):
    NationalResult.objects.create(finess_geo="690000001", category="500", source_file="avant.csv")
    kept = [c for c in COLUMNS if c not in {"cotation_chapitre_2", "region_libelle"}]
    path = write_csv(tmp_path / "incomplet.csv", rows(4), kept)
    admin_client.post(reverse("national:published"), {"file": _upload(path)})
    job = PublishedImport.objects.get()
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and not job.file
    text = visible_text(admin_client.get(reverse("national:import", args=[job.pk])))
    assert "2 colonnes manquantes : region_libelle, cotation_chapitre_2" in text
    assert "incomplet.csv" in text and "les résultats précédents restent en place" in text
    assert list(NationalResult.objects.values_list("source_file", flat=True)) == ["avant.csv"]
    assert AuditEvent.objects.filter(action="national_results.import_refused").count() == 1


def test_a_bad_cell_is_named_on_the_page(admin_client, tmp_path, queued):
    data = rows(5)
    data[2]["cotation_objectif_1.4"] = "beaucoup"
    path = write_csv(tmp_path / "cellule.csv", data)
    admin_client.post(reverse("national:published"), {"file": _upload(path)})
    run_import(PublishedImport.objects.get().pk)
    text = visible_text(admin_client.get(reverse("national:import", args=[PublishedImport.objects.get().pk])))
    assert "ligne 4, champ « cotation_objectif_1.4 » : valeur illisible" in text


def test_other_roles_cannot_import(client, organisation, tmp_path):
    client.force_login(UserFactory(organisation=organisation, role="direction"))
    path = write_csv(tmp_path / "o.csv", rows(3))
    assert client.post(reverse("national:published"), {"file": _upload(path)}).status_code == 403
    assert not PublishedImport.objects.exists()


def _published(n, region, category="500", start=0):
    data = rows(n, category=category, region=region)
    for i, r in enumerate(data):
        r["finess_geo"] = f"{'69' if region == 'Auvergne-Rhône-Alpes' else '13'}{start + i:07d}"
    return data


def _import(tmp_path, data):
    from ouvrage.national.importing import replace_results

    path = write_csv(tmp_path / "o.csv", data)
    replace_results(rows=opendata.read_results(path), source=path.name)


def test_comparison_in_france_and_in_the_region(director_client, director, ehpad, tmp_path):
    ehpad.finess = "690000005"
    ehpad.save()
    _import(
        tmp_path,
        _published(12, "Auvergne-Rhône-Alpes") + _published(20, "Provence-Alpes-Côte d'Azur", start=100),
    )
    campaign = rated_campaign(ehpad, director)
    closed(campaign, director)
    text = visible_text(director_client.get(reverse("national:comparison", args=[ehpad.pk])))
    assert "32 évaluations publiées en France, dont 12 en région Auvergne-Rhône-Alpes" in text
    assert "Toute la France 32" in text and "Région Auvergne-Rhône-Alpes 12" in text
    assert "% en dessous" in text
    assert campaign.title in text
    for title in (
        "Chapitres",
        "Thématiques, tous chapitres",
        "Thématiques dans chaque chapitre",
        "Objectifs",
    ):
        assert title in text
    page = director_client.get(reverse("national:comparison", args=[ehpad.pk])).content.decode()
    assert page.count('role="img"') == 2 + 2 * (2 + 3 + 9 + 22 + 42 + 18)  # histograms, one strip per row
    # Each row's published values as bars with the establishment's line and figure (issue 18).
    strips = page.split('<svg class="strip"')[1:]
    assert all('fill="#5b7db1"' in s.split("</svg>")[0] for s in strips[:2])  # 32 and 12 values: bars
    assert all("vous\u202f: " in s.split("</svg>")[0] for s in strips[:4])  # the mean, the impératifs
    assert '<text x="' in page and 'font-size="14" font-weight="bold" fill="#9b1c1c">vous\u202f: ' in page
    assert "ouvrage/charts" in page


def test_fewer_than_ten_published_values_give_no_quartiles_nor_position(
    director_client, director, ehpad, tmp_path
):
    ehpad.finess = "690000001"
    ehpad.save()
    _import(tmp_path, _published(6, "Auvergne-Rhône-Alpes") + _published(9, "Bretagne", start=200))
    closed(rated_campaign(ehpad, director), director)
    text = visible_text(director_client.get(reverse("national:comparison", args=[ehpad.pk])))
    assert "Toute la France 15" in text and "Région Auvergne-Rhône-Alpes 6 " in text
    assert "trop peu de résultats publiés" in text
    region_rows = text.split("Région Auvergne-Rhône-Alpes 6 ")[1:]
    assert all(not row.split("Toute la France")[0].count("% en dessous") for row in region_rows)


def test_the_region_comes_from_the_département_without_an_own_row(director_client, ehpad, tmp_path):
    ehpad.finess = "130999990"
    ehpad.save()
    _import(tmp_path, _published(11, "Provence-Alpes-Côte d'Azur"))
    text = visible_text(director_client.get(reverse("national:comparison", args=[ehpad.pk])))
    assert "dont 11 dans le département 13" in text and "Aucune évaluation clôturée dans Ouvrage" in text


def test_the_comparison_page_reads_a_fixed_number_of_queries(director_client, director, ehpad, tmp_path):
    closed(rated_campaign(ehpad, director), director)
    _import(tmp_path, _published(12, "Auvergne-Rhône-Alpes"))
    url = reverse("national:comparison", args=[ehpad.pk])
    director_client.get(url)
    with CaptureQueriesContext(connection) as few:
        director_client.get(url)
    _import(tmp_path, _published(60, "Auvergne-Rhône-Alpes") + _published(40, "Bretagne", start=500))
    EstablishmentFactory(organisation=ehpad.organisation)
    with CaptureQueriesContext(connection) as first:
        director_client.get(url)  # the first view after an import reads the published rows once
    with CaptureQueriesContext(connection) as many:
        director_client.get(url)
    assert len(many) == len(few) and len(first) == len(few) + 1


def test_the_profile_form_proposes_the_published_profile(client, organisation, tmp_path):
    data = _published(10, "Bretagne", category="246")  # ESAT: the table leaves sector and kind blank
    for r in data[:7]:
        r.update(
            {
                "essms_secteur": "Médico-social",
                "essms_type_structure": "Etablissement",
                "essms_PA": "0",
                "essms_PHA": "1",
            }
        )
    for r in data[7:]:
        r.update(
            {"essms_secteur": "Social", "essms_type_structure": "Service", "essms_PA": "0", "essms_PHA": "1"}
        )
    _import(tmp_path, data)
    client.force_login(UserFactory(organisation=organisation, role="quality"))
    url = reverse("establishments:profile_from_category")
    text = visible_text(client.get(url, {"finess_category": "246"}))
    assert "D'après les résultats publiés (7 évaluations, 70,0 % des 10 de la catégorie)" in text
    assert "médico-social, établissement (accueil ou hébergement), personnes handicapées adultes" in text
    form = client.get(url, {"finess_category": "246"}).context["form"]
    assert not form.initial.get("sector")  # never applied silently
    applied = client.get(url, {"finess_category": "246", "publie": "1"}).context["form"]
    assert (applied.initial["sector"], applied.initial["kind"], applied.initial["publics"]) == (
        "medico_social",
        "etablissement",
        ["PHA"],
    )
    assert "Reprendre ce profil" not in visible_text(client.get(url, {"finess_category": "500"}))
