"""The columns of the HAS open-data file `open_data_par_essms` (173 of them: shared/referentiel/
open_data_par_essms_columns.txt, finess.md §4.1) and which of them an import needs. Plain Python.

Score keys are the file's own suffixes: chapters « 1 »…« 3 », thématiques per chapter « 1.1 »…« 3.8 »
(chapter, rank of the thématique in that chapter: 7, 7 and 8), thématiques across chapters « 0.1 »…
« 0.9 », objectives « 1.1 »…« 3.15 », impératifs « 2.2.1 »… (docs/national-results.md maps them to
the frame).
"""

from __future__ import annotations

CHAPTERS = ("1", "2", "3")
THEMES = tuple(
    f"{chapter}.{rank}" for chapter, count in (("1", 7), ("2", 7), ("3", 8)) for rank in range(1, count + 1)
)
GLOBAL_THEMES = tuple(f"0.{rank}" for rank in range(1, 10))
OBJECTIVES = tuple(
    f"{chapter}.{rank}"
    for chapter, count in (("1", 17), ("2", 10), ("3", 15))
    for rank in range(1, count + 1)
)
IMPERATIVES = (
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
)

# (group, key, column): every score of a row, in the order a Row keeps them.
SCORES: tuple[tuple[str, str, str], ...] = (
    *(("chapters", k, f"cotation_chapitre_{k}") for k in CHAPTERS),
    *(("themes", k, f"cotation_thematique_{k}") for k in THEMES),
    *(("global_themes", k, f"cotation_globale_thematique_{k}") for k in GLOBAL_THEMES),
    *(("objectives", k, f"cotation_objectif_{k}") for k in OBJECTIVES),
    *(("imperatives", k, f"cotation_critere_imperatif_{k}") for k in IMPERATIVES),
)
CRITERIA_COUNTS = tuple(f"nb_criteres_evalues_objectif_{k}" for k in OBJECTIVES)
PUBLIC_FLAGS = (
    ("PA", "essms_PA"),
    ("PHA", "essms_PHA"),
    ("PHE", "essms_PHE"),
    ("AHI", "essms_AHI"),
    ("PDS", "essms_PDS"),
    ("PE-PJJ", "essms_PE/PJJ"),
)

# Without these a file cannot serve the comparisons: who, which category, where, when, and every
# score the comparison page shows. Any order, any case, extra columns ignored.
REQUIRED = (
    "finess_geo",
    "essms_categ_finess_code",
    "region_libelle",
    "eval_date_fin",
    "moy_objectifs_100",
    "indice_qualite",
    *(column for _, _, column in SCORES),
)
# Read when present (identity, profile, evaluating body, impératif counts); empty when absent.
OPTIONAL = (
    "essms_categ_finess_libelle",
    "region_code",
    "departement_code",
    "essms_secteur",
    "essms_type_structure",
    *(column for _, column in PUBLIC_FLAGS),
    "eval_code",
    "eval_date_debut",
    "multi_essms",
    "oe_nom",
    "oe_numero_accreditation",
    "nb_ci",
    "nb_ci_sup_3_5",
    "taux_ci_sup_3_5",
    "nb_ci_atteints",
    *CRITERIA_COUNTS,
)
# Published but not kept: names, coordinates, other dates, the sums without 3.10 (the mean on 100
# says the same), the number of accompagnés traceurs, 3.6.2 « non concerné ».
IGNORED = (
    "raison_sociale",
    "essms_statut_juridique",
    "departement_libelle",
    "latitude",
    "longitude",
    "eval_date_cloture_tech",
    "nb_at",
    "3.6.2_nc",
    "nb_criteres_hors310",
    "somme_ponderee_hors310",
    "moy_objectifs_hors310",
)
ALL_COLUMNS = (*REQUIRED, *OPTIONAL, *IGNORED)
