"""The evolution of an establishment's results across its closed evaluations, on its page: drawn from
the stored summaries only (one query, whatever the number of evaluations), nothing drawn below two."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.campaigns.figures import campaign_figures
from ouvrage.campaigns.models import CampaignSummary
from ouvrage.campaigns.selectors import campaigns_of, stored_summaries
from ouvrage.frames.models import Criterion
from ouvrage.www.establishments.evolution import chapter_scores, evolution
from tests.campaigns.fixtures import closed, rated_campaign
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db


def closed_campaign(ehpad, director, marks: str, year: int):
    campaign = rated_campaign(
        ehpad,
        director,
        marks=marks,
        title=f"Auto-évaluation {year}",
        starts_on=date(year, 1, 6),
        ends_on=date(year, 6, 30),
    )
    return closed(campaign, director)


def detail(client, ehpad):
    url = reverse("establishments:detail", args=[ehpad.pk])
    client.get(url)  # caches warmed, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_chapter_score_from_a_summary_is_the_results_pages(director, ehpad):
    campaign = closed_campaign(ehpad, director, "4432", 2024)
    results, _ = campaign_figures(campaign)
    summary = stored_summaries(campaigns_of(ehpad))[campaign.pk]
    rated = {ch: agg.display for ch, agg in results.chapters.items() if agg.display is not None}
    assert rated and chapter_scores(summary.criteria) == rated  # a chapter without any cotation: absent
    # The chapter of a criterion is the first part of its code in the HAS référentiel.
    for code, chapter in Criterion.objects.filter(version__frame__slug="has-essms").values_list(
        "code", "objective__chapter__code"
    ):
        assert code.split(".")[0] == chapter


def test_no_chart_below_two_closed_evaluations_and_no_query_for_it(director_client, director, ehpad):
    rated_campaign(ehpad, director, title="En cours")  # under way: not a point of the curve
    text = visible_text(detail(director_client, ehpad)[0])
    assert "Évolution des résultats" in text
    assert "à partir de deux évaluations clôturées" in text and "n'en compte aucune pour l'instant" in text
    closed_campaign(ehpad, director, "3", 2023)
    response, one = detail(director_client, ehpad)
    assert "l'établissement en compte une pour l'instant" in visible_text(response)
    assert (
        "Voir les chiffres"
        not in visible_text(response).split("Évolution des résultats")[1].split("Évaluations")[0]
    )
    closed_campaign(ehpad, director, "4", 2025)
    response, two = detail(director_client, ehpad)
    assert two == one + 1  # the stored summaries, in one query


def test_the_curves_of_the_mean_and_of_each_chapter(director_client, director, ehpad):
    for marks, year in (("2", 2021), ("3", 2023), ("4432", 2025)):
        closed_campaign(ehpad, director, marks, year)
    response, three = detail(director_client, ehpad)
    html = page_text(response)
    section = html.split('<h2 id="evolution">')[1].split('<section aria-labelledby="evaluations">')[0]
    mean, chapters = re.findall(r"<svg\b.*?</svg>", section, flags=re.S)
    assert 'role="img" aria-label="Moyenne des objectifs sur 100 à chaque évaluation clôturée' in mean
    assert "« Auto-évaluation 2021 » (juin 2021) : 33,33" in mean
    assert re.findall(r">(20\d\d)</text>", mean) == ["2021", "2023", "2025"]
    assert mean.count("<circle") == 3 and "nan" not in mean.lower()
    assert re.search(r'<tspan font-weight="bold">[A-D]</tspan> \d+,\d\d</text>', mean)
    assert 'aria-label="Note de chaque chapitre, de 1 à 4, à chaque évaluation clôturée' in chapters
    # The grids rated here (traceur ciblé, audit système) leave chapter 1 without a cotation.
    assert (
        chapters.count("<polyline") == 2 and "Ch.\u00a02\u202f: " in chapters and "Ch.\u00a01" not in chapters
    )
    table = section.split("Voir les chiffres")[1]
    assert "Chapitre 2" in table and "Chapitre 3" in table and "Chapitre 1" not in table
    assert "30 juin 2021" in table
    assert re.search(r'<td class="num">33,33</td>', table)
    # A fourth evaluation: the same number of queries.
    closed_campaign(ehpad, director, "3", 2026)
    assert detail(director_client, ehpad)[1] == three


def test_a_summary_out_of_date_is_left_out_and_said(director_client, director, ehpad):
    old = closed_campaign(ehpad, director, "2", 2021)
    closed_campaign(ehpad, director, "3", 2023)
    closed_campaign(ehpad, director, "4", 2025)
    CampaignSummary.objects.filter(campaign=old).update(stale=True)
    found = evolution(campaigns_of(ehpad))
    assert found.closed == 3 and len(found.rows) == 2 and found.left_out == 1 and found.drawn
    text = visible_text(detail(director_client, ehpad)[0])
    assert "1 évaluation clôturée sans résultats enregistrés à jour n'y figure pas" in text
    CampaignSummary.objects.exclude(campaign=old).update(basis="autre")
    text = visible_text(detail(director_client, ehpad)[0])
    assert (
        "Pas de courbe : sur 3 évaluations clôturées, moins de deux ont leurs résultats enregistrés" in text
    )
