"""The national comparison's charts (www/national/charts.py): the published values as bars on the
scale, the establishment's line and « vous : 3,12 » inside the chart, whatever the values."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.core.charts import text_width
from ouvrage.national.distribution import ordered, place
from ouvrage.www.national.charts import (
    AXIS,
    BARS_TOP,
    FONT,
    H_FONT,
    H_WIDTH,
    PAD,
    WIDTH,
    bins,
    histogram,
    strip,
)

NOTE = st.floats(1, 4, allow_nan=False)
ON_100 = st.floats(0, 100, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([((1.0, 4.0), NOTE, Decimal("4")), ((0.0, 100.0), ON_100, Decimal("100"))]).flatmap(
        lambda b: st.tuples(
            st.just(b[0]),
            st.lists(b[1], max_size=60),
            st.one_of(st.none(), st.decimals(Decimal(0), b[2], places=2)),
        )
    )
)
def test_a_strip_draws_inside_itself(drawn):
    bounds, values, ours = drawn
    spread = place(ordered(values), ours)
    chart = strip(spread, bounds, label="Objectif 1.1", scope="toute la France")
    numbers = [float(v) for x, y, h in chart.bars for v in (x, y, h)] + [float(x) for x in chart.dots]
    assert not any(math.isnan(v) for v in numbers)
    for x, y, height in chart.bars:
        assert float(x) >= PAD and float(x) + float(chart.bar_width) <= WIDTH - PAD + 0.1
        assert float(y) >= BARS_TOP - 0.1 and float(y) + float(height) <= AXIS + 0.1
    if spread.enough:
        assert chart.bars and chart.band is not None and chart.median is not None and not chart.dots
    else:
        assert not chart.bars and len(chart.dots) == len(values)
    if ours is None:
        assert chart.ours is None and chart.ours_text == ""
    else:
        assert chart.ours_text.startswith("vous\u202f: ") and "." not in chart.ours_text
        start = float(chart.ours_text_x)
        assert start >= 0 and start + text_width(chart.ours_text, FONT, bold=True) <= WIDTH
        assert f"votre évaluation {chart.ours_text.split(': ')[1]}" in chart.label


@given(st.lists(NOTE, max_size=200))
def test_every_value_is_in_one_bin(values):
    counts = bins(values, (1.0, 4.0), 30)
    assert sum(counts) == len(values)
    assert bins([4.0, 1.0], (1.0, 4.0), 30) == [1] + [0] * 28 + [1]


@settings(max_examples=100, deadline=None)
@given(st.lists(ON_100, max_size=300), st.one_of(st.none(), st.decimals(Decimal(0), Decimal(100), places=2)))
def test_the_histogram_writes_vous_inside_and_counts_in_french(values, ours):
    chart = histogram(tuple(values), ours, scope="toute la France")
    assert sum(b.count for b in chart.bars) == len(values) == chart.total
    assert [t for _, t in chart.ticks] == ["0", "25", "50", "75", "100"]
    assert float(chart.count_x) - text_width(chart.top_label, H_FONT) >= 0
    if ours is not None:
        start = float(chart.ours_text_x)
        assert start >= 0 and start + text_width(chart.ours_text, H_FONT, bold=True) <= H_WIDTH
        assert float(chart.left) <= float(chart.ours) <= float(chart.right)


def test_thousands_have_a_narrow_space():
    chart = histogram(tuple([62.5] * 1234), Decimal("70.29"), scope="toute la France")
    assert chart.top_label == "1\u202f234" and chart.ours_text == "vous\u202f: 70,29"
