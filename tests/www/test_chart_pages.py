"""The charts as the pages draw them: an image with its words for screen readers, French figures, the
chart's style sheet linked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ouvrage.www.organisations.views import heat_cells, heat_class
from tests.campaigns.fixtures import closed, rated_campaign
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


def test_the_heat_map_writes_french_figures_with_a_legend_in_a_scrolling_frame(
    director_client, director, ehpad
):
    closed(rated_campaign(ehpad, director, marks="4432"), director)
    html = page_text(director_client.get(reverse("organisation:overview")))
    assert CHARTS_CSS.search(html)
    assert '<div class="heatmap-wrap" role="region" aria-labelledby="carte-objectifs" tabindex="0">' in html
    legend = html.split('<ul class="heat-legend"')[1].split("</ul>")[0]
    for words in ("moins de 2", "de 2 à moins de 3", "de 3 à moins de 3,5", "3,5 ou plus", "non coté"):
        assert words in legend
    row = html.split(f'<th scope="row">{ehpad.name}</th>')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="(hm-[1-4]|hm-none)">([^<]+)</td>', row)
    assert cells and all(re.fullmatch(r"\d,\d\d|—", text) for _, text in cells)
    assert {cls for cls, text in cells if text != "—"} <= {"hm-1", "hm-2", "hm-3", "hm-4"}


def test_heat_classes_follow_the_legend():
    assert [heat_class(v, 3.5) for v in (None, 1.0, 1.99, 2.0, 2.99, 3.0, 3.49, 3.5, 4.0)] == [
        "hm-none", "hm-1", "hm-1", "hm-2", "hm-2", "hm-3", "hm-3", "hm-4", "hm-4",
    ]  # fmt: skip
    assert (
        str(heat_cells({"1.1": "3.25"}, ["1.1", "1.2"]))
        == '<td class="hm-3">3,25</td><td class="hm-none">—</td>'
    )
