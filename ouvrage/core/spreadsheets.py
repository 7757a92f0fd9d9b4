"""Writing spreadsheets (openpyxl), in one place. Every text cell written from what a person typed is
neutralised so that no spreadsheet reads it as a formula."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ouvrage.core.numbers import truncated

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def number(value: Decimal | Fraction | None) -> float | None:
    """A figure for a spreadsheet cell: two decimals, truncated as on the page (core.numbers)."""
    cut = truncated(value)
    return float(cut) if cut is not None else None


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)
    sheet.title = title
    return workbook, sheet


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(n: int, title: str) -> str:
    """A sheet name Excel accepts: numbered, without the forbidden characters, 31 characters at most."""
    cleaned = FORBIDDEN_IN_TITLES.sub(" ", title)
    return f"{n}. {cleaned}"[:31]


def bold_header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def export_rows(
    title: str, header: list[str], rows: list[list[Any]], totals: list[list[Any]] | None = None
) -> bytes:
    """A plain table (every text cell neutralised), with an optional sheet of totals."""
    workbook, ws = new_workbook(title[:31])
    ws.append(header)
    bold_header(ws)
    for row in rows:
        ws.append([safe(v) for v in row])
    if totals:
        sheet = workbook.create_sheet("Totaux")
        for row in totals:
            sheet.append([safe(v) for v in row])
    return to_bytes(workbook)
