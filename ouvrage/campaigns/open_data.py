"""A campaign's results in the column layout of the HAS open data (file open_data_par_essms; columns
in shared/referentiel/open_data_par_essms_columns.txt)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ouvrage.core.spreadsheets import new_workbook, number, safe, to_bytes

if TYPE_CHECKING:
    from ouvrage.campaigns.selectors import CampaignResults

NOT_COMPUTED = "non calculée (évaluation incomplète)"


def results_status(data: CampaignResults) -> str:
    """Whether the figures are final, in the words every export uses."""
    c = data.completeness
    if c.complete:
        return (
            "définitifs"
            if not data.provisional and data.campaign.closed_at
            else "complets, évaluation en cours"
        )
    status = "provisoires" if data.provisional else "clôturés incomplets"
    return f"{status} : {c.describe()}"


def open_data_row(data: CampaignResults) -> dict[str, Any]:
    """One evaluation as a row of the HAS open data (open_data_par_essms columns, see
    shared/referentiel/finess.md §4.1), with how complete it is. indice_qualite is OUR ESTIMATE,
    named so in the sheet, and only for a complete or closed evaluation."""
    campaign, results, version = data.campaign, data.results, data.campaign.frame_version
    e = campaign.establishment
    q = results.quality
    row: dict[str, Any] = {
        "finess_geo": e.finess,
        "raison_sociale": e.name,
        "essms_categ_finess_code": e.finess_category,
        "essms_secteur": e.get_sector_display(),
        "essms_type_structure": e.get_kind_display().split(" ")[0],
        **{f"essms_{p}": int(p in e.publics) for p in ("PA", "PHA", "PHE", "AHI", "PDS")},
        "essms_PE/PJJ": int("PE-PJJ" in e.publics),
        "eval_date_debut": campaign.starts_on,
        "eval_date_fin": campaign.ends_on,
        "ouvrage_statut_resultats": results_status(data),
        "ouvrage_cotations_donnees": data.completeness.rated,
        "ouvrage_cotations_attendues": data.completeness.expected,
        "ouvrage_criteres_sans_entretien": data.completeness.uncovered,
    }
    chapters = list(version.chapters.all())
    themes = list(version.themes.all())
    for ch in chapters:
        chapter = results.chapters.get(ch.code)
        row[f"cotation_chapitre_{ch.code}"] = number(chapter.display if chapter else None)
    for ch in chapters:
        present = [t for t in themes if (ch.code, t.code) in results.chapter_themes]
        for n, t in enumerate(present, start=1):
            row[f"cotation_thematique_{ch.code}.{n}"] = number(
                results.chapter_themes[(ch.code, t.code)].display
            )
    for n, t in enumerate(themes, start=1):
        agg = results.themes.get(t.code)
        row[f"cotation_globale_thematique_0.{n}"] = number(agg.display if agg else None)
    for code, agg in results.objectives.items():
        row[f"cotation_objectif_{code}"] = number(agg.display)
        row[f"nb_criteres_evalues_objectif_{code}"] = len(agg.criteria)
    for code, r in results.criteria.items():
        if r.imperative:
            row[f"cotation_critere_imperatif_{code}"] = number(r.score)
    without = q.mean_without_special
    special = version.rules.scale.special_objective
    count = sum(
        len(a.criteria) for c, a in results.objectives.items() if c != special and a.score is not None
    )
    row.update(
        {
            "nb_criteres_hors310": count,
            "somme_ponderee_hors310": number(without * count) if without is not None else None,
            "moy_objectifs_hors310": number(without),
            "moy_objectifs_100": number(q.mean_100),
            "nb_ci": q.applicable_imperatives,
            "nb_ci_sup_3_5": q.imperatives_at_threshold,
            "taux_ci_sup_3_5": number(q.rate),
            "nb_ci_atteints": q.imperatives_strictly_met,
            "indice_qualite_estime": q.letter if data.letter_shown else NOT_COMPUTED,
        }
    )
    return row


def export_open_data(rows: list[dict[str, Any]]) -> bytes:
    """The rows, and a sheet « À lire » that says what is estimated and which results are not final."""
    workbook, ws = new_workbook("open_data_par_essms")
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    ws.append(columns)
    for row in rows:
        ws.append([safe(row.get(c)) for c in columns])
    notes = workbook.create_sheet("À lire")
    for line in (
        "Colonnes au format de l'open data HAS (résultats d'évaluation des ESSMS, fichier par ESSMS).",
        "indice_qualite_estime est une ESTIMATION d'Ouvrage (seuils reconstitués), pas la lettre officielle.",
        "moy_objectifs_100 suit la formule reconstituée de l'open data (docs/scoring.md).",
        "Les colonnes ouvrage_* ne sont pas dans l'open data : elles disent si les résultats sont définitifs.",
        "Chiffres tronqués à deux décimales, sans arrondi (règle HAS depuis le 9 octobre 2024).",
    ):
        notes.append([line])
    for row in rows:
        status = str(row.get("ouvrage_statut_resultats", ""))
        if not status.startswith(("définitifs", "complets")):
            notes.append([f"Attention, {row.get('raison_sociale', '')} : résultats {status}."])
    return to_bytes(workbook)
