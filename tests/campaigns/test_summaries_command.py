"""`ouvrage summaries` stores again what a data update of the référentiel left out of date, so that no
page computes summaries on every view (issue 17); run twice, it has nothing left to do."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ouvrage.campaigns.models import CampaignSummary
from ouvrage.campaigns.selectors import summary_basis
from tests.campaigns.fixtures import rated_campaign

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("summaries", stdout=out)
    return out.getvalue()


def test_summaries_left_out_of_date_by_a_data_update_are_stored_again(director, ehpad, has_version):
    campaign = rated_campaign(ehpad, director)
    assert CampaignSummary.objects.get(campaign=campaign).basis == summary_basis(campaign)
    has_version.save(update_fields=["imported_at"])  # the rows of the frame changed (an update)
    campaign.refresh_from_db()
    assert CampaignSummary.objects.get(campaign=campaign).basis != summary_basis(campaign)
    assert run().startswith("1 résumé d'évaluation recalculé")
    assert CampaignSummary.objects.get(campaign=campaign).basis == summary_basis(campaign)
    assert run().startswith("0 résumé d'évaluation recalculé")
