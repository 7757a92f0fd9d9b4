"""Rebuild the HAS frame data files from the research files in ../shared/referentiel/.

Run once when the research files change: `python scripts/build_has_frame.py [SHARED_DIR]`.
The output (ouvrage/frames/data/has-essms/1.1/) is committed and is what `ouvrage frames import`
loads; this script only keeps the conversion repeatable and its choices visible.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ouvrage.frames.domain import target_from_wording  # noqa: E402

OUT = ROOT / "ouvrage" / "frames" / "data" / "has-essms" / "1.1"

THEMES = [
    ("T1", "Bientraitance et éthique"),
    ("T2", "Droits de la personne accompagnée"),
    ("T3", "Expression et participation de la personne accompagnée"),
    ("T4", "Coconstruction et personnalisation du projet d’accompagnement"),
    ("T5", "Accompagnement à l’autonomie"),
    ("T6", "Accompagnement à la santé"),
    ("T7", "Continuité et fluidité des parcours"),
    ("T8", "Politique ressources humaines"),
    ("T9", "Démarche qualité et gestion des risques"),
]
THEME_CODE = {title: code for code, title in THEMES}
YESNO = {"yes": "oui", "no": "non"}


def chapter1_target(criterion: dict[str, str]) -> str:
    if not criterion["chapter"].startswith("1"):
        return ""
    target = target_from_wording(criterion["title"])
    return target.value if target else ""


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(shared: Path) -> None:
    ref = shared / "referentiel"
    criteria = list(csv.DictReader((ref / "criteria.csv").open(encoding="utf-8")))
    elements = list(csv.DictReader((ref / "evaluation_elements.csv").open(encoding="utf-8")))
    OUT.mkdir(parents=True, exist_ok=True)

    objectives: dict[str, dict[str, str]] = {}
    for c in criteria:
        if c["objective_id"] in objectives:
            continue
        objectives[c["objective_id"]] = {
            "code": c["objective_id"],
            "chapter": c["chapter"].split(" ", 1)[0],
            "theme": THEME_CODE[c["thematique"]],
            "title": c["objective_title"],
            "title_source_url": c["objective_title_source_url"],
            "title_confidence": c["objective_title_confidence"] if c["objective_title"] else "",
            "theme_source_url": c["thematique_source_url"],
            "theme_confidence": c["thematique_confidence"],
        }
    write_csv(OUT / "objectives.csv", list(next(iter(objectives.values())).keys()), list(objectives.values()))

    rows = []
    for c in criteria:
        sector, structure, publics = (part.strip() for part in c["scope"].split("|"))
        rows.append(
            {
                "code": c["id"],
                "objective": c["objective_id"],
                "title": c["title"],
                "title_complete": YESNO[c["title_complete"]],
                "imperative": YESNO[c["imperatif"]],
                "sector_scope": sector,
                "structure_scope": structure,
                "publics": publics,
                "method": c["method"],
                # Chapter 1 (accompagné traceur): the person or the professionals, read from the
                # subject of the wording; other chapters take their chapter's targets.
                "targets": chapter1_target(c),
                "source_url": c["source_url"],
                "confidence": c["confidence"],
                "title_source_url": c["title_source_url"],
                "title_confidence": c["title_confidence"],
            }
        )
    write_csv(OUT / "criteria.csv", list(rows[0].keys()), rows)

    write_csv(
        OUT / "elements.csv",
        ["criterion", "rank", "text", "target", "source_url", "confidence"],
        [
            {
                "criterion": e["criterion_id"],
                "rank": e["ee_rank"],
                "text": e["text"],
                "target": "",
                "source_url": e["source_url"],
                "confidence": e["confidence"],
            }
            for e in elements
        ],
    )
    print(f"{len(objectives)} objectifs, {len(rows)} critères, {len(elements)} éléments écrits dans {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
