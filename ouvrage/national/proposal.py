"""A profile for a FINESS category the table leaves incomplete, read from the published results:
the most frequent combination of sector, structure kind and publics HAS recorded for the evaluations
of that category. Plain Python. It is a proposal shown with its basis (« d'après les résultats
publiés, n évaluations, x % »); the person confirms it, it is never applied silently."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ouvrage.core.numbers import truncated
from ouvrage.establishments.profile import Public, Sector, StructureKind, publics_in_order


@dataclass(frozen=True)
class ProfileProposal:
    sector: Sector
    kind: StructureKind
    publics: frozenset[Public]
    count: int  # evaluations with this combination
    total: int  # evaluations of the category whose combination is known

    @property
    def share(self) -> Decimal:
        """In %, truncated to one decimal."""
        return truncated(Decimal(100 * self.count) / Decimal(self.total), 1) or Decimal(0)

    @property
    def publics_in_order(self) -> list[Public]:
        return publics_in_order(self.publics)


Combination = tuple[Sector, StructureKind, tuple[Public, ...]]


def _known(sector: str, kind: str, publics: Sequence[str] | None) -> Combination | None:
    try:
        chosen = tuple(publics_in_order(frozenset(Public(p) for p in publics or ())))
        if not sector or not kind or not chosen:
            return None
        return Sector(sector), StructureKind(kind), chosen
    except ValueError:
        return None


def most_frequent(rows: Iterable[tuple[str, str, Sequence[str] | None]]) -> ProfileProposal | None:
    """The most frequent complete combination among `rows` (sector, structure kind, publics), with how
    many rows have it among those whose combination is known. A tie goes to the first combination in
    the référentiel's order (sector, then kind, then publics), so the answer does not depend on the
    order of the rows. None when no row says all three."""
    counts: Counter[Combination] = Counter()
    for sector, kind, publics in rows:
        known = _known(sector, kind, publics)
        if known is not None:
            counts[known] += 1
    if not counts:
        return None
    sectors, kinds, every = list(Sector), list(StructureKind), list(Public)

    def order(item: tuple[Combination, int]) -> tuple[int, int, int, list[int]]:
        (sector, kind, publics), n = item
        return (-n, sectors.index(sector), kinds.index(kind), [every.index(p) for p in publics])

    (sector, kind, publics), count = min(counts.items(), key=order)
    return ProfileProposal(sector, kind, frozenset(publics), count, sum(counts.values()))
