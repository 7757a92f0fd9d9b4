"""The reporting register as a spreadsheet and as a short PDF document."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from ouvrage.core.pdf import html_to_pdf
from ouvrage.core.spreadsheets import export_rows
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import logo_data_uri
from ouvrage.reporting_burden.selectors import Register

HEADER = [
    "Ce qui est transmis",
    "Destinataire",
    "Fondement",
    "Fréquence",
    "Fois par an",
    "Heures par occurrence",
    "Heures par an",
    "Qui le fait",
    "Données transmises",
]


def register_xlsx(register: Register) -> bytes:
    rows = [
        [
            d.title,
            d.recipient_label,
            d.legal_basis,
            d.get_frequency_display(),
            d.occurrences_per_year,
            float(d.hours_per_occurrence),
            float(d.hours_per_year),
            d.role,
            d.data_items,
        ]
        for d in register.duties
    ]
    summary = register.summary
    return export_rows(
        "Registre du reporting",
        HEADER,
        rows,
        totals=[
            ["Total heures par an", float(summary.total_hours)],
            ["Soit jours de 7 h", float(summary.working_days)],
        ]
        + [[f"Destinataire : {r}", float(h)] for r, h in summary.by_recipient]
        + [[f"Fonction : {r}", float(h)] for r, h in summary.by_role]
        + [[f"Doublon : {d.item}", ", ".join(d.recipients)] for d in summary.duplicates],
    )


def register_pdf(establishment: Establishment, register: Register, today: date) -> bytes:
    """A short document, produced at once (well under a second)."""
    html = render_to_string(
        "reporting_burden/document.html",
        {
            "establishment": establishment,
            "duties": register.duties,
            "summary": register.summary,
            "today": today,
            "printable": True,
            "logo": logo_data_uri(establishment),
        },
    )
    return html_to_pdf(html)
