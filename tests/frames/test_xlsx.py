"""Completing a frame version from the official spreadsheet (columns given by the person)."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ouvrage.core.problems import ProblemsFound
from ouvrage.frames.models import Criterion
from ouvrage.frames.xlsx import mapping_from_options, read_completion

HEADER = ["N° critère", "Libellé du critère", "N° E.E.", "Élément d'évaluation"]
ROWS = [
    [
        "1.4.2",
        "La personne accompagnée bénéficie d'un espace de vie privatif respecté.",
        1,
        "Premier élément.",
    ],
    [None, None, 2, "Second élément (cellule fusionnée au-dessus)."],
    ["9.9.9", "Critère inconnu", 1, "x"],
    ["2.2.1", "La personne accompagnée peut aller et venir librement.", None, "Élément unique."],
]


def workbook(path: Path, rows, header=HEADER, title="Référentiel") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


MAP = [
    "--map",
    "criterion=N° critère",
    "--map",
    "title=B",
    "--map",
    "rank=C",
    "--map",
    "element=Élément d'évaluation",
]


@pytest.mark.django_db
def test_completes_wording_and_elements_and_reports_unmatched(tmp_path, has_version):
    path = workbook(tmp_path / "has.xlsx", ROWS)
    out = run("frames", "import-xlsx", str(path), "--frame", "has-essms@1.1", *MAP)
    assert "feuille « Référentiel », ligne 4 : critère « 9.9.9 » inconnu dans cette version" in out
    assert "2 libellé(s) complété(s), 2 critère(s) avec leurs éléments (3 éléments)" in out
    c = Criterion.objects.get(version=has_version, code="1.4.2")
    assert c.title_complete and c.elements_complete and c.title.endswith("privatif respecté.")
    assert [(e.rank, e.placeholder) for e in c.elements.all()] == [(1, False), (2, False)]
    assert c.sources["title"]["url"] == "has.xlsx"
    assert [e.text for e in Criterion.objects.get(version=has_version, code="2.2.1").elements.all()] == [
        "Élément unique."
    ]


@pytest.mark.django_db
def test_dry_run_saves_nothing(tmp_path, has_version):
    path = workbook(tmp_path / "has.xlsx", ROWS)
    out = run("frames", "import-xlsx", str(path), "--frame", "has-essms", "--dry-run", *MAP)
    assert "Vérification seule" in out
    assert not Criterion.objects.get(version=has_version, code="1.4.2").title.endswith("privatif respecté.")


@pytest.mark.django_db
def test_a_bad_cell_refuses_the_whole_file(tmp_path, has_version):
    rows = [*ROWS, ["1.1.1", None, "deux", "texte"]]
    path = workbook(tmp_path / "has.xlsx", rows)
    with pytest.raises(CommandError) as exc:
        run("frames", "import-xlsx", str(path), "--frame", "has-essms", *MAP)
    assert (
        "has.xlsx, feuille « Référentiel », cellule C6, champ « rang de l'élément » : « deux » n'est pas un rang"
        in str(exc.value)
    )
    # nothing written
    assert not Criterion.objects.get(version=has_version, code="1.4.2").title.endswith("privatif respecté.")


def test_mapping_and_file_problems_in_french(tmp_path):
    with pytest.raises(ValueError, match="indiquez la colonne du code du critère"):
        mapping_from_options(["title=B"], None, 1, None)
    with pytest.raises(ValueError, match="rôle\\(s\\) inconnu\\(s\\) : libelle"):
        mapping_from_options(["criterion=A", "libelle=B"], None, 1, None)
    mapping = mapping_from_options(["criterion=A", "title=Intitulé"], None, 1, None)
    path = workbook(tmp_path / "x.xlsx", ROWS)
    with pytest.raises(ProblemsFound) as exc:
        read_completion(path, mapping, {"1.4.2"})
    assert "colonne « Intitulé » (libellé du critère) introuvable dans l'en-tête" in str(exc.value)
    not_excel = tmp_path / "faux.xlsx"
    not_excel.write_text("ceci n'est pas un classeur")
    with pytest.raises(
        ProblemsFound, match=re.escape("faux.xlsx : ce n'est pas un classeur Excel .xlsx lisible")
    ):
        read_completion(not_excel, mapping, set())
    with pytest.raises(ProblemsFound, match="feuille « Autre » introuvable"):
        read_completion(path, mapping_from_options(["criterion=A", "title=B"], "Autre", 1, None), set())


def test_mapping_from_a_config_file(tmp_path):
    config = tmp_path / "map.toml"
    config.write_text(
        'sheet = "Référentiel"\nheader_row = 1\n[columns]\ncriterion = "A"\nelement = "D"\n', encoding="utf-8"
    )
    mapping = mapping_from_options([], None, 1, config)
    completion = read_completion(workbook(tmp_path / "x.xlsx", ROWS), mapping, {"1.4.2", "2.2.1"})
    assert [e.rank for e in completion.elements["1.4.2"]] == [1, 2]
    assert len(completion.unmatched) == 1


cells = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
    st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=0, max_size=6), max_size=12))
def test_random_sheets_never_crash(tmp_path_factory, rows):
    path = workbook(tmp_path_factory.mktemp("fuzz") / "f.xlsx", rows)
    mapping = mapping_from_options(["criterion=A", "title=B", "rank=C", "element=D"], None, 1, None)
    try:
        completion = read_completion(path, mapping, {"1.1.1", "1.4.2"})
    except ProblemsFound as exc:
        assert all(str(p).startswith("f.xlsx") for p in exc.problems)
    else:
        assert set(completion.titles) | set(completion.elements) <= {"1.1.1", "1.4.2"}
