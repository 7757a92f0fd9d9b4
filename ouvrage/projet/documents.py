"""The projet as PDF (WeasyPrint, through reports.pdf) and as an editable DOCX (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string

from ouvrage.core.formatting import long_date
from ouvrage.core.pdf import html_to_pdf
from ouvrage.establishments.selectors import logo_data_uri
from ouvrage.projet.contents import PARTS


def projet_pdf(projet: Any) -> bytes:
    return html_to_pdf(
        render_to_string(
            "projet/document.html",
            {
                "projet": projet,
                "parts": PARTS,
                "printable": True,
                "logo": logo_data_uri(projet.establishment),
            },
        )
    )


def projet_docx(projet: Any) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = f"{projet.title} – {projet.establishment.name}"
    document.core_properties.author = projet.establishment.organisation.name
    document.core_properties.language = "fr-FR"
    document.add_heading(f"{projet.title} – {projet.establishment.name}", level=0)
    life = [f"Version {projet.version}"]
    if projet.adopted_on:
        life.append(
            f"adopté le {long_date(projet.adopted_on)}"
            + (f" par {projet.adopted_by}" if projet.adopted_by else "")
        )
    if projet.valid_until:
        life.append(f"valable jusqu'au {long_date(projet.valid_until)}")
    document.add_paragraph(" ; ".join(life) + ".")
    for part in PARTS:
        document.add_heading(f"{part.number} {part.title}", level=1)
        for item in part.items:
            document.add_heading(item.label, level=2)
            document.add_paragraph(projet.sections.get(item.key, "") or "À rédiger.")
    document.add_heading("Objectifs", level=1)
    for objective in projet.objectives.all():
        document.add_paragraph(objective.text, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
