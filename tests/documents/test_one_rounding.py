"""One rounding everywhere: the page, the PDF and the spreadsheets show the same figure, truncated to
two decimals as the HAS does since 9 October 2024 (a mean of 3.665 is 3,66 everywhere, never 3,67)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ouvrage.campaigns.selectors import grid_for, results_for
from ouvrage.core.pdf import html_to_pdf
from ouvrage.documents.documents import render_document_html
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def test_a_chapter_mean_with_a_third_decimal_shows_the_same_truncated_figure_everywhere(
    director_client, director, ehpad
):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    criteria = [gc for part in grid_for(interview).parts for gc in part.criteria]
    three = next(gc for gc in criteria if len(gc.rows) == 3)  # 4, 3, 3 → 3.33 (criterion truncated)
    other = next(gc for gc in criteria if gc is not three)  # all 4 → 4.00
    for row, mark in zip(three.rows, "433", strict=True):
        rate(interview, row.element, director, mark)
    for row in other.rows:
        rate(interview, row.element, director, "4")
    chapter = results_for(campaign).results.chapters["2"]
    assert chapter.score * 1000 == 3665  # exactly 3.665: rounding would say 3.67
    shown = "3,66"

    page = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert re.search(rf"2 – [^0-9]+ {shown} 2 critères", page)
    pdf = PdfReader(
        io.BytesIO(html_to_pdf(render_document_html(campaign, "self_evaluation", printable=True)))
    )
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert re.search(rf"2 – [^0-9]+ {shown} 2\b", text)
    assert "3,67" not in page and "3,67" not in text
    sheet = load_workbook(
        io.BytesIO(director_client.get(reverse("campaigns:open_data_xlsx", args=[campaign.pk])).content)
    ).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("cotation_chapitre_2") + 1).value == 3.66
    # The export says the results are not final, and gives no letter for them.
    status = sheet.cell(2, header.index("ouvrage_statut_resultats") + 1).value
    assert status.startswith("provisoires : 5 cotations sur ")
    assert (
        sheet.cell(2, header.index("indice_qualite_estime") + 1).value
        == "non calculée (évaluation incomplète)"
    )
