from __future__ import annotations

from datetime import date

from ouvrage.campaigns.models import Campaign, Interview
from ouvrage.frames.models import FrameVersion


def campaign_for(establishment, version: FrameVersion | None = None, **extra) -> Campaign:
    """A campaign rating the HAS frame and, as the creation form proposes, the establishment's own
    frame if it has one."""
    from ouvrage.ownframe.models import OwnFrame

    version = version or FrameVersion.objects.get(frame__slug="has-essms")
    campaign = Campaign.objects.create(
        establishment=establishment,
        frame_version=version,
        title=extra.pop("title", "Auto-évaluation"),
        starts_on=extra.pop("starts_on", date(2026, 1, 5)),
        ends_on=extra.pop("ends_on", date(2026, 6, 30)),
        **extra,
    )
    own = OwnFrame.objects.filter(establishment=establishment).first()
    if own is not None:
        campaign.evaluative_versions.add(own.version)
    return campaign


def interview_for(campaign: Campaign, method: str = "accompagne_traceur", **extra) -> Interview:
    return Interview.objects.create(
        campaign=campaign, method=method, title=extra.pop("title", f"Entretien {method}"), **extra
    )


def rate(
    interview: Interview,
    element,
    actor,
    mark: str,
    *,
    justification: str = "",
    version: int = 0,
    comment: str = "",
):
    """Rate through the service, as the grid does."""
    from ouvrage.campaigns.services import rate_element

    return rate_element(
        interview=interview,
        element=element,
        actor=actor,
        mark=mark,
        comment=comment,
        justification=justification,
        expected_version=version,
    )
