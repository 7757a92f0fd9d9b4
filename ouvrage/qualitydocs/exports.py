"""The quality documents register as a spreadsheet: each document, its version in force, owner,
review date and how many of the professionals concerned confirmed reading it."""

from __future__ import annotations

from ouvrage.core.spreadsheets import export_rows
from ouvrage.qualitydocs.selectors import Row


def export_documents(rows: list[Row]) -> bytes:
    return export_rows(
        "Documents qualité",
        [
            "Intitulé",
            "Type",
            "Version en vigueur",
            "Responsable",
            "À réviser le",
            "Révision dépassée",
            "Professionnels concernés",
            "Lectures confirmées",
        ],
        [
            [
                r.document.title,
                r.document.get_kind_display(),
                r.document.version,
                str(r.document.owner or ""),
                r.document.review_on,
                "oui" if r.due else "non",
                r.concerned,
                r.read,
            ]
            for r in rows
        ],
    )
