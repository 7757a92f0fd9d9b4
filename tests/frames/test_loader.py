"""Frame data files: the HAS frame checks out; a malformed folder is refused whole, in French."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from ouvrage.core.problems import ProblemsFound
from ouvrage.frames.loader import load_frame
from tests.conftest import HAS_DIR

IMPERATIVES = {
    "2.2.1",
    "2.2.2",
    "2.2.3",
    "2.2.4",
    "2.2.5",
    "2.2.6",
    "2.2.7",
    "3.6.2",
    "3.11.1",
    "3.11.2",
    "3.12.1",
    "3.12.2",
    "3.12.3",
    "3.13.1",
    "3.13.2",
    "3.13.3",
    "3.14.1",
    "3.14.2",
}


def test_has_structure_checks_out(has_spec):
    assert [c.code for c in has_spec.chapters] == ["1", "2", "3"]
    assert len(has_spec.themes) == 9
    assert Counter(o.chapter for o in has_spec.objectives) == {"1": 17, "2": 10, "3": 15}
    assert len(has_spec.criteria) == 157
    assert sum(c.scope.is_generic for c in has_spec.criteria) == 129
    assert set(has_spec.imperative_codes) == IMPERATIVES
    for c in has_spec.criteria:
        assert c.code.startswith(c.objective + "."), c.code


def test_methods_follow_chapters(has_spec):
    chapter_of = {o.code: o.chapter for o in has_spec.objectives}
    expected = {"1": "accompagne_traceur", "2": "traceur_cible", "3": "audit_systeme"}
    assert all(c.method.value == expected[chapter_of[c.objective]] for c in has_spec.criteria)


def test_incomplete_wording_and_unknown_elements_are_flagged(has_spec):
    by_code = {c.code: c for c in has_spec.criteria}
    assert sum(not c.title_complete for c in has_spec.criteria) == 20
    assert not by_code["1.4.2"].title_complete
    # Unknown elements: rated as one placeholder element carrying the wording, flagged.
    assert not by_code["2.2.1"].elements_complete
    assert [e.placeholder for e in by_code["2.2.1"].elements] == [True]
    assert by_code["1.1.1"].elements_complete
    assert [e.rank for e in by_code["1.2.2"].elements] == [1, 2, 3]
    assert sum(len(c.elements) for c in has_spec.criteria if c.elements_complete) == 295
    assert by_code["1.1.1"].source.url.startswith("https://")


@pytest.fixture
def frame_copy(tmp_path):
    target = tmp_path / "frame"
    shutil.copytree(HAS_DIR, target)
    return target


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(folder):
    with pytest.raises(ProblemsFound) as exc:
        load_frame(folder)
    return [str(p) for p in exc.value.problems]


def test_bad_value_names_file_line_and_field(frame_copy):
    edit(frame_copy / "criteria.csv", ",non,Tous ESSMS", ",peut-être,Tous ESSMS")
    problems = problems_of(frame_copy)
    assert problems == [
        "criteria.csv, ligne 2, champ « imperative » : valeur « peut-être » inconnue (attendu : « oui », « non »)"
    ]


def test_unknown_reference_and_duplicates(frame_copy):
    edit(frame_copy / "criteria.csv", "\n1.2.2,1.2,", "\n1.2.1,9.9,")
    problems = problems_of(frame_copy)
    assert (
        "criteria.csv, ligne 4, champ « objective » : objectif « 9.9 » absent de objectives.csv" in problems
    )
    assert "criteria.csv, ligne 4, champ « code » : critère « 1.2.1 » en double" in problems


def test_missing_column(frame_copy):
    edit(frame_copy / "elements.csv", "criterion,rank,text", "criterion,rang,text")
    problems = problems_of(frame_copy)
    assert problems[0].startswith("elements.csv, ligne 1 : colonnes manquantes : rank")


def test_counts_must_match_expectations(frame_copy):
    edit(frame_copy / "frame.toml", "criteria = 157", "criteria = 158")
    edit(frame_copy / "frame.toml", '"3.14.2",\n]', '"3.14.2", "3.15.1",\n]')
    problems = problems_of(frame_copy)
    assert (
        "frame.toml, [expect], champ « criteria » : 158 attendus, 157 trouvés dans les fichiers" in problems
    )
    assert any("manquants ['3.15.1']" in p for p in problems)


def test_bad_rank_and_unknown_public(frame_copy):
    edit(frame_copy / "elements.csv", "\n1.1.1,1,", "\n1.1.1,un,")
    edit(frame_copy / "criteria.csv", "PA/PHA/PDS/AHI", "PA/XYZ")
    problems = problems_of(frame_copy)
    assert any(
        p.startswith("elements.csv, ligne 2, champ « rank » : « un » n'est pas un rang") for p in problems
    )
    assert any("champ « publics » : public « XYZ » inconnu" in p for p in problems)


def test_broken_toml_and_non_utf8(frame_copy):
    (frame_copy / "frame.toml").write_text("format = [", encoding="utf-8")
    (frame_copy / "objectives.csv").write_bytes(
        "code,chapter,theme,title\n1.1,1,T1,Caf\xe9\n".encode("latin-1")
    )
    problems = problems_of(frame_copy)
    assert any(p.startswith("frame.toml : fichier TOML illisible") for p in problems)
    assert any(p.startswith("objectives.csv : le fichier n'est pas en UTF-8") for p in problems)


def test_missing_folder(tmp_path):
    assert problems_of(tmp_path / "absent") == [f"{tmp_path / 'absent'} : dossier introuvable"]
