from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.campaigns.whatif import lift_options, sandbox
from ouvrage.frames.scoring import CriterionInput, Mark, Rounding, compute

IMPERATIVES = [f"2.2.{i}" for i in range(1, 8)] + ["3.11.1", "3.11.2", "3.12.1"]


def campaign(imperative_marks, other_mark=Mark.FOUR, special=Mark.FOUR):
    crits = [
        CriterionInput(code, code.rsplit(".", 1)[0], code[0], "T2", True, (m,))
        for code, m in zip(IMPERATIVES, imperative_marks, strict=True)
    ]
    crits += [CriterionInput(f"1.{i}.1", f"1.{i}", "1", "T1", False, (other_mark,)) for i in range(1, 11)]
    crits.append(CriterionInput("3.10.1", "3.10", "3", "T9", False, (special,)))
    return crits


def test_next_letter_needs_the_closest_imperatives_first(has_spec):
    scale = has_spec.scoring.scale
    marks = [Mark.FOUR] * 8 + [Mark.THREE, Mark.TWO]  # 8 of 10 impératifs ≥ 3.5, mean high
    results = compute(campaign(marks), scale=scale)
    assert results.quality.letter == "B"
    best = lift_options(results, scale)[0]
    assert best.letter == "A" and best.feasible
    # A at this mean needs 90 % of impératifs: one more, the closest to 3.5 (3.12.1 is at 2).
    assert [code for code, _ in best.imperatives] == ["3.11.2"]
    assert best.mean_points == 0


def test_sandbox_never_touches_the_inputs_and_follows_the_option(has_spec):
    scale = has_spec.scoring.scale
    crits = campaign([Mark.FOUR] * 8 + [Mark.THREE, Mark.TWO])
    before = list(crits)
    tried = sandbox(crits, {"3.11.2": Mark.FOUR}, rounding=Rounding.TWO_DECIMALS, scale=scale)
    assert tried.quality.letter == "A"
    assert crits == before and compute(crits, scale=scale).quality.letter == "B"


def test_mean_gap_lists_objectives_with_most_points_first(has_spec):
    scale = has_spec.scoring.scale
    results = compute(campaign([Mark.FOUR] * 10, other_mark=Mark.TWO, special=Mark.ONE), scale=scale)
    assert results.quality.letter in "CD"
    option = lift_options(results, scale)[0]
    assert option.mean_points > 0 and option.objectives
    assert option.objectives[0].code == "3.10"  # 10 % of the note, from 1 to 4: the largest gain
    assert sum((o.points for o in option.objectives), Fraction(0)) >= option.mean_points


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([Mark.ONE, Mark.TWO, Mark.THREE, Mark.FOUR]), min_size=10, max_size=10),
    st.sampled_from([Mark.ONE, Mark.TWO, Mark.THREE, Mark.FOUR]),
    st.sampled_from([Mark.ONE, Mark.TWO, Mark.FOUR]),
)
def test_applying_a_feasible_option_reaches_its_letter(has_spec, marks, other, special):
    scale = has_spec.scoring.scale
    crits = campaign(marks, other, special)
    results = compute(crits, scale=scale)
    for option in lift_options(results, scale):
        if not option.feasible:
            continue
        overrides = {code: Mark.FOUR for code, _ in option.imperatives}
        for gain in option.objectives:
            overrides.update({c.code: Mark.FOUR for c in crits if c.objective == gain.code})
        tried = sandbox(crits, overrides, rounding=Rounding.TWO_DECIMALS, scale=scale)
        assert "DCBA".index(tried.quality.letter) >= "DCBA".index(option.letter)


def test_out_of_d_by_either_dimension(has_spec):
    """D needs a mean below 50 and an impératif rate below 50 %: raising either leaves it."""
    scale = has_spec.scoring.scale
    results = compute(campaign([Mark.TWO] * 10, other_mark=Mark.TWO, special=Mark.ONE), scale=scale)
    assert results.quality.letter == "D"
    options = lift_options(results, scale)
    assert {o.letter for o in options} == {"C"} and all(o.feasible for o in options)
    by_impératifs = [o for o in options if o.imperatives and not o.mean_points]
    by_mean = [o for o in options if o.mean_points and not o.imperatives]
    assert by_impératifs and len(by_impératifs[0].imperatives) == 5  # 5 of 10 = 50 %
    assert by_mean and by_mean[0].objectives
