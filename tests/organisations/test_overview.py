from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.actions.models import Action
from ouvrage.campaigns.selectors import results_for
from tests.campaigns.fixtures import closed, rated_campaign
from tests.factories import EstablishmentFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def test_establishments_side_by_side(
    director_client, director, organisation, ehpad, saad, other_organisation
):
    campaign = rated_campaign(ehpad, director)
    under_way = director_client.get(reverse("organisation:overview")).context["view"]
    row = next(r for r in under_way.rows if r.establishment == ehpad)
    assert row.campaign is None and row.quality is None  # no closed evaluation yet: no figures
    assert row.current == campaign and row.completeness.rated > 0 and not row.completeness.complete
    assert "En cours : " in visible_text(director_client.get(reverse("organisation:overview")))
    closed(campaign, director)
    ehpad.next_evaluation_due = timezone.localdate() + timedelta(days=60)
    ehpad.save()
    Action.objects.create(
        establishment=ehpad, title="En retard", due_on=timezone.localdate() - timedelta(days=2)
    )
    EstablishmentFactory(organisation=other_organisation, name="Hors organisme")
    page = director_client.get(reverse("organisation:overview"))
    view = page.context["view"]
    rows = {r.establishment.name: r for r in view.rows}
    assert set(rows) == {"EHPAD A", "SAAD A"}
    quality = results_for(campaign).results.quality
    assert rows["EHPAD A"].quality.letter == quality.letter and rows["EHPAD A"].late_actions == 1
    assert rows["SAAD A"].campaign is None
    assert "2.1" in view.objective_codes and view.unmet_counts
    text = visible_text(page)
    assert "Carte des objectifs" in text and "dans l'année" in text
    from datetime import date

    from ouvrage.projet.models import Projet

    Projet.objects.create(
        establishment=ehpad, adopted_on=date(2021, 1, 15), cvs_consulted_on=date(2021, 1, 5)
    )
    assert director_client.get(reverse("organisation:overview")).context["view"].projets_due == [
        (ehpad, date(2026, 1, 15))
    ]
    filtered = director_client.get(reverse("organisation:overview"), {"public": "PHE"}).context["view"]
    assert [r.establishment.name for r in filtered.rows] == ["SAAD A"]
    wb = load_workbook(io.BytesIO(director_client.get(reverse("organisation:xlsx")).content))
    header = [c.value for c in wb.active[1]]
    assert (
        header[:5]
        == ["Établissement", "FINESS", "Catégorie", "Dernière évaluation clôturée", "Lettre estimée"]
        and "2.1" in header
    )


def test_stored_summaries_follow_the_cotations(director_client, director, ehpad):
    from ouvrage.campaigns.models import CampaignSummary
    from ouvrage.campaigns.selectors import grid_for
    from tests.campaigns.factories import rate

    campaign = rated_campaign(ehpad, director, marks="2")
    summary = CampaignSummary.objects.get(campaign=campaign)  # written by the rating service
    assert summary.letter == (results_for(campaign).results.quality.letter or "")
    first = director_client.get(reverse("organisation:overview")).context["view"].rows[0]
    assert first.completeness.rated == summary.rated == results_for(campaign).completeness.rated
    interview = campaign.interviews.get(method="traceur_cible")
    for part in grid_for(interview).parts:
        for gc in part.criteria:
            for row in gc.rows:
                rate(interview, row.element, director, "4", version=row.version)
    refreshed = CampaignSummary.objects.get(campaign=campaign)
    assert refreshed.imperatives_at_threshold > summary.imperatives_at_threshold  # kept current on write
    closed(campaign, director)
    again = director_client.get(reverse("organisation:overview")).context["view"].rows[0]
    assert again.quality.imperatives_at_threshold == refreshed.imperatives_at_threshold


def test_a_summary_out_of_date_is_computed_when_read_without_writing(director_client, director, ehpad):
    """A change of frame data changes the figures of a campaign: the stored ones are not used, and
    reading the page computes them without writing anything."""
    from ouvrage.campaigns.models import CampaignSummary
    from ouvrage.frames.models import FrameVersion

    campaign = rated_campaign(ehpad, director, marks="2")
    closed(campaign, director)
    stored = CampaignSummary.objects.get(campaign=campaign)
    FrameVersion.objects.filter(pk=campaign.frame_version_id).update(checksum="changed")
    row = director_client.get(reverse("organisation:overview")).context["view"].rows[0]
    assert row.quality.applicable_imperatives == results_for(campaign).results.quality.applicable_imperatives
    assert CampaignSummary.objects.get(campaign=campaign).computed_at == stored.computed_at


def test_a_change_of_profile_never_changes_a_started_campaign(director_client, director, ehpad):
    from ouvrage.campaigns.models import CampaignSummary

    campaign = rated_campaign(ehpad, director, marks="2")
    before = results_for(campaign)
    stored = CampaignSummary.objects.get(campaign=campaign)
    ehpad.publics = ["PA", "PHA"]  # would add criteria to a campaign not started
    ehpad.sector = "social"
    ehpad.save()
    campaign.refresh_from_db()
    after = results_for(campaign)
    assert after.completeness == before.completeness and set(after.criteria) == set(before.criteria)
    assert after.results.quality == before.results.quality
    row = director_client.get(reverse("organisation:overview")).context["view"].rows[0]
    assert (row.completeness.rated, row.completeness.expected) == (stored.rated, stored.expected)
