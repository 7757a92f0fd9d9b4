"""What the journal shows when gaps are put together. Plain Python."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ouvrage.core.formatting import month_year


@dataclass(frozen=True)
class GapFacts:
    occurred_on: date
    prescription: str
    criterion: str | None
    missing: tuple[str, ...]


@dataclass(frozen=True)
class JournalView:
    by_prescription: list[tuple[str, int]]
    by_missing: list[tuple[str, int]]
    by_month: list[tuple[str, int]]  # "2026-03", count, in time order
    total: int

    @property
    def months_in_words(self) -> list[tuple[str, int]]:
        """(« mars 2026 », count), in time order."""
        return [(month_year(date.fromisoformat(f"{month}-01")), n) for month, n in self.by_month]


def aggregate(gaps: Iterable[GapFacts]) -> JournalView:
    gaps = list(gaps)
    prescriptions = Counter(
        (g.criterion and f"Critère {g.criterion}") or " ".join(g.prescription.split()).capitalize()
        for g in gaps
    )
    missing = Counter(m for g in gaps for m in set(g.missing))
    months = Counter(f"{g.occurred_on:%Y-%m}" for g in gaps)
    return JournalView(
        by_prescription=sorted(prescriptions.items(), key=lambda kv: (-kv[1], kv[0])),
        by_missing=sorted(missing.items(), key=lambda kv: (-kv[1], kv[0])),
        by_month=sorted(months.items()),
        total=len(gaps),
    )
