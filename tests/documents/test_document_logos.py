"""An establishment's logo heads every document made for it (reports, corrective plan, own
evaluation, paper interview guide, projet, reporting register), before the title, and is repeated
small at the top of the later pages of the PDF; without a logo, no empty image is written."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from ouvrage.campaigns.selectors import grid_for
from ouvrage.documents import documents
from ouvrage.documents.documents import interview_guide_pdf, render_document_html
from ouvrage.establishments.logo import normalised_logo
from ouvrage.establishments.services import set_logo
from ouvrage.projet import documents as projet_documents
from ouvrage.projet.models import Projet
from ouvrage.reporting_burden import documents as register_documents
from ouvrage.reporting_burden.selectors import register_of
from tests.campaigns.factories import campaign_for, interview_for

pytestmark = pytest.mark.django_db

LOGO = '<p class="logo"><img src="data:image/png;base64,'


@pytest.fixture
def html_only(monkeypatch):
    """The documents' HTML instead of their PDF (WeasyPrint is tested elsewhere)."""
    for module in (documents, projet_documents, register_documents):
        monkeypatch.setattr(module, "html_to_pdf", lambda html: html.encode())


def every_document(ehpad) -> dict[str, str]:
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign)
    projet = Projet.objects.create(establishment=ehpad)
    return {
        kind: render_document_html(campaign, kind, printable=True)
        for kind in ("self_evaluation", "corrective_plan", "own_evaluation")
    } | {
        "guide": interview_guide_pdf(grid_for(interview)).decode(),
        "projet": projet_documents.projet_pdf(projet).decode(),
        "register": register_documents.register_pdf(ehpad, register_of(ehpad), date(2026, 11, 30)).decode(),
    }


def test_the_logo_heads_every_document(html_only, ehpad, director):
    picture = io.BytesIO()
    Image.new("RGB", (900, 300), (46, 125, 50)).save(picture, format="PNG")
    set_logo(establishment=ehpad, actor=director, png=normalised_logo(picture.getvalue(), "logo.png"))
    for kind, html in every_document(ehpad).items():
        assert LOGO in html, kind
        assert html.index(LOGO) < html.index("<h1"), kind  # at the head, before the title
        assert f'alt="Logo de {ehpad.name}"' in html, kind
        assert 'class="page-logo"' in html, kind  # repeated in the PDF's page margin


def test_no_logo_no_image(html_only, ehpad):
    for kind, html in every_document(ehpad).items():
        assert 'class="logo"' not in html and "page-logo" not in html.split("</head>")[1], kind
