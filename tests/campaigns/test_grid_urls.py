"""The grid builds each row's addresses from one reversal per page (issue 17): they must stay exactly
the addresses Django would reverse for each element."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ouvrage.campaigns.selectors import grid_for
from tests.campaigns.factories import campaign_for, interview_for

pytestmark = pytest.mark.django_db


def test_every_row_links_to_its_own_rating_and_evidence_addresses(director_client, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible", target="professionnels")
    html = director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])).content.decode()
    elements = [row.element.pk for c in grid_for(interview).criteria for row in c.rows]
    assert len(elements) > 50
    for pk in elements:
        rate = reverse("campaigns:rate", args=[campaign.pk, interview.pk, pk])
        evidence = reverse("evidence:element", args=[campaign.pk, interview.pk, pk])
        assert f'data-url="{rate}"' in html and f'action="{rate}"' in html
        assert f'hx-get="{evidence}"' in html
    assert len(re.findall(r'data-url="', html)) == len(elements)
