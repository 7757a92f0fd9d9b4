"""The charts as the pages draw them: an image with its words for screen readers, French figures, the
chart's style sheet linked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.campaigns.fixtures import rated_campaign
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

CHARTS_CSS = re.compile(r'<link rel="stylesheet" href="[^"]*ouvrage/charts[^"]*\.css">')


def svgs(html: str) -> list[str]:
    """The charts of the page's content (not the site's logo)."""
    return re.findall(r"<svg\b.*?</svg>", html.split('id="contenu"', 1)[1], flags=re.S)


def test_results_draw_a_readable_radar_and_a_bar_per_objective(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director, marks="4432")
    html = page_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert CHARTS_CSS.search(html)
    wide, numbered, *bars = svgs(html)
    # The radar: every title written whole (on up to three lines), its value under it, at 14 units.
    assert 'role="img" aria-labelledby="radar-desc"' in wide
    assert "Radar des thématiques sur l'échelle de 1 à 4" in wide
    assert 'font-size="14"' in wide and "…" not in wide.split("</desc>")[1]
    assert re.search(r'<tspan x="[-\d.]+" y="[-\d.]+" font-weight="bold">\d,\d\d</tspan>', wide)
    assert "nan" not in wide.lower()
    # On a phone: numbers around it, the titles listed under it.
    assert 'aria-label="Radar des thématiques' in numbered and "les numéros renvoient à la liste" in numbered
    assert re.search(r'<ol class="chart-legend"><li>[^<]+\u202f: <strong>\d,\d\d</strong></li>', html)
    # The objectives: two columns of bars, each score at the end of its bar, weakest first.
    assert len(bars) == 2 and all('aria-hidden="true"' in b for b in bars)
    described = re.search(r'<div class="chart-columns" role="img" aria-label="([^"]+)"', html).group(1)
    assert described.startswith("Note de ") and "du plus faible, l'objectif" in described
    values = [v for b in bars for v in re.findall(r'font-weight="bold">(\d,\d\d)</text>', b)]
    assert values and values == sorted(values, key=lambda v: float(v.replace(",", ".")))
    assert html.index('class="chart chart-bars"') < html.index('class="objective-detail"')
