"""Spreadsheets (openpyxl): grids to fill offline and import back, results in the HAS open-data
layout, the action plan. Every cell written from user text is neutralised against formulas."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ouvrage.campaigns.rules import mark_problem
from ouvrage.campaigns.scoring import Mark
from ouvrage.core.problems import ProblemList
from ouvrage.frames.domain import Method

MARKS = ["1", "2", "3", "4", "*", "NC", "RI"]
META_SHEET = "_ouvrage"
GRID_HEADER = [
    "id",
    "Critère",
    "E.E.",
    "Élément d'évaluation",
    "Cotation",
    "Commentaire",
    "Justification NC",
    "version",
]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


def safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _number(value: Decimal | Fraction | None) -> float | None:
    if value is None:
        return None
    return round(float(value), 2)


def _new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)
    sheet.title = title
    return workbook, sheet


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(n: int, title: str) -> str:
    cleaned = FORBIDDEN_IN_TITLES.sub(" ", title)
    return f"{n}. {cleaned}"[:31]


# --- grids -------------------------------------------------------------------------------------


def export_grids(campaign: Any, grids: list[Any]) -> bytes:
    """One sheet per interview; hidden columns keep the element id and the cotation's version, so
    a grid changed in the application since the export is detected on import."""
    workbook, meta = _new_workbook(META_SHEET)
    meta.append(["campaign", campaign.pk])
    for n, grid in enumerate(grids, start=1):
        ws = workbook.create_sheet(_sheet_title(n, grid.interview.title))
        meta.append(["sheet", ws.title, grid.interview.pk])
        ws.append(GRID_HEADER)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        validation = DataValidation(
            type="list",
            formula1=f'"{",".join(MARKS)}"',
            allow_blank=True,
            error="Cotation : 1, 2, 3, 4, * (optimisé), NC (non concerné) ou RI (réponse inadaptée).",
            errorTitle="Cotation invalide",
        )
        ws.add_data_validation(validation)
        for part in grid.parts:
            for gc in part.criteria:
                for row in gc.rows:
                    rating = row.rating
                    ws.append(
                        [
                            row.element.pk,
                            gc.criterion.code,
                            row.element.rank,
                            safe(row.element.text),
                            rating.mark if rating and rating.mark else None,
                            safe(rating.comment) if rating and rating.comment else None,
                            safe(rating.justification) if rating and rating.justification else None,
                            row.version,
                        ]
                    )
                    validation.add(f"E{ws.max_row}")
        ws.column_dimensions["A"].hidden = True
        ws.column_dimensions["H"].hidden = True
        ws.column_dimensions["D"].width = 80
        ws.column_dimensions["F"].width = 40
        ws.column_dimensions["G"].width = 40
        for cells in ws.iter_rows(min_row=2, min_col=4, max_col=4):
            cells[0].alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
    meta.sheet_state = "hidden"
    return _to_bytes(workbook)


@dataclass
class GridChange:
    interview: Any
    element: Any
    mark: str
    comment: str
    justification: str
    version: int
    where: str


@dataclass
class GridImport:
    changes: list[GridChange] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: int = 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def read_grids(name: str, data: bytes, campaign: Any, grids: dict[int, Any]) -> GridImport:
    """Check every cell of a filled grid file. `grids` maps interview id → Grid. Raises
    ProblemsFound (sheet and cell named, in French) if anything is wrong; returns the changes and
    the conflicts with what was saved in the application since the export."""
    problems = ProblemList(name)
    if len(data) > MAX_IMPORT_BYTES:
        problems.add(f"fichier de {len(data) / 1024 / 1024:.1f} Mo : 5 Mo au plus")
        problems.raise_if_any()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        problems.add(f"ce n'est pas un classeur Excel .xlsx lisible ({type(exc).__name__})")
        problems.raise_if_any()
        raise AssertionError("unreachable") from exc
    result = GridImport()
    try:
        if META_SHEET not in workbook.sheetnames:
            problems.add(
                "ce fichier n'a pas été exporté par Ouvrage (feuille « _ouvrage » absente) : exportez la grille puis remplissez-la"
            )
            problems.raise_if_any()
        meta_rows = list(workbook[META_SHEET].iter_rows(values_only=True, max_row=500))
        if (
            not meta_rows
            or _text(meta_rows[0][0] if meta_rows[0] else "") != "campaign"
            or _text(meta_rows[0][1]) != str(campaign.pk)
        ):
            problems.add("ce fichier a été exporté pour une autre évaluation", where="feuille « _ouvrage »")
            problems.raise_if_any()
        sheets = {
            _text(r[1]): _text(r[2]) for r in meta_rows[1:] if r and len(r) >= 3 and _text(r[0]) == "sheet"
        }
        for title, interview_id in sheets.items():
            if title not in workbook.sheetnames:
                problems.add("feuille supprimée du fichier", where=f"feuille « {title} »")
                continue
            grid = grids.get(int(interview_id)) if interview_id.isdigit() else None
            if grid is None:
                problems.add("entretien introuvable dans cette évaluation", where=f"feuille « {title} »")
                continue
            _read_sheet(workbook[title], title, grid, problems, result)
    finally:
        workbook.close()
    problems.raise_if_any()
    return result


def _read_sheet(ws: Any, title: str, grid: Any, problems: ProblemList, result: GridImport) -> None:
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in (next(rows, ()) or ())][: len(GRID_HEADER)]
    if header != GRID_HEADER:
        problems.add(
            f"en-tête modifié (attendu : {', '.join(GRID_HEADER)})", where=f"feuille « {title} », ligne 1"
        )
        return
    elements = {row.element.pk: row for part in grid.parts for gc in part.criteria for row in gc.rows}
    method = Method(grid.interview.method)
    seen: set[int] = set()
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            problems.add(f"plus de {MAX_ROWS} lignes", where=f"feuille « {title} »")
            return
        values = tuple(values) + (None,) * (len(GRID_HEADER) - len(values))
        if not any(_text(v) for v in values):
            continue

        def where(column: str, number: int = number) -> str:
            return f"feuille « {title} », cellule {column}{number}"

        element_id = _text(values[0])
        if not element_id.isdigit() or int(element_id) not in elements:
            problems.add(
                "identifiant d'élément modifié ou inconnu : ne touchez pas aux colonnes masquées",
                where=where("A"),
            )
            continue
        if int(element_id) in seen:
            problems.add("élément en double", where=where("A"))
            continue
        seen.add(int(element_id))
        row = elements[int(element_id)]
        mark = _text(values[4]).upper().replace("★", "*")
        if mark and mark not in MARKS:
            problems.add(
                f"cotation « {_text(values[4])} » inconnue (1, 2, 3, 4, *, NC ou RI)",
                where=where("E"),
                field="Cotation",
            )
            continue
        comment, justification = _text(values[5])[:5000], _text(values[6])[:5000]
        version_text = _text(values[7])
        if not version_text.isdigit():
            problems.add("version modifiée : ne touchez pas aux colonnes masquées", where=where("H"))
            continue
        problem = mark_problem(
            Mark(mark) if mark else None,
            imperative=row.element.criterion.imperative,
            method=method,
            justification=justification,
        )
        if problem:
            problems.add(
                problem, where=where("E" if mark != "NC" or row.element.criterion.imperative else "G")
            )
            continue
        stored = row.rating
        current = (stored.mark, stored.comment, stored.justification) if stored else ("", "", "")
        wanted = (mark, comment, justification if mark == "NC" else "")
        if wanted == current:
            result.unchanged += 1
            continue
        version = int(version_text)
        if row.version != version:
            result.conflicts.append(
                f"{where('E')} ({row.element.criterion.code} E.E. {row.element.rank}) : modifiée dans Ouvrage depuis l'export "
                f"(« {current[0] or 'vide'} » par {stored.updated_by if stored else '—'}) ; le fichier dit « {mark or 'vide'} »"
            )
            continue
        result.changes.append(
            GridChange(grid.interview, row.element, mark, comment, justification, version, where("E"))
        )


# --- results in the HAS open-data layout --------------------------------------------------------


def open_data_row(campaign: Any, results: Any, version: Any) -> dict[str, Any]:
    """One evaluation as a row of the HAS open data (open_data_par_essms columns, see
    shared/referentiel/finess.md §4.1). indice_qualite is OUR ESTIMATE, named so in the sheet."""
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
    }
    chapters = list(version.chapters.all())
    themes = list(version.themes.all())
    for ch in chapters:
        row[f"cotation_chapitre_{ch.code}"] = _number(
            results.chapters.get(ch.code).display if results.chapters.get(ch.code) else None
        )
    for ch in chapters:
        present = [t for t in themes if (ch.code, t.code) in results.chapter_themes]
        for n, t in enumerate(present, start=1):
            row[f"cotation_thematique_{ch.code}.{n}"] = _number(
                results.chapter_themes[(ch.code, t.code)].display
            )
    for n, t in enumerate(themes, start=1):
        agg = results.themes.get(t.code)
        row[f"cotation_globale_thematique_0.{n}"] = _number(agg.display if agg else None)
    for code, agg in results.objectives.items():
        row[f"cotation_objectif_{code}"] = _number(agg.display)
        row[f"nb_criteres_evalues_objectif_{code}"] = len(agg.criteria)
    for code, r in results.criteria.items():
        if r.imperative:
            row[f"cotation_critere_imperatif_{code}"] = _number(r.score)
    without = q.mean_without_special
    count = sum(len(a.criteria) for c, a in results.objectives.items() if c != "3.10" and a.score is not None)
    row.update(
        {
            "nb_criteres_hors310": count,
            "somme_ponderee_hors310": _number(without * count) if without is not None else None,
            "moy_objectifs_hors310": _number(without),
            "moy_objectifs_100": _number(q.mean_100),
            "nb_ci": q.applicable_imperatives,
            "nb_ci_sup_3_5": q.imperatives_at_threshold,
            "taux_ci_sup_3_5": _number(q.rate),
            "nb_ci_atteints": q.imperatives_strictly_met,
            "indice_qualite_estime": q.letter,
        }
    )
    return row


def export_open_data(rows: list[dict[str, Any]]) -> bytes:
    workbook, ws = _new_workbook("open_data_par_essms")
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
    ):
        notes.append([line])
    return _to_bytes(workbook)


# --- action plan --------------------------------------------------------------------------------


def export_action_plan(actions: list[Any]) -> bytes:
    rows = []
    for a in actions:
        last = a.notes.all()[0] if a.notes.all() else None
        rows.append(
            [
                a.title,
                a.description,
                ", ".join(c.code for c in a.criteria.all()),
                str(a.owner or ""),
                a.due_on,
                a.get_priority_display(),
                a.get_status_display(),
                a.abandon_reason,
                a.campaign.title if a.campaign else "",
                f"{last.written_on:%d/%m/%Y} : {last.text}" if last else "",
            ]
        )
    return export_rows(
        "Plan d'action",
        [
            "Action",
            "Description",
            "Critères",
            "Pilote",
            "Échéance",
            "Priorité",
            "État",
            "Raison de l'abandon",
            "Évaluation d'origine",
            "Dernière note d'avancement",
        ],
        rows,
    )


def export_rows(
    title: str, header: list[str], rows: list[list[Any]], totals: list[list[Any]] | None = None
) -> bytes:
    """A plain table (every text cell neutralised), with an optional sheet of totals."""
    workbook, ws = _new_workbook(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe(v) for v in row])
    if totals:
        sheet = workbook.create_sheet("Totaux")
        for row in totals:
            sheet.append([safe(v) for v in row])
    return _to_bytes(workbook)
