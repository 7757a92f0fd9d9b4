"""The progress markers' timeline (core/charts.py marker_timeline): whatever the observations,
every line, point and label inside the chart, the levels and the markers' names written, the period
in French, names after the lines apart, and a sentence instead of a chart when nothing is observed."""

from __future__ import annotations

import math
import re
from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.core.charts import Box, marker_timeline
from ouvrage.core.formatting import MONTHS

LEVELS = ["Pas encore", "Un peu", "Assez", "Pleinement"]
POINTS = st.lists(
    st.tuples(st.dates(date(2018, 1, 1), date(2030, 12, 31)), st.integers(0, 3)), min_size=0, max_size=12
)
MARKERS = st.lists(POINTS, min_size=1, max_size=9)


def whole(chart) -> Box:
    x, y, w, h = (float(v) for v in chart.view_box.split())
    return Box(x, y, w, h)


def pairs(text: str) -> list[tuple[float, float]]:
    values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?|nan|inf", text)]
    return list(zip(values[::2], values[1::2], strict=True))


@settings(max_examples=150, deadline=None)
@given(MARKERS)
def test_any_observations_are_drawn_inside_the_chart_with_their_labels(markers):
    named = [(str(k + 1), points) for k, points in enumerate(markers)]
    chart, words = marker_timeline(named, LEVELS)
    observed = [(name, points) for name, points in named if points]
    if not observed:
        assert chart is None
        assert words.startswith("Aucune observation")
        return
    assert chart is not None
    box = whole(chart)
    assert box.width <= 390 - 32  # at its natural size on a phone
    for text_box in chart.text_boxes:
        assert text_box.within(box), text_box
    for series in chart.series:
        for x, y in [(float(x), float(y)) for x, y in series.dots] + pairs(series.line):
            assert not math.isnan(x) and not math.isnan(y)
            assert box.x <= x <= box.x + box.width and box.y <= y <= box.y + box.height
        xs = [float(x) for x, _ in series.dots]
        assert xs == sorted(xs)
    # The levels on the scale, each marker named once after its line, the names apart.
    assert [level for _, level, _ in chart.y_ticks] == LEVELS
    assert [s.end[2] for s in chart.series] == [name for name, _ in observed]
    ends = [float(s.end[1]) for s in chart.series]
    assert all(abs(a - b) >= 13 for a, b in combinations(ends, 2))
    # Distinguished by more than colour: the first six have each their own dash or none.
    styles = [(s.colour, s.dash) for s in chart.series[:6]]
    assert len(set(styles)) == len(styles) and len({d for _, d in styles}) == len(styles)
    # The period in French, in the axis and in the text alternative.
    for _, text in chart.x_ticks:
        month, year = text.split(" ")
        assert month in MONTHS and year.isdigit()
    for name, _ in observed:
        assert f"marqueur {name} :" in words
    first = min(day for _, points in observed for day, _ in points)
    assert (f"{first.day}" if first.day > 1 else "1er") + f" {MONTHS[first.month - 1]} {first.year}" in words


def test_a_year_of_quarterly_observations():
    chart, words = marker_timeline(
        [
            (
                "1",
                [(date(2025, 3, 1), 0), (date(2025, 6, 1), 1), (date(2025, 9, 1), 2), (date(2026, 3, 1), 3)],
            ),
            ("2", [(date(2025, 3, 1), 0), (date(2026, 3, 1), 0)]),
            ("3", []),
        ],
        LEVELS,
    )
    assert chart is not None
    assert [t for _, t in chart.x_ticks] == ["mars 2025", "mars 2026"]
    assert words == (
        "Observations des marqueurs du 1er mars 2025 au 1er mars 2026 ; "
        "marqueur 1 : de pas encore à pleinement (4 observations) ; "
        "marqueur 2 : de pas encore à pas encore (2 observations)."
    )
    # A step line: each observation holds until the next one, the last one to the period's end.
    assert len(pairs(chart.series[0].line)) == 8
    assert len(chart.series) == 2


def test_one_observation_is_a_point_in_the_middle():
    chart, words = marker_timeline([("1", [(date(2026, 1, 15), 2)])], LEVELS)
    assert chart is not None and chart.series[0].line == "" and len(chart.series[0].dots) == 1
    assert [t for _, t in chart.x_ticks] == ["janvier 2026"]
    assert "le 15 janvier 2026" in words and "assez (1 observation)" in words


def test_nothing_observed_is_a_sentence_not_a_chart():
    assert marker_timeline([], LEVELS) == (
        None,
        "Aucune observation consignée pour ces marqueurs : pas encore de courbe.",
    )
    chart, words = marker_timeline([("1", []), ("2", [])], LEVELS)
    assert chart is None and words
