"""Hostile office files against every import and upload: each refused with a French message that says
why, nothing saved, no crash, memory bounded. The corpus is built by code (tests/hostile.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.urls import reverse

from ouvrage.campaigns.models import Rating
from ouvrage.core.archives import UPLOAD, ArchiveRefused, check_archive
from ouvrage.core.checks import xml_is_safe
from ouvrage.evidence.models import Evidence
from tests.campaigns.factories import campaign_for, interview_for
from tests.helpers import page_text
from tests.hostile import CORPUS, plain_workbook

REPO = Path(__file__).resolve().parents[2]


def _in_a_child(code: str, argument) -> dict:
    """Run `code` (which sets `result`) in a fresh Python process; `result` with its peak memory
    (VmHWM: the child's own; getrusage's maxrss would include the parent's, kept across exec)."""
    script = (
        "import json, sys\n"
        + code
        + "result['peak_kb'] = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(json.dumps(result))\n"
    )
    done = subprocess.run(  # noqa: S603 (this Python, our script)
        [sys.executable, "-c", script, str(argument)], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def corpus():
    return {name: build() for name, build in CORPUS.items()}


def test_an_ordinary_workbook_passes():
    check_archive(plain_workbook(), UPLOAD)


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_hostile_file_is_refused_in_french(corpus, name):
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(corpus[name], UPLOAD)
    message = refused.value.message
    assert any(word in message for word in ("refusé", "endommagé", "au plus")), message


def test_reading_the_corpus_keeps_memory_bounded(tmp_path, corpus):
    """Peak memory of a process that checks every hostile file, measured from outside."""
    for n, data in enumerate(corpus.values()):
        (tmp_path / f"{n}.xlsx").write_bytes(data)
    figures = _in_a_child(
        "import pathlib\n"
        "from ouvrage.core.archives import UPLOAD, ArchiveRefused, check_archive\n"
        "refused = 0\n"
        "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.xlsx')):\n"
        "    try:\n"
        "        check_archive(path, UPLOAD)\n"
        "    except ArchiveRefused:\n"
        "        refused += 1\n"
        "result = {'refused': refused}\n",
        tmp_path,
    )
    assert figures["refused"] == len(corpus)
    assert figures["peak_kb"] < 300 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["billion laughs in a sheet", "DTD in UTF-16", "part inflating to 120 MB", "sizes that lie"]
)
def test_the_grid_import_refuses_them_and_saves_nothing(director_client, ehpad, corpus, name):
    campaign = campaign_for(ehpad)
    interview_for(campaign, "traceur_cible")
    response = director_client.post(
        reverse("campaigns:grids_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("grille.xlsx", corpus[name])},
    )
    assert response.status_code < 500
    text = page_text(response)
    assert "grille.xlsx" in text and ("refusé" in text or "endommagé" in text)
    assert not Rating.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["billion laughs in workbook.xml", "part inflating to 120 MB", "sizes that lie"]
)
def test_evidence_uploads_refuse_them(director_client, ehpad, corpus, name):
    response = director_client.post(
        reverse("evidence:list", args=[ehpad.pk]),
        {"kind": "document", "title": "Tableau", "file": SimpleUploadedFile("tableau.xlsx", corpus[name])},
    )
    assert response.status_code < 500 and "tableau.xlsx" in page_text(response)
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_frame_completion_command_refuses_a_dtd(tmp_path, has_version, corpus):
    path = tmp_path / "referentiel.xlsx"
    path.write_bytes(corpus["billion laughs in workbook.xml"])
    with pytest.raises(CommandError) as refused:
        call_command(
            "frames",
            "import-xlsx",
            str(path),
            "--frame",
            "has-essms",
            "--map",
            "criterion=A",
            "--map",
            "title=B",
            stdout=io.StringIO(),
        )
    assert "DOCTYPE" in str(refused.value)


def test_the_opendata_reader_refuses_them(tmp_path, corpus):
    from ouvrage.core.problems import ProblemsFound
    from ouvrage.national.opendata import read_results

    path = tmp_path / "open_data.xlsx"
    path.write_bytes(corpus["billion laughs in a sheet"])
    with pytest.raises(ProblemsFound) as found:
        read_results(path)
    assert "DOCTYPE" in str(found.value)


def test_the_start_up_check_wants_defusedxml_or_a_recent_expat():
    assert xml_is_safe((2, 5, 0), defused=True)
    assert xml_is_safe((2, 7, 1), defused=False)
    assert not xml_is_safe((2, 5, 0), defused=False)
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # this installation reads spreadsheets through defusedxml


@pytest.mark.django_db
def test_an_oversized_body_is_refused_before_it_is_read(client, settings):
    """Before sign-in too: the login page's form posted with a gigabyte announced."""
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        b"login=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(2**30),
    )
    assert response.status_code == 413 and "Envoi trop volumineux" in page_text(response)
    assert "12 Mo au plus" in page_text(response)


