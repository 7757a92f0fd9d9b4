"""Rebuild the HAS frame data files from the manual's data in ../shared/referentiel/manual-2025/.

Run when that data changes: `python scripts/build_has_frame.py [SHARED_DIR]`. The output
(ouvrage/frames/data/has-essms/1.1/*.csv) is committed and is what `ouvrage frames import` loads;
this script keeps the conversion repeatable and its choices visible:

- objectives, criteria, evaluation elements (E.E.), documents and observations, references: the
  manual's words, as extracted and checked (manual-2025/README.md), with the page they are printed on;
- each element's interview target is the box heading printed above it (« Entretien avec la
  personne » → personne, « … les professionnels » → professionnels, « … l'ESSMS » → gouvernance);
- the bullets « Entretien avec les membres du CVS » are not evaluation elements (fiche pratique 6,
  p. 197: they make the CVS grid): the criterion carrying them gets the extra target « cvs »;
- confidence is said in plain French only where it is not high (a line-end hyphen decided by
  reading the page, hyphen_joins.txt); the caveat on the source itself is said once in frame.toml.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ouvrage" / "frames" / "data" / "has-essms" / "1.1"

THEMES = [
    ("T1", "Bientraitance et éthique"),
    ("T2", "Droits de la personne accompagnée"),
    ("T3", "Expression et participation de la personne accompagnée"),
    ("T4", "Co-construction et personnalisation du projet d’accompagnement"),
    ("T5", "Accompagnement à l’autonomie"),
    ("T6", "Accompagnement à la santé"),
    ("T7", "Continuité et fluidité des parcours"),
    ("T8", "Politique ressources humaines"),
    ("T9", "Démarche qualité et gestion des risques"),
]
THEME_CODE = {title: code for code, title in THEMES}
TARGETS = {
    "Entretien avec la personne": "personne",
    "Entretien avec les professionnels": "professionnels",
    "Entretien avec l’ESSMS": "gouvernance",
}
CVS = "Entretien avec les membres du CVS"
PROOF_KINDS = {
    "Consultation documentaire": "documentaire",
    "Observation": "observation",
    "Observations": "observation",
}
YESNO = {"yes": "oui", "no": "non"}
FIELD_NAMES = {
    "criterion wording": "le libellé",
    "box": "un élément d'évaluation",
    "references": "une référence",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def judged_words(manual: Path) -> dict[tuple[str, str], list[str]]:
    """Words whose line-end hyphen was decided by reading the page: (criterion, field kind) -> words."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in (manual / "hyphen_joins.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _page, criterion, field, _decision, result, reason, *_ = [*line.split("\t"), ""]
        if reason.startswith("judgement"):
            found[(criterion, field.split(":")[0].strip())].append(result)
    return found


def confidence(words: list[str], text: str) -> str:
    here = [w for w in words if w in text]
    if not here:
        return ""
    return "moyenne : " + ", ".join(
        f"« {w} » est coupé en fin de ligne dans le manuel ; le trait d'union a été gardé après lecture de la page"
        for w in here
    )


def main(shared: Path) -> None:
    manual = shared / "referentiel" / "manual-2025"
    judged = judged_words(manual)
    OUT.mkdir(parents=True, exist_ok=True)

    objectives = [
        {
            "code": o["objective"],
            "chapter": o["chapter"],
            "theme": THEME_CODE[o["thematique"]],
            "title": o["title"],
            "page": o["page"],
        }
        for o in read(manual / "objectives.csv")
    ]
    write_csv(OUT / "objectives.csv", list(objectives[0].keys()), objectives)

    elements_in = read(manual / "elements.csv")
    cvs = {e["criterion"] for e in elements_in if e["interview_target"] == CVS}
    criteria = []
    for c in read(manual / "criteria.csv"):
        sector, structure, publics = (part.strip() for part in c["scope_shared_format"].split("|"))
        targets = [TARGETS[c["interview_targets"]]] + (["cvs"] if c["code"] in cvs else [])
        criteria.append(
            {
                "code": c["code"],
                "objective": c["objective"],
                "title": c["wording"],
                "title_complete": "oui",
                "imperative": YESNO[c["imperatif"]],
                "sector_scope": sector,
                "structure_scope": structure,
                "publics": publics,
                "method": c["method"],
                "targets": "/".join(targets),
                "page": c["page"],
                "confidence": confidence(judged.get((c["code"], "criterion wording"), []), c["wording"]),
            }
        )
    write_csv(OUT / "criteria.csv", list(criteria[0].keys()), criteria)

    elements = [
        {
            "criterion": e["criterion"],
            "rank": e["ee_rank"],
            "text": e["text"],
            "target": TARGETS[e["interview_target"]],
            "page": e["page"],
            "confidence": confidence(judged.get((e["criterion"], "box"), []), e["text"]),
        }
        for e in elements_in
        if e["is_evaluation_element"] == "yes"
    ]
    write_csv(OUT / "elements.csv", list(elements[0].keys()), elements)

    proofs = [
        {
            "criterion": p["criterion"],
            "rank": p["rank"],
            "kind": PROOF_KINDS[p["kind"]],
            "text": p["text"],
            "page": p["page"],
            "confidence": confidence(judged.get((p["criterion"], "box"), []), p["text"]),
        }
        for p in read(manual / "proofs.csv")
    ]
    write_csv(OUT / "proofs.csv", list(proofs[0].keys()), proofs)

    references = [
        {
            "criterion": r["criterion"],
            "rank": r["rank"],
            "section": r["section_normalised"],
            "text": r["text"],
            "page": r["page"],
            "confidence": confidence(judged.get((r["criterion"], "references"), []), r["text"]),
        }
        for r in read(manual / "references.csv")
    ]
    write_csv(OUT / "references.csv", list(references[0].keys()), references)
    print(
        f"{len(objectives)} objectifs, {len(criteria)} critères, {len(elements)} éléments, "
        f"{len(proofs)} documents et observations, {len(references)} références écrits dans {OUT}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
