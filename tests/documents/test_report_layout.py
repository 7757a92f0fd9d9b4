"""The self-evaluation report of the demo's complete evaluation, laid out as WeasyPrint lays it out:
no page holds only a heading, no chart crosses the page box, names and headings are never split by
hyphenation, the cover says the state and completeness (issue 13)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from ouvrage.actions.models import Action
from ouvrage.campaigns.models import Campaign
from ouvrage.core.pdf import STYLESHEET, html_to_pdf
from ouvrage.demo.data import (
    load_demo,
    load_demo_campaigns,
    load_demo_closing,
    load_demo_own_frame,
    load_demo_own_work,
)
from ouvrage.documents.documents import render_document_html
from ouvrage.establishments.logo import normalised_logo
from ouvrage.establishments.services import set_logo

pytestmark = pytest.mark.django_db

FOOTER = re.compile(r"Rapport d'auto-évaluation\s*Page \d+ sur \d+")


@pytest.fixture
def demo_2025():
    load_demo()
    load_demo_campaigns()
    load_demo_own_work()
    load_demo_own_frame()
    load_demo_closing()
    campaign = Campaign.objects.get(title="Auto-évaluation 2025")
    owner = campaign.establishment.organisation.users.get(email="qualite@tilleuls.example.org")
    owner.full_name = "Sophie Durand"
    owner.save()
    Action.objects.create(
        establishment=campaign.establishment,
        campaign=campaign,
        title="Sécuriser le circuit du médicament la nuit",
        owner=owner,
    )
    logo = io.BytesIO()
    Image.new("RGB", (900, 300), (31, 78, 140)).save(logo, format="PNG")
    set_logo(
        establishment=campaign.establishment, actor=owner, png=normalised_logo(logo.getvalue(), "logo.png")
    )
    return campaign


def test_the_report_lays_out_on_its_pages(demo_2025):
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure.boxes import MarginBox

    html = render_document_html(demo_2025, "self_evaluation", printable=True)
    document = HTML(string=html, base_url=str(STYLESHEET.parent)).render(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
    charts = margin_logos = 0
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        top, left = box.content_box_y(), box.content_box_x()
        bottom, right = top + box.height, left + box.width
        for part in box.children:
            if isinstance(part, MarginBox):
                # The logo repeated at the top of each later page: in the page's margin, on the sheet.
                for child in part.descendants():
                    if str(getattr(child, "element_tag", "")).endswith("img"):
                        margin_logos += 1
                        assert child.position_y >= 0 and child.position_y + child.margin_height() <= top
                        assert child.position_x + child.margin_width() <= page.width
                continue
            for child in part.descendants():
                if str(getattr(child, "element_tag", "")).endswith(("svg", "img")):
                    charts += 1
                    assert (
                        child.position_y >= top - 1 and child.position_y + child.margin_height() <= bottom + 1
                    ), f"page {number} : un graphique sort de la page"
                    assert child.position_x + child.margin_width() <= right + 1, f"page {number} : trop large"
    assert margin_logos == len(document.pages) - 1  # every page but the cover
    assert charts > 10  # the logo, the radar and a bar per objective were checked
    assert '<img src="data:image/png;base64,' in html.split("Sommaire")[0]  # the logo on the cover

    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    pages = [re.sub(r"\s+", " ", p.extract_text().replace("\u202f", " ")) for p in reader.pages]
    for number, text in enumerate(pages[1:], start=2):
        body = FOOTER.sub("", text).strip()
        assert len(body) > 60, f"page {number} presque vide : « {body} »"
    whole = " ".join(pages)
    assert "Sophie Durand" in whole and "Claire Martin" in whole  # never « Du- rand »
    assert "Tous chapitres" in whole and "Pleinement atteint" in whole  # headings unbroken
    assert "2 Droits de la personne accompagnée" in whole  # radar axes numbered, names in the table
    cover = pages[0]
    assert "État de l'évaluation : clôturée, le 30 juin 2025 par Claire Martin" in cover
    # The demo rates the manual's grids, the professionals' audit included: 70,29 / 100, 15 of 18 impératifs.
    assert "Évaluation complète" in cover and "Lettre estimée : B" in whole, cover
    assert "5. Résultats par critère" in whole and "Preuves citées" in whole
    assert "Repas observé le 4 mars 2025" in whole  # evidence cited in the per-criterion table
