from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.campaigns.sampling import propose_sample

PEOPLE = [
    ("P-001", {"public": "PA", "duree": "plus_3_ans", "autonomie": "dependante"}),
    ("P-002", {"public": "PA", "duree": "plus_3_ans", "autonomie": "dependante"}),
    ("P-003", {"public": "PA", "duree": "moins_1_an", "autonomie": "autonome"}),
    ("P-004", {"public": "PHA", "duree": "1_3_ans", "autonomie": "partielle"}),
]


def test_diverse_sample_and_what_it_misses():
    sample = propose_sample(PEOPLE, 2)
    assert set(sample.chosen) == {"P-004", "P-003"}  # the two most different people
    assert sample.uncovered == (("autonomie", "dependante"), ("duree", "plus_3_ans"))
    assert sample.unrecorded == ("mesure",)
    assert propose_sample(PEOPLE, 3).uncovered == ()


attrs = st.fixed_dictionaries(
    {"public": st.sampled_from(["PA", "PHA", ""]), "autonomie": st.sampled_from(["a", "b", "c"])}
)
people = st.lists(
    st.tuples(st.from_regex(r"P-[0-9]{3}", fullmatch=True), attrs), unique_by=lambda p: p[0], max_size=15
)


@given(people, st.integers(0, 20))
def test_sample_properties(population, size):
    sample = propose_sample(population, size)
    assert len(sample.chosen) == min(size, len(population))
    assert len(set(sample.chosen)) == len(sample.chosen)
    present = {(k, v) for _, a in population for k, v in a.items() if v}
    assert sample.covered | set(sample.uncovered) == present
    assert not sample.covered & set(sample.uncovered)
    assert propose_sample(population, size) == sample  # stable


@given(people)
def test_a_larger_sample_never_covers_less(population):
    sizes = [len(propose_sample(population, n).covered) for n in range(len(population) + 1)]
    assert sizes == sorted(sizes)
