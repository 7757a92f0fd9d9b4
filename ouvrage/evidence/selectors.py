"""Reading evidence: what is cited where."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Count

from ouvrage.evidence.models import Evidence, EvidenceUse

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import Element


def evidence_of(establishment: Establishment) -> list[Evidence]:
    return list(Evidence.objects.filter(establishment=establishment).select_related("created_by"))


def evidence_in_scope(*, user: User, pk: int) -> Evidence | None:
    return Evidence.objects.for_user(user).filter(pk=pk).first()


def cited_by_element(campaign: Campaign) -> dict[int, list[Evidence]]:
    """The evidence cited in a campaign, by element id (one query)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence"):
        found[use.element_id].append(use.evidence)
    return found


def cited_counts(campaign: Campaign) -> dict[int, int]:
    """How many pieces of evidence are cited for each element of a campaign (one query)."""
    return dict(
        EvidenceUse.objects.filter(campaign=campaign)
        .values("element_id")
        .annotate(n=Count("id"))
        .values_list("element_id", "n")
    )


def cited_by_criterion(campaign: Campaign) -> dict[int, list[Evidence]]:
    """The evidence cited in a campaign, by the criterion of the element it is cited for (one query)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence", "element"):
        found[use.element.criterion_id].append(use.evidence)
    return found


def for_element(
    *, campaign: Campaign, element: Element, citable: bool = True
) -> tuple[list[Evidence], list[Evidence]]:
    """(cited for this element, the establishment's other evidence that could be cited — none when
    the reader may not cite: an external evaluator sees only what is cited)."""
    cited = [
        u.evidence
        for u in EvidenceUse.objects.filter(campaign=campaign, element=element).select_related("evidence")
    ]
    if not citable:
        return cited, []
    available = list(
        Evidence.objects.filter(establishment=campaign.establishment).exclude(pk__in=[e.pk for e in cited])[
            :200
        ]
    )
    return cited, available
