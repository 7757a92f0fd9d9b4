"""Read the official HAS spreadsheet (or any XLSX) to complete a frame version.

We do not know the columns of the HAS file, so the person says which column holds what: on the
command line (`--map criterion=A --map title="Libellé"`) or in a small TOML file. A column is
named by its letter or by its header text. Problems are listed with sheet and cell; the file is
refused whole if there is one. Rows whose criterion is not in the frame version are reported.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ouvrage.core.archives import OPERATOR, ArchiveRefused, check_archive
from ouvrage.core.problems import ProblemList
from ouvrage.frames.domain import ElementSpec, Target

ROLES = ("criterion", "title", "element", "rank", "target")
ROLE_LABELS = {
    "criterion": "code du critère",
    "title": "libellé du critère",
    "element": "élément d'évaluation",
    "rank": "rang de l'élément",
    "target": "cible",
}
LETTER_RE = re.compile(r"^[A-Z]{1,3}$")
# Headers recognised without being told (folded: lower case, no accents, apostrophes and spaces
# normalised): the official file's and the usual copies' wordings.
HEADERS = {
    "criterion": (
        "n° critere",
        "no critere",
        "numero du critere",
        "numero critere",
        "code critere",
        "critere n°",
        "code",
        "critere",
    ),
    "title": (
        "libelle du critere",
        "libelle critere",
        "intitule du critere",
        "enonce du critere",
        "libelle",
        "intitule",
    ),
    "element": ("element d'evaluation", "elements d'evaluation", "element", "e.e.", "ee"),
    "rank": ("n° e.e.", "n° ee", "no e.e.", "rang", "n° element", "numero de l'element", "rang de l'element"),
    "target": ("cible", "cible d'entretien", "entretien", "interlocuteur"),
}
# The box headings printed in the manual, as a target cell may hold them.
PRINTED_TARGETS = {
    "entretien avec la personne": Target.PERSON,
    "entretien avec la personne accompagnee": Target.PERSON,
    "entretien avec les professionnels": Target.PROFESSIONALS,
    "entretien avec l'essms": Target.GOVERNANCE,
    "entretien avec la gouvernance": Target.GOVERNANCE,
    "entretien avec les membres du cvs": Target.CVS,
}
HEADER_ROWS_SEARCHED = 10
MAX_ROWS = 20_000
MAX_TEXT = 5_000


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    sheet: str | None = None
    header_row: int = 1


@dataclass(frozen=True)
class UnmatchedRow:
    sheet: str
    row: int
    value: str

    def __str__(self) -> str:
        return f"feuille « {self.sheet} », ligne {self.row} : critère « {self.value} » inconnu dans cette version"


@dataclass
class Completion:
    file: str
    titles: dict[str, str] = field(default_factory=dict)
    elements: dict[str, list[ElementSpec]] = field(default_factory=dict)
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    rows_read: int = 0


def mapping_from_options(
    pairs: list[str], sheet: str | None, header_row: int, config: Path | None
) -> Mapping:
    """Build the mapping from `role=column` pairs and/or a TOML file. Raises ValueError in French."""
    columns: dict[str, str] = {}
    if config is not None:
        try:
            doc = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{config} : fichier de correspondance illisible ({exc})") from exc
        sheet = sheet or doc.get("sheet")
        header_row = int(doc.get("header_row", header_row))
        columns.update({str(k): str(v) for k, v in (doc.get("columns") or {}).items()})
    for pair in pairs:
        role, sep, column = pair.partition("=")
        if not sep or not column.strip():
            raise ValueError(f'« {pair} » : écrivez rôle=colonne, par exemple criterion=A ou title="Libellé"')
        columns[role.strip()] = column.strip()
    unknown = [r for r in columns if r not in ROLES]
    if unknown:
        raise ValueError(f"rôle(s) inconnu(s) : {', '.join(unknown)} (attendu : {', '.join(ROLES)})")
    if "criterion" not in columns:
        raise ValueError("indiquez la colonne du code du critère : --map criterion=<colonne>")
    if "title" not in columns and "element" not in columns:
        raise ValueError("indiquez au moins la colonne du libellé (title=…) ou des éléments (element=…)")
    if header_row < 1:
        raise ValueError("la ligne d'en-tête doit être 1 ou plus")
    return Mapping(columns, sheet, header_row)


def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and spaces normalised: to recognise headers."""
    text = unicodedata.normalize("NFD", text.replace("’", "'").lower())
    return re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c) != "Mn")).strip()


def recognise_columns(header: tuple[Any, ...]) -> dict[str, str]:
    """Roles found in a header row, by their header text (each header used once)."""
    folded = [fold(_text(v)) for v in header]
    found: dict[str, str] = {}
    used: set[int] = set()
    for role in ROLES:
        for wanted in HEADERS[role]:
            i = next((i for i, h in enumerate(folded) if h == wanted and i not in used), None)
            if i is not None:
                found[role] = _text(header[i])
                used.add(i)
                break
    return found


