"""Open-data files made by the tests: exactly the 173 columns of open_data_par_essms, in CSV, XLSX or
parquet, with varied scores."""

from __future__ import annotations

import csv
import random

from openpyxl import Workbook

from ouvrage.national import columns as C

COLUMNS = list(C.ALL_COLUMNS)
assert len(COLUMNS) == 173


def row(i: int, *, category="500", region="Auvergne-Rhône-Alpes", finess=None, seed=None, **overrides):
    """One published evaluation: every column filled, scores varied by `i`."""
    rnd = random.Random(i if seed is None else seed)

    def score() -> float:
        return round(rnd.uniform(2.2, 4.0), 2)

    values: dict[str, object] = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "finess_geo": finess or f"69{i:07d}",
            "raison_sociale": f"EHPAD n° {i}",
            "essms_statut_juridique": "Association",
            "region_code": "84",
            "region_libelle": region,
            "departement_code": "69",
            "departement_libelle": "Rhône",
            "latitude": "45.7",
            "longitude": "4.8",
            "essms_categ_finess_code": category,
            "essms_categ_finess_libelle": "Etablissement d'hébergement pour personnes âgées dépendantes",
            "essms_secteur": "Médico-social",
            "essms_type_structure": "Etablissement",
            "essms_PA": "1",
            "essms_PHA": "0",
            "essms_PHE": "0",
            "essms_AHI": "0",
            "essms_PDS": "0",
            "essms_PE/PJJ": "0",
            "eval_code": f"EV{i:05d}",
            "eval_date_debut": "2025-01-06",
            "eval_date_fin": f"2025-0{1 + i % 9}-1{i % 10}",
            "eval_date_cloture_tech": "2025-10-01",
            "multi_essms": "0",
            "oe_nom": "Cabinet Évaluation",
            "oe_numero_accreditation": "3-1234",
            "nb_at": "3",
            "3.6.2_nc": "0",
            "nb_criteres_hors310": "140",
            "somme_ponderee_hors310": "470.5",
            "moy_objectifs_hors310": "3.36",
            "moy_objectifs_100": round(50 + (i * 7) % 50 + rnd.random(), 2),
            "nb_ci": "18",
            "nb_ci_sup_3_5": str(10 + i % 9),
            "taux_ci_sup_3_5": "",
            "indice_qualite": "ABCD"[i % 4],
            "nb_ci_atteints": str(8 + i % 9),
        }
    )
    for _, _, column in C.SCORES:
        values[column] = score()
    for column in C.CRITERIA_COUNTS:
        values[column] = rnd.randint(2, 6)
    values.update(overrides)
    return values


def rows(n=30, **kwargs):
    return [row(i, **kwargs) for i in range(n)]


def write_csv(path, data, columns=None, delimiter=";"):
    columns = columns or COLUMNS
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(columns)
        for r in data:
            writer.writerow(
                [
                    str(r.get(c, "")).replace(".", ",")
                    if delimiter == ";" and isinstance(r.get(c), float)
                    else r.get(c, "")
                    for c in columns
                ]
            )
    return path


def write_xlsx(path, data, columns=None):
    columns = columns or COLUMNS
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(columns)
    for r in data:
        ws.append([r.get(c, "") for c in columns])
    wb.save(path)
    return path


def write_parquet(path, data, columns=None):
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = columns or COLUMNS
    table = pa.table({c: pa.array([str(r.get(c, "")) for r in data], type=pa.string()) for c in columns})
    pq.write_table(table, path)
    return path


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "parquet": write_parquet}
