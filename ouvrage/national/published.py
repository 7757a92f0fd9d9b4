"""What the published impératif counts mean. Plain Python.

The HAS open-data file gives, per evaluation, `nb_ci` (applicable impératifs), `nb_ci_sup_3_5` and
`taux_ci_sup_3_5` (impératifs scoring ≥ 3.5, the measure of the quality scale) and `nb_ci_atteints`.
The last one changed meaning around March 2025: before, it counted impératifs ≥ 3.5; after, those
scored exactly 4 (shared/referentiel/README.md, correction of 2026-11-30, read from 210 published
evaluations). Rows of March 2025 itself cannot be told apart: their `nb_ci_atteints` is left unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ouvrage.core.numbers import truncated

# nb_ci_atteints counted impératifs ≥ 3.5 for evaluations ended before the first date, impératifs at 4
# for those ended on or after the second; in between, the meaning is not known.
ATTEINTS_MEANT_THRESHOLD_BEFORE = date(2025, 3, 1)
ATTEINTS_MEANT_FOUR_FROM = date(2025, 4, 1)


@dataclass(frozen=True)
class PublishedImperatives:
    applicable: int | None
    at_threshold: int | None  # impératifs ≥ 3.5
    at_four: int | None  # impératifs scored 4
    rate: Decimal | None  # at_threshold / applicable, in %, two decimals truncated


def read_imperatives(
    *,
    nb_ci: int | None,
    nb_ci_sup_3_5: int | None,
    taux_ci_sup_3_5: Decimal | None,
    nb_ci_atteints: int | None,
    eval_end: date | None,
) -> PublishedImperatives:
    """The impératif counts of one published row, each read in the meaning it had at its date."""
    at_threshold = nb_ci_sup_3_5
    at_four = None
    if nb_ci_atteints is not None and eval_end is not None:
        if eval_end < ATTEINTS_MEANT_THRESHOLD_BEFORE:
            at_threshold = at_threshold if at_threshold is not None else nb_ci_atteints
        elif eval_end >= ATTEINTS_MEANT_FOUR_FROM:
            at_four = nb_ci_atteints
    rate = taux_ci_sup_3_5
    if rate is None and at_threshold is not None and nb_ci:
        rate = truncated(Decimal(at_threshold * 100) / Decimal(nb_ci))
    return PublishedImperatives(nb_ci, at_threshold, at_four, rate)
