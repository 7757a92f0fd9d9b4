"""The plain rules of the national room: where a figure stands, and the profile proposed from the
published results (property-based)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.establishments.profile import Public, Sector, StructureKind
from ouvrage.national.distribution import MIN_FOR_QUARTILES, spread
from ouvrage.national.proposal import most_frequent

SECTORS = st.sampled_from(["social", "medico_social", ""])
KINDS = st.sampled_from(["etablissement", "service", ""])
PUBLICS = st.one_of(st.none(), st.lists(st.sampled_from([p.value for p in Public]), unique=True, max_size=3))
ROWS = st.lists(st.tuples(SECTORS, KINDS, PUBLICS), max_size=60)


def _key(sector, kind, publics):
    if not sector or not kind or not publics:
        return None
    return (sector, kind, frozenset(publics))


@given(ROWS)
def test_the_proposal_is_a_most_frequent_complete_combination(rows):
    proposal = most_frequent(rows)
    counts = Counter(k for k in (_key(*r) for r in rows) if k is not None)
    if not counts:
        assert proposal is None
        return
    assert proposal is not None
    mine = (proposal.sector.value, proposal.kind.value, frozenset(p.value for p in proposal.publics))
    assert counts[mine] == proposal.count == max(counts.values())
    assert proposal.total == sum(counts.values())
    assert Decimal(0) < proposal.share <= Decimal(100)


@given(ROWS, st.randoms())
def test_the_proposal_does_not_depend_on_the_order_of_the_rows(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert most_frequent(rows) == most_frequent(shuffled)


def test_the_proposal_says_its_basis():
    rows = [("medico_social", "etablissement", ["PHA"])] * 7 + [("social", "etablissement", ["PHA"])] * 3
    rows += [("", "etablissement", ["PHA"])] * 5  # unknown sector: not counted
    proposal = most_frequent(rows)
    assert (proposal.sector, proposal.kind, proposal.publics) == (
        Sector.MEDICO_SOCIAL,
        StructureKind.ETABLISSEMENT,
        frozenset({Public.PHA}),
    )
    assert (proposal.count, proposal.total, proposal.share) == (7, 10, Decimal("70.0"))


def test_below_ten_values_no_quartiles_nor_position():
    few = spread([3.0, 3.2, 3.4, 2.8, 3.9, 3.1, 3.3, 3.6, 2.9], Decimal("3.5"))
    assert few.count == MIN_FOR_QUARTILES - 1
    assert (few.quartiles, few.percentile, few.band) == (None, None, "")
    assert few.median == Decimal("3.20")
    enough = spread([1 + i * 0.3 for i in range(10)], Decimal("3.5"))
    assert enough.quartiles == (Decimal("1.67"), Decimal("3.02"))
    assert enough.median == Decimal("2.35")
    assert enough.percentile == 90 and enough.band == "dans le quart le plus haut"


@given(
    st.lists(st.floats(min_value=1, max_value=4), min_size=10, max_size=80),
    st.floats(min_value=1, max_value=4),
)
def test_the_position_is_a_share_and_grows_with_the_figure(values, ours):
    low = spread(values, Decimal(str(ours)))
    high = spread(values, Decimal(str(min(4.0, ours + 0.5))))
    assert 0 <= low.percentile <= 100
    assert low.percentile <= high.percentile
    assert low.quartiles[0] <= low.median <= low.quartiles[1]
