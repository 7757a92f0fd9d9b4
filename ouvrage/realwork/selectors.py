"""Reading the real-work journal."""

from __future__ import annotations

from ouvrage.establishments.models import Establishment
from ouvrage.realwork.journal import GapFacts, JournalView, aggregate
from ouvrage.realwork.models import WorkGap


def journal_of(establishment: Establishment) -> tuple[list[WorkGap], JournalView]:
    """The establishment's entries, and what they show put together (by prescription, missing means
    and month)."""
    gaps = list(WorkGap.objects.filter(establishment=establishment).select_related("criterion", "author"))
    return gaps, aggregate(
        GapFacts(g.occurred_on, g.prescription, g.criterion.code if g.criterion else None, tuple(g.missing))
        for g in gaps
    )
