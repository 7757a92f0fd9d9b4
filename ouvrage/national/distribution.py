"""Where a figure stands among published ones: count, median, quartiles, position. Plain Python.

Below MIN_FOR_QUARTILES published values, neither quartiles nor a position are given: a quarter of
nine evaluations says nothing about a category (the page says « trop peu de résultats publiés »).
Quartiles are read with linear interpolation between the ordered values (statistics.quantiles,
method « inclusive », the default of spreadsheets' QUARTILE); the position is the share of published
values below the establishment's, ties counting for half (mid-rank). Every figure is truncated to
two decimals as HAS shows them (core/numbers.py).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ouvrage.core.numbers import truncated

MIN_FOR_QUARTILES = 10


@dataclass(frozen=True)
class Spread:
    values: tuple[float, ...]  # sorted
    median: Decimal | None
    quartiles: tuple[Decimal, Decimal] | None  # first and third; None below MIN_FOR_QUARTILES
    ours: Decimal | None
    percentile: int | None  # share of published values below ours, in %; None below the minimum

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def enough(self) -> bool:
        return self.count >= MIN_FOR_QUARTILES

    @property
    def low(self) -> float | None:
        return self.values[0] if self.values else None

    @property
    def high(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def band(self) -> str:
        """Where ours stands, in words (empty when it cannot be said)."""
        if self.quartiles is None or self.ours is None or self.median is None:
            return ""
        q1, q3 = self.quartiles
        if self.ours < q1:
            return "dans le quart le plus bas"
        if self.ours > q3:
            return "dans le quart le plus haut"
        if self.ours == self.median:
            return "à la médiane"
        return (
            "entre le 1er quartile et la médiane"
            if self.ours < self.median
            else "entre la médiane et le 3e quartile"
        )


@dataclass(frozen=True)
class Ordered:
    """Published values in order with their median and quartiles, computed once per import: each page
    then only places the establishment among them (`place`)."""

    values: tuple[float, ...]
    median: Decimal | None
    quartiles: tuple[Decimal, Decimal] | None


def ordered(values: Iterable[float]) -> Ordered:
    found = tuple(sorted(float(v) for v in values))
    if not found:
        return Ordered(found, None, None)
    median = truncated(statistics.median(found))
    if len(found) < MIN_FOR_QUARTILES:
        return Ordered(found, median, None)
    q1, _, q3 = statistics.quantiles(found, n=4, method="inclusive")
    return Ordered(found, median, (truncated(q1), truncated(q3)))  # type: ignore[arg-type]


def place(found: Ordered, ours: Decimal | float | None) -> Spread:
    """Where `ours` stands among published values already ordered (two bisections)."""
    mine = truncated(ours) if ours is not None else None
    percentile = None
    if ours is not None and found.quartiles is not None:
        value = float(ours)
        below = bisect_left(found.values, value)
        equal = bisect_right(found.values, value) - below
        percentile = round(100 * (below + equal / 2) / len(found.values))
    return Spread(found.values, found.median, found.quartiles, mine, percentile)


def spread(values: Iterable[float], ours: Decimal | float | None) -> Spread:
    return place(ordered(values), ours)
