"""Grids in a spreadsheet: exported to fill offline, one sheet per interview, and read back. Every
cell is checked; the file is refused whole on any problem (sheet and cell named, in French); cotations
changed in the application since the export are listed as conflicts, never overwritten. Writing goes
through the rating service (`services.import_grid_changes`), all or nothing."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ouvrage.campaigns.rules import mark_problem
from ouvrage.campaigns.services import GridChange
from ouvrage.core.archives import UPLOAD, ArchiveRefused, check_archive
from ouvrage.core.problems import ProblemList
from ouvrage.core.spreadsheets import bold_header, new_workbook, safe, sheet_title, to_bytes
from ouvrage.frames.domain import Method
from ouvrage.frames.scoring import Mark

if TYPE_CHECKING:
    from ouvrage.campaigns.models import Campaign
    from ouvrage.campaigns.selectors import Grid

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


def export_grids(campaign: Campaign, grids: list[Grid]) -> bytes:
    """One sheet per interview; hidden columns keep the element id and the cotation's version, so
    a grid changed in the application since the export is detected on import."""
    workbook, meta = new_workbook(META_SHEET)
    meta.append(["campaign", campaign.pk])
    for n, grid in enumerate(grids, start=1):
        ws = workbook.create_sheet(sheet_title(n, grid.interview.title))
        meta.append(["sheet", ws.title, grid.interview.pk])
        ws.append(GRID_HEADER)
        bold_header(ws)
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
    return to_bytes(workbook)


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


def read_grids(name: str, data: bytes, campaign: Campaign, grids: dict[int, Grid]) -> GridImport:
    """Check every cell of a filled grid file. `grids` maps interview id → Grid. Raises
    ProblemsFound (sheet and cell named, in French) if anything is wrong; returns the changes and
    the conflicts with what was saved in the application since the export."""
    problems = ProblemList(name)
    if len(data) > MAX_IMPORT_BYTES:
        problems.add(f"fichier de {len(data) / 1024 / 1024:.1f} Mo : 5 Mo au plus")
        problems.raise_if_any()
    try:
        check_archive(data, UPLOAD)
    except ArchiveRefused as refused:
        problems.add(refused.message)
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
            imperative=grid.interview.campaign.imperative(row.element.criterion),
            method=method,
            justification=justification,
        )
        if problem:
            problems.add(
                problem,
                where=where(
                    "E" if mark != "NC" or grid.interview.campaign.imperative(row.element.criterion) else "G"
                ),
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
