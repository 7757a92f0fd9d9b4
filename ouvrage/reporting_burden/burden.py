"""The weight of reporting: hours per year by recipient and by role, and data sent more than once.
Plain Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Duty:
    title: str
    recipient: str
    role: str
    occurrences_per_year: int
    hours_per_occurrence: Decimal
    data_items: tuple[str, ...] = ()

    @property
    def hours_per_year(self) -> Decimal:
        return self.hours_per_occurrence * self.occurrences_per_year


@dataclass(frozen=True)
class Duplicate:
    item: str
    recipients: tuple[str, ...]
    duties: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    total_hours: Decimal
    by_recipient: list[tuple[str, Decimal]]  # largest first
    by_role: list[tuple[str, Decimal]]
    duplicates: list[Duplicate]  # the same data item sent to several recipients

    @property
    def working_days(self) -> Decimal:
        """Hours per year in 7-hour working days."""
        return (self.total_hours / 7).quantize(Decimal("0.1"))


def normalise_item(item: str) -> str:
    return " ".join(item.lower().split())


def summarise(duties: Iterable[Duty]) -> Summary:
    duties = list(duties)
    by_recipient: dict[str, Decimal] = defaultdict(Decimal)
    by_role: dict[str, Decimal] = defaultdict(Decimal)
    items: dict[str, list[Duty]] = defaultdict(list)
    for duty in duties:
        by_recipient[duty.recipient] += duty.hours_per_year
        by_role[duty.role] += duty.hours_per_year
        for item in {normalise_item(i) for i in duty.data_items if i.strip()}:
            items[item].append(duty)
    duplicates = [
        Duplicate(item, tuple(sorted({d.recipient for d in found})), tuple(d.title for d in found))
        for item, found in sorted(items.items())
        if len({d.recipient for d in found}) > 1
    ]

    def ordered(totals: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    return Summary(
        sum((d.hours_per_year for d in duties), Decimal(0)),
        ordered(by_recipient),
        ordered(by_role),
        duplicates,
    )