def test_a_body_without_a_declared_length_is_cut_while_read(settings):
    from django.core.files.uploadhandler import StopUpload

    from ouvrage.www.middleware import BodyLimitUploadHandler

    settings.MAX_REQUEST_BODY = 1000
    handler = BodyLimitUploadHandler()
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)


def test_the_pages_that_take_the_has_public_files_accept_larger_bodies_and_only_them(settings, rf):
    from django.core.files.uploadhandler import StopUpload

    from ouvrage.www.middleware import BodyLimitUploadHandler, BodySizeMiddleware

    settings.MAX_REQUEST_BODY = 1000
    settings.LARGE_BODY_PATHS = {"/cadres/mises-a-jour/": 5000}
    middleware = BodySizeMiddleware(lambda request: HttpResponse("lu"))
    large = rf.post("/cadres/mises-a-jour/", data=b"x" * 3000, content_type="application/octet-stream")
    elsewhere = rf.post(
        "/cadres/mises-a-jour/autre/", data=b"x" * 3000, content_type="application/octet-stream"
    )
    assert middleware(large).status_code == 200
    refused = middleware(
        rf.post("/cadres/mises-a-jour/", data=b"x" * 6000, content_type="application/octet-stream")
    )
    assert refused.status_code == 413 and "5000" not in refused.content.decode()
    assert middleware(elsewhere).status_code == 413
    handler = BodyLimitUploadHandler(large)
    assert handler.receive_data_chunk(b"x" * 3000, 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 3000, 3000)


@pytest.mark.django_db
@pytest.mark.parametrize("value", [str(2**63), str(2**64), "9" * 40, "-" + str(2**63)])
def test_an_id_beyond_the_database_is_an_invalid_choice(director_client, director, ehpad, has_version, value):
    """Found by the form fuzzer: an id of 2⁶³ raised OverflowError (500) on the sessions page."""
    from ouvrage.ownframe.models import CollectiveSession
    from ouvrage.ownframe.services import adopt_starter

    adopt_starter(establishment=ehpad, actor=director)

    response = director_client.post(
        reverse("ownframe:sessions", args=[ehpad.pk]),
        {"held_on": "2026-03-02", "title": "Séance", "questions": [value]},
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in page_text(response)
    assert not CollectiveSession.objects.exists()


def test_out_of_range_reads_numbers_of_any_length():
    from ouvrage.www.fields import out_of_range

    assert (
        out_of_range(2**63)
        and out_of_range("9" * 5000)
        and not out_of_range("12")
        and not out_of_range("abc")
    )


def test_an_accepted_file_with_a_huge_cell_is_read_in_bounded_memory(tmp_path):
    """Within the limits (45 MB in one cell), the spreadsheet library reads it under 300 MB."""
    from tests.hostile import huge_cell

    path = tmp_path / "grande-cellule.xlsx"
    path.write_bytes(huge_cell())
    figures = _in_a_child(
        "from ouvrage.core.archives import UPLOAD, check_archive\n"
        "from openpyxl import load_workbook\n"
        "check_archive(sys.argv[1], UPLOAD)\n"
        "wb = load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
        "rows = wb.worksheets[0].iter_rows(values_only=True)\n"
        "result = {'longest': max(len(str(v)) for row in rows for v in row)}\n",
        path,
    )
    assert figures["longest"] == 45 * 1024 * 1024
    assert figures["peak_kb"] < 300 * 1024
