"""Frame data files: the HAS frame checks out; a malformed folder is refused whole, in French."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from ouvrage.core.problems import ProblemsFound
from ouvrage.frames.domain import Target
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


def test_the_whole_manual_is_there(has_spec):
    """Issue 16: every objective titled, every criterion in the manual's words with its elements, each
    element with the interview target printed above it; what the evaluator consults and the
    references; sources as pages of the manual."""
    by_code = {c.code: c for c in has_spec.criteria}
    counts = has_spec.counts()
    assert counts["titled_objectives"] == 42 and counts["objectives"] == 42
    assert counts["complete_titles"] == 157 and counts["criteria_with_elements"] == 157
    assert counts["elements"] == 340 and counts["elements_with_target"] == 340
    assert counts["proofs"] == 223 and counts["references"] == 1276
    assert not any(e.placeholder for c in has_spec.criteria for e in c.elements)
    # The impératifs that were half sentences rated as one provisional element (issue 16).
    assert (
        by_code["2.2.1"].title
        == "Les professionnels soutiennent la liberté d’aller et venir de la personne accompagnée."
    )
    assert [e.rank for e in by_code["2.2.1"].elements] == [1, 2]
    assert [e.rank for e in by_code["3.6.1"].elements] == [1, 2, 3, 4]
    assert [e.rank for e in by_code["1.2.2"].elements] == [1, 2, 3]
    targets = Counter(e.target.value for c in has_spec.criteria for e in c.elements)
    assert targets == {"personne": 61, "professionnels": 191, "gouvernance": 88}
    # 3.8.1 is written « L'ESSMS… » but printed under « Entretien avec les professionnels ».
    assert {e.target.value for e in by_code["3.8.1"].elements} == {"professionnels"}
    # The CVS grid of fiche pratique 6: the ten criteria carrying the CVS pointer.
    assert sorted(c.code for c in has_spec.criteria if Target.CVS in c.targets) == sorted(
        ["1.3.1", "1.5.1", "1.5.2", "3.1.1", "3.2.2", "3.10.1", "3.10.2", "3.12.2", "3.13.2", "3.14.1"]
    )
    assert by_code["1.1.1"].source.page == "6" and not by_code["1.1.1"].source.url
    assert "trait d'union" in by_code["1.8.4"].source.confidence  # said where it is not high
    assert {p.kind.value for p in by_code["2.2.2"].proofs} <= {"documentaire", "observation"}
    assert by_code["1.1.1"].references[0].section == "HAS – Globales"
    assert has_spec.source_title == "Manuel d’évaluation de la qualité des ESSMS, HAS, juillet 2025"


def test_a_criterion_without_elements_gets_one_provisional_element(frame_copy):
    lines = (frame_copy / "elements.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (frame_copy / "elements.csv").write_text(
        "".join(line for line in lines if not line.startswith("2.2.1,")), encoding="utf-8"
    )
    edit(
        frame_copy / "frame.toml",
        "criteria_with_elements = 157\nelements = 340\nelements_with_target = 340\n",
        "",
    )
    spec = load_frame(frame_copy)
    criterion = next(c for c in spec.criteria if c.code == "2.2.1")
    assert not criterion.elements_complete
    assert [(e.rank, e.placeholder, e.text) for e in criterion.elements] == [(1, True, criterion.title)]


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