def guess_mapping(path: Path | str) -> Mapping:
    """The mapping of a spreadsheet whose columns are recognised from their headers (first sheet
    holding a criterion column, header among its first rows). Raises ValueError in French."""
    path = Path(path)
    try:
        check_archive(path, OPERATOR)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except ArchiveRefused as refused:
        raise ValueError(refused.message) from refused
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path.name} : ce n'est pas un classeur Excel .xlsx lisible") from exc
    seen: list[str] = []
    try:
        for ws in workbook.worksheets:
            for number, row in enumerate(ws.iter_rows(values_only=True, max_row=HEADER_ROWS_SEARCHED), 1):
                columns = recognise_columns(row)
                if "criterion" in columns and ("title" in columns or "element" in columns):
                    return Mapping(columns, ws.title, number)
                if number == 1:
                    seen.append(f"« {ws.title} » : {', '.join(_text(v) for v in row if _text(v)) or 'vide'}")
    finally:
        workbook.close()
    raise ValueError(
        f"{path.name} : colonnes non reconnues. Il faut au moins le numéro du critère (« N° critère ») "
        f"et son libellé (« Libellé du critère ») ou ses éléments (« Élément d'évaluation »). "
        f"En-têtes lus : {' ; '.join(seen) or 'aucun'}."
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def read_completion(path: Path | str, mapping: Mapping, known_codes: set[str]) -> Completion:
    """Read the spreadsheet; raise `ProblemsFound` if anything is malformed."""
    path = Path(path)
    problems = ProblemList(path.name)
    try:
        check_archive(path, OPERATOR)
    except ArchiveRefused as refused:
        problems.add(refused.message)
        problems.raise_if_any()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems.add(f"ce n'est pas un classeur Excel .xlsx lisible ({type(exc).__name__})")
        problems.raise_if_any()
        raise AssertionError("unreachable") from exc
    try:
        if mapping.sheet is not None and mapping.sheet not in workbook.sheetnames:
            problems.add(
                f"feuille « {mapping.sheet} » introuvable (feuilles : {', '.join(workbook.sheetnames)})"
            )
            problems.raise_if_any()
        ws = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
        sheet = ws.title
        rows = ws.iter_rows(values_only=True)
        header: tuple[Any, ...] = ()
        for _ in range(mapping.header_row):
            header = next(rows, ())
        headers = {_text(v).lower(): i for i, v in enumerate(header) if _text(v)}
        index: dict[str, int] = {}
        for role, column in mapping.columns.items():
            if LETTER_RE.match(column):
                index[role] = column_index_from_string(column) - 1
            elif column.lower() in headers:
                index[role] = headers[column.lower()]
            else:
                problems.add(
                    f"colonne « {column} » ({ROLE_LABELS[role]}) introuvable dans l'en-tête "
                    f"(ligne {mapping.header_row} : {', '.join(_text(v) for v in header if _text(v)) or 'vide'})",
                    where=f"feuille « {sheet} »",
                )
        problems.raise_if_any()
        return _read_rows(path.name, sheet, rows, mapping.header_row, index, known_codes, problems)
    finally:
        workbook.close()


def _read_rows(
    file: str,
    sheet: str,
    rows: Any,
    header_row: int,
    index: dict[str, int],
    known_codes: set[str],
    problems: ProblemList,
) -> Completion:
    completion = Completion(file=file)
    elements: dict[str, list[ElementSpec]] = defaultdict(list)
    title_cells: dict[str, str] = {}
    current = ""  # merged cells: a blank criterion cell continues the criterion above
    for row_number, row in enumerate(rows, start=header_row + 1):
        if row_number - header_row > MAX_ROWS:
            problems.add(
                f"plus de {MAX_ROWS} lignes : ce n'est sans doute pas le bon fichier",
                where=f"feuille « {sheet} »",
            )
            break

        def cell(role: str, row: tuple[Any, ...] = row) -> str:
            i = index.get(role)
            return _text(row[i]) if i is not None and i < len(row) else ""

        def where(role: str, row_number: int = row_number) -> str:
            return f"feuille « {sheet} », cellule {get_column_letter(index[role] + 1)}{row_number}"

        if not any(_text(v) for v in row):
            continue
        completion.rows_read += 1
        code = cell("criterion").removeprefix("Critère").strip() or current
        if not code:
            problems.add("code du critère manquant", where=where("criterion"), field=ROLE_LABELS["criterion"])
            continue
        current = code
        if code not in known_codes:
            completion.unmatched.append(UnmatchedRow(sheet, row_number, code))
            continue
        for role in ("title", "element"):
            if len(cell(role)) > MAX_TEXT:
                problems.add(
                    f"texte de plus de {MAX_TEXT} caractères", where=where(role), field=ROLE_LABELS[role]
                )
        title = cell("title")
        if title:
            if code in completion.titles and completion.titles[code] != title:
                problems.add(
                    f"libellé différent de celui lu en {title_cells[code]} pour le critère {code}",
                    where=where("title"),
                    field=ROLE_LABELS["title"],
                )
            completion.titles.setdefault(code, title)
            title_cells.setdefault(code, where("title").split(", cellule ")[1])
        text = cell("element")
        if not text:
            continue
        rank_raw = cell("rank")
        if rank_raw:
            if not rank_raw.isdigit() or int(rank_raw) < 1:
                problems.add(
                    f"« {rank_raw} » n'est pas un rang (entier positif)",
                    where=where("rank"),
                    field=ROLE_LABELS["rank"],
                )
                continue
            rank = int(rank_raw)
        else:
            rank = len(elements[code]) + 1
        if any(e.rank == rank for e in elements[code]):
            problems.add(
                f"rang {rank} en double pour le critère {code}",
                where=where("rank" if rank_raw else "element"),
            )
            continue
        target_raw = cell("target").lower()
        target = PRINTED_TARGETS.get(fold(target_raw))
        if target_raw and target is None:
            try:
                target = Target(target_raw)
            except ValueError:
                problems.add(
                    f"cible « {target_raw} » inconnue (attendu : {', '.join(t.value for t in Target)})",
                    where=where("target"),
                    field=ROLE_LABELS["target"],
                )
        elements[code].append(ElementSpec(rank=rank, text=text, target=target))
    problems.raise_if_any()
    completion.elements = {code: sorted(items, key=lambda e: e.rank) for code, items in elements.items()}
    return completion
