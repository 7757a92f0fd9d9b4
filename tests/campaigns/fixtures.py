"""A rated campaign for tests that need results: every element of one traceur ciblé and one
audit système rated through the service."""

from __future__ import annotations

from ouvrage.campaigns.selectors import grid_for
from tests.campaigns.factories import campaign_for, interview_for, rate


def rated_campaign(establishment, actor, marks: str = "4432", **extra):
    campaign = campaign_for(establishment, **extra)
    for method, target in (("traceur_cible", "professionnels"), ("audit_systeme", "gouvernance")):
        interview = interview_for(campaign, method, target=target, title=f"{method} démo")
        rows = [row for part in grid_for(interview).parts for c in part.criteria for row in c.rows]
        for i, row in enumerate(rows):
            rate(
                interview, row.element, actor, marks[i % len(marks)], comment="constat" if i % 5 == 0 else ""
            )
    return campaign


def closed(campaign, actor, statement: str = "Les accompagnés traceurs n'ont pas eu lieu (jeu de test)."):
    """Close a campaign through the service, acknowledging what it misses."""
    from ouvrage.campaigns.services import close_campaign

    return close_campaign(campaign=campaign, actor=actor, statement=statement)
