"""`ouvrage summaries`: store again the summaries that are missing or out of date.

A page never writes: a campaign's summary is stored by every change of the campaign, and read as is.
A change of what it was computed from that is not a change of the campaign (the référentiel's data
updated by `ouvrage frames import`, an establishment's profile changed) leaves summaries out of date;
pages then compute them in memory on every view (22 s for an organisation of 500 establishments).
Run after `ouvrage frames import` (the container and `ouvrage demo` do).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ouvrage.campaigns.models import Campaign, CampaignSummary
from ouvrage.campaigns.selectors import summary_basis
from ouvrage.campaigns.services import refresh_summary
from ouvrage.core.formatting import counted, number, plural


class Command(BaseCommand):
    help = "Recalculer et enregistrer les résumés d'évaluations manquants ou périmés."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        stored = {
            s.campaign_id: (s.stale, s.basis)
            for s in CampaignSummary.objects.only("campaign_id", "stale", "basis")
        }
        refreshed = 0
        for campaign in Campaign.objects.select_related("establishment", "frame_version").iterator(
            chunk_size=200
        ):
            stale, basis = stored.get(campaign.pk, (True, ""))
            if stale or basis != summary_basis(campaign):
                refresh_summary(campaign)
                refreshed += 1
        self.stdout.write(
            f"{counted(refreshed, 'résumé')} d'évaluation {plural(refreshed, 'recalculé')} "
            f"en {number(time.perf_counter() - started, 1)} s."
        )
