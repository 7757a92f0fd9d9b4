from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ouvrage.national.models import NationalResult


@dataclass
class Distribution:
    label: str
    count: int
    quartiles: tuple[Decimal, Decimal, Decimal] | None
    letters: list[tuple[str, int]]
    percentile: int | None  # share of published results below the establishment's mean
    rate_median: Decimal | None = None  # impératifs ≥ 3.5, in %, where the row says it (published.py)
    rates: int = 0  # rows whose impératif rate is known


def _distribution(
    label: str, values: list[Decimal], letters: list[str], ours: Decimal | None, rates: list[Decimal]
) -> Distribution:
    values = sorted(values)
    rates = sorted(rates)
    quartiles: tuple[Decimal, Decimal, Decimal] | None = None
    if values:

        def at(q: float) -> Decimal:
            return values[min(len(values) - 1, int(q * (len(values) - 1)))]

        quartiles = (at(0.25), at(0.5), at(0.75))
    percentile = (
        round(100 * sum(1 for v in values if v < ours) / len(values)) if values and ours is not None else None
    )
    return Distribution(
        label,
        len(values),
        quartiles,
        [(x, letters.count(x)) for x in "ABCD"],
        percentile,
        rates[(len(rates) - 1) // 2] if rates else None,
        len(rates),
    )


def has_published_results(category: str) -> bool:
    return NationalResult.objects.filter(category=category).exists()


def national_comparison(establishment: Any, ours: Decimal | None) -> list[Distribution]:
    """The published results of the establishment's FINESS category, nationally and in its region
    (the region of its own published row, or its département from the FINESS number)."""
    same = NationalResult.objects.filter(category=establishment.finess_category)
    if not same.exists():
        return []
    rows = list(same.values_list("mean_100", "letter", "imperative_rate", "region", "finess_geo"))
    own = NationalResult.objects.filter(finess_geo=establishment.finess).exclude(region="").first()
    if own:
        local = [r for r in rows if r[3] == own.region]
        label = f"Catégorie {establishment.finess_category}, région {own.region}"
    else:
        local = [r for r in rows if r[4][:2] == establishment.finess[:2]]
        label = f"Catégorie {establishment.finess_category}, département {establishment.finess[:2]}"
    return [
        _distribution(
            name,
            [m for m, *_ in chosen if m is not None],
            [x for _, x, *_ in chosen if x],
            ours,
            [t for _, _, t, *_ in chosen if t is not None],
        )
        for name, chosen in (
            (f"Catégorie {establishment.finess_category}, toute la France", rows),
            (label, local),
        )
    ]
