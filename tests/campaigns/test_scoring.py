"""The scoring rules, without a database (docs/scoring.md gives each rule's source)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.frames.scoring import (
    Aggregate,
    CriterionInput,
    Mark,
    Rounding,
    compute,
    criterion_score,
    estimate_letter,
    strictly_met,
)

marks = st.sampled_from(list(Mark))
NUMERIC = [Mark.ONE, Mark.TWO, Mark.THREE, Mark.FOUR, Mark.OPTIMISED]
numeric = st.sampled_from(NUMERIC)
mark_lists = st.lists(st.one_of(st.none(), marks), max_size=12)


def test_two_decimals_without_rounding():
    assert criterion_score([Mark.FOUR, Mark.FOUR, Mark.THREE]) == Decimal("3.66")  # 3.666… not 3.67
    assert criterion_score([Mark.THREE, Mark.FOUR]) == Decimal("3.50")
    assert criterion_score([Mark.FOUR, Mark.FOUR, Mark.FOUR, Mark.THREE, Mark.FOUR, Mark.FOUR]) == Decimal(
        "3.83"
    )


def test_older_rule_rounds_to_the_nearest_integer():
    assert criterion_score([Mark.FOUR, Mark.FOUR, Mark.THREE], Rounding.NEAREST_INTEGER) == Decimal("4")
    assert criterion_score([Mark.THREE, Mark.FOUR], Rounding.NEAREST_INTEGER) == Decimal("4")  # 3.5 → 4
    assert criterion_score([Mark.TWO, Mark.THREE, Mark.THREE], Rounding.NEAREST_INTEGER) == Decimal("3")


def test_nc_ri_and_unrated_are_left_out_and_star_counts_as_four():
    assert criterion_score([Mark.TWO, Mark.NC, Mark.RI, None]) == Decimal("2.00")
    assert criterion_score([Mark.OPTIMISED, Mark.THREE]) == Decimal("3.50")
    assert criterion_score([Mark.NC, Mark.RI]) is None
    assert criterion_score([]) is None


@given(mark_lists)
def test_score_is_bounded(ms):
    score = criterion_score(ms)
    if score is not None:
        assert Decimal(1) <= score <= Decimal(4)


@given(mark_lists, st.lists(st.sampled_from([Mark.NC, Mark.RI, None]), max_size=5))
def test_nc_ri_unrated_never_change_the_score(ms, ignored):
    assert criterion_score(ms + ignored) == criterion_score(ms)


@given(st.lists(numeric, min_size=1, max_size=12), st.data())
def test_raising_one_element_never_lowers_the_score(ms, data):
    i = data.draw(st.integers(0, len(ms) - 1))
    higher = data.draw(st.sampled_from([m for m in NUMERIC if m.points >= ms[i].points]))
    raised = [*ms[:i], higher, *ms[i + 1 :]]
    for rounding in Rounding:
        assert criterion_score(raised, rounding) >= criterion_score(ms, rounding)


@given(st.lists(numeric, min_size=1, max_size=12))
def test_truncation_is_within_one_hundredth_below_the_exact_mean(ms):
    exact = Fraction(sum(m.points for m in ms), len(ms))
    score = Fraction(criterion_score(ms))
    assert score <= exact < score + Fraction(1, 100)


def evaluation(scores_by_code: dict[str, list[Mark | None]], imperatives=(), objective_of=None):
    objective_of = objective_of or (lambda code: code.rsplit(".", 1)[0])
    return [
        CriterionInput(code, objective_of(code), code.split(".")[0], "T1", code in imperatives, tuple(ms))
        for code, ms in scores_by_code.items()
    ]


def test_impératif_strict_and_threshold_counts():
    crits = evaluation(
        {
            "2.2.1": [Mark.FOUR, Mark.FOUR],  # strictly met, ≥ 3.5
            "2.2.2": [Mark.FOUR, Mark.THREE],  # 3.50: counts for the scale, not strictly met
            "2.2.3": [Mark.FOUR, Mark.OPTIMISED],  # ★ counts as 4
            "2.2.4": [Mark.THREE, Mark.THREE],
            "2.2.5": [Mark.FOUR, None],  # an element missing: not strictly met
            "1.1.1": [Mark.ONE],
        },
        imperatives={"2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5"},
    )
    q = compute(crits).quality
    assert q.applicable_imperatives == 5
    assert q.imperatives_strictly_met == 2
    assert q.imperatives_at_threshold == 4
    assert q.rate == 80


@given(
    st.dictionaries(
        st.sampled_from(["1.1.1", "1.1.2", "1.2.1", "2.1.1", "3.10.1", "3.10.2", "3.1.1"]),
        mark_lists,
        min_size=1,
    )
)
def test_aggregates_are_means_of_their_criteria_and_bounded(by_code):
    results = compute(evaluation(by_code))
    scored = {c: r.score for c, r in results.criteria.items() if r.score is not None}
    if scored:
        assert results.overall.score == sum(Fraction(s) for s in scored.values()) / len(scored)
        assert Fraction(1) <= results.overall.score <= Fraction(4)
        m = results.quality.mean_100
        assert m is not None and 0 <= m <= 100
    else:
        assert results.overall.score is None
    for objective, agg in results.objectives.items():
        assert set(agg.criteria) <= {c for c in by_code if c.rsplit(".", 1)[0] == objective}


def test_objective_310_counts_for_ten_percent():
    # Other objectives all at 4 (note 4), objective 3.10 at 1: note = 0.9×4 + 0.1×1 = 3.7 → 90 / 100.
    crits = evaluation({"1.1.1": [Mark.FOUR], "2.1.1": [Mark.FOUR, Mark.FOUR], "3.10.1": [Mark.ONE]})
    q = compute(crits).quality
    assert q.mean_without_special == 4 and q.special_score == 1
    assert q.mean_100 == 90


def test_mean_without_310_is_weighted_by_criteria_like_the_open_data_fixture():
    # rules.md §10.2: somme_ponderee_hors310 = Σ score × nb criteria; 301.3 / 121 = 2.49.
    crits = evaluation({"1.1.1": [Mark.ONE], "1.1.2": [Mark.ONE], "1.2.1": [Mark.FOUR]})
    q = compute(crits).quality
    assert q.mean_without_special == 2  # (1×2 + 4×1) / 3, not (1 + 4) / 2
    assert q.mean_100 == Fraction(100, 3)


@pytest.fixture(scope="module")
def has_scale(has_spec):
    return has_spec.scoring.scale


@pytest.mark.parametrize(
    ("finess", "letter", "mean", "met"),
    [
        # Published rows that fix the thresholds (quality_scale_inference.md §3), 18 impératifs.
        ("620018150", "B", "79.55", 18),
        ("590047023", "A", "80.40", 18),
        ("590804258", "B", "89.98", 17),
        ("620026138", "A", "90.40", 17),
        ("130780810", "B", "98.71", 16),
        ("750071375", "C", "79.90", 12),
        ("130045321", "B", "80.50", 12),
        ("590783312", "C", "80.43", 6),
        ("750800435", "B", "81.90", 9),
        ("590817375", "B", "77.75", 13),
        ("620118273", "D", "47.42", 0),
        ("750041402", "D", "43.47", 8),  # 8 / 18 = 44.4 %: below 50 % too
    ],
)
def test_estimated_letter_matches_published_rows(has_scale, finess, letter, mean, met):
    assert estimate_letter(Fraction(mean), Fraction(met * 100, 18), has_scale.letters) == letter


@pytest.mark.parametrize(
    ("letter", "mean", "at_threshold", "applicable"),
    [
        # Correction of 2026-11-30 (shared/referentiel/README.md), from 210 published evaluations of
        # 37 FINESS categories with 16 to 18 applicable impératifs.
        ("C", "41.34", 10, 17),  # mean below 50 but 58.8 % of impératifs at 3.5: not D
        ("D", "39.48", 7, 16),  # 43.75 %: D
        ("B", "85", 8, 16),  # 50 % opens B for a mean of 80 or more
        ("C", "85", 8, 17),  # 47.06 % does not
    ],
)
def test_letter_on_the_boundaries_published_in_2026(has_scale, letter, mean, at_threshold, applicable):
    rate = Fraction(at_threshold * 100, applicable)
    assert estimate_letter(Fraction(mean), rate, has_scale.letters) == letter


@given(st.fractions(0, 100), st.fractions(0, 100))
def test_d_needs_a_low_mean_and_a_low_impératif_rate(has_scale, mean, rate):
    is_d = estimate_letter(mean, rate, has_scale.letters) == "D"
    assert is_d == (mean < 50 and rate < 50)


def test_letter_needs_both_dimensions(has_scale):
    assert estimate_letter(None, Fraction(50), has_scale.letters) is None
    assert has_scale.special_objective == "3.10" and has_scale.special_weight == Fraction(1, 10)
    assert has_scale.status == "estimate" and "estimée" in has_scale.explanation


@given(st.fractions(0, 100), st.fractions(0, 100), st.fractions(0, 10), st.fractions(0, 10))
def test_letter_is_monotonic(has_scale, mean, rate, more_mean, more_rate):
    order = "DCBA"
    before = estimate_letter(mean, rate, has_scale.letters)
    after = estimate_letter(
        min(mean + more_mean, Fraction(100)), min(rate + more_rate, Fraction(100)), has_scale.letters
    )
    assert order.index(after) >= order.index(before)


@pytest.mark.parametrize(
    ("marks", "met"),
    [
        ((Mark.FOUR, Mark.RI, Mark.FOUR), True),  # RI is left out of the mean, and of the failures
        ((Mark.OPTIMISED, Mark.RI), True),
        ((Mark.RI, Mark.RI), False),  # nothing at 4
        ((Mark.FOUR, None), False),  # one missing
        ((Mark.FOUR, Mark.THREE), False),
        ((), False),
    ],
)
def test_an_impératif_at_4_apart_from_ri_is_strictly_met(marks, met):
    assert strictly_met(marks) is met
    result = compute([CriterionInput("1.1.1", "1.1", "1", None, True, marks)]).criteria["1.1.1"]
    assert result.strictly_met is met


def test_one_rounding_everywhere_truncates_two_decimals():
    from ouvrage.core.numbers import truncated
    from ouvrage.core.spreadsheets import number

    chapter = Aggregate(Fraction(25, 8), ("a", "b"))  # 3.125
    assert chapter.display == Decimal("3.12") and number(chapter.score) == 3.12
    assert truncated(Fraction(2, 3)) == Decimal("0.66") and str(truncated(Decimal("2.7"))) == "2.70"
    quality = compute(
        [
            CriterionInput("1.1.1", "1.1", "1", None, True, (Mark.FOUR, Mark.THREE, Mark.THREE)),
            CriterionInput("1.1.2", "1.1", "1", None, False, (Mark.FOUR,)),
        ]
    ).quality
    assert quality.mean_100_display == truncated(quality.mean_100)  # 88.83…, not 88.84


@given(st.fractions(0, 100))
def test_a_truncated_figure_is_within_one_hundredth_below(value):
    from ouvrage.core.numbers import truncated

    shown = truncated(value)
    assert shown <= value < shown + Decimal("0.01")
