"""HTML → PDF with WeasyPrint, in one place. The HTML is the same template the browser shows;
the print stylesheet adds pages, running headers, page numbers and the table of contents."""

from __future__ import annotations

from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "core" / "static" / "ouvrage" / "print.css"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # imported here: only the worker needs Pango

    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1")
