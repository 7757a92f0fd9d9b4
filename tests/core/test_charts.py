"""The coordinates of the server-drawn charts (core/charts.py): every label inside its chart, none
over another, no coordinate NaN, and text at least 9 pt (12 CSS px) at the size the page draws it."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations, pairwise
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from ouvrage.core.charts import (
    LABEL_FONT,
    NUMBER_FONT,
    NUMBERED_RADIUS,
    WIDE_MAX,
    WIDE_RADIUS,
    Box,
    labelled_radar,
    score_bar_columns,
    score_bars,
    score_range,
    spread_positions,
    text_width,
    time_chart,
    wrap,
)

NINE_PT = 12  # CSS px
PHONE = 390 - 32  # the page's width on a 390 px phone (1 rem each side)
WIDE_FROM = 42 * 16 - 32  # the labelled radar is shown from 42 rem: 640 px of page
TITLES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip())
FRENCH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçœ ’'-ABCDÉ", min_size=1, max_size=120).filter(
    lambda t: t.strip()
)
SCORES = st.one_of(st.none(), st.decimals(Decimal(1), Decimal(4), places=2))
HAS_THEMES = [
    "Bientraitance et éthique",
    "Droits de la personne accompagnée",
    "Expression et participation de la personne accompagnée",
    "Co-construction et personnalisation de son projet d'accompagnement",
    "Accompagnement à l'autonomie",
    "Accompagnement à la santé",
    "Continuité et fluidité des parcours",
    "Politique ressources humaines",
    "Démarche qualité et gestion des risques",
]


def numbers_in(obj) -> list[float]:
    """Every number written in the chart's coordinates (strings and Boxes, recursively)."""
    found: list[float] = []
    if isinstance(obj, str):
        found += [float(x) for x in re.findall(r"-?(?:\d+\.?\d*|nan|inf)", obj)]
    elif isinstance(obj, (int, float)):
        found.append(float(obj))
    elif isinstance(obj, Box):
        found += [obj.x, obj.y, obj.width, obj.height]
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            found += numbers_in(item)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            # Words are not coordinates (a title « inf » is a word); a label's lines are checked by
            # their y, which must lie inside the label's box (a nan or an inf never does).
            if name not in {"title", "value", "code", "name", "letter", "lines"}:
                found += numbers_in(getattr(obj, name))
    return found


def view(chart) -> Box:
    x, y, w, h = (float(v) for v in chart.view_box.split())
    return Box(x, y, w, h)


def distance_to_origin(box: Box) -> float:
    dx = max(box.x, 0.0, -box.right)
    dy = max(box.y, 0.0, -box.bottom)
    return math.hypot(dx, dy)


# ---------------------------------------------------------------- measuring and wrapping


def test_widths_are_those_of_the_widest_fallback_font():
    assert text_width("", 14) == 0
    assert text_width("ii", 10) < text_width("mm", 10)
    assert text_width("é", 14) == text_width("e", 14)  # an accent does not widen a letter
    assert text_width("3,12", 14, bold=True) > text_width("3,12", 14)
    assert text_width("漢", 10) >= 10  # an unknown script: at least a full em


@given(FRENCH, st.integers(1, 4), st.floats(40, 400))
def test_wrapped_lines_fit_and_keep_the_words(text, lines, width):
    wrapped = wrap(text, 14, width, lines=lines)
    assert 1 <= len(wrapped) <= lines
    assert all(text_width(line, 14) <= width or len(line) == 1 for line in wrapped)
    joined = "".join("".join(wrapped).split())
    whole = "".join(text.split())
    if wrapped[-1].endswith("…"):
        assert whole.startswith(joined[:-1])
    else:
        assert joined == whole


# ---------------------------------------------------------------- the radar


def radar_values(titles, scores):
    return [
        (t, SimpleNamespace(display=s) if s is not None else None)
        for t, s in zip(titles, scores, strict=False)
    ]


def check_radar(chart, *, radius: float):
    whole = view(chart)
    assert not any(math.isnan(v) or math.isinf(v) for v in numbers_in(chart))
    for label in chart.labels:
        assert label.box.within(whole), (label.title, label.box, whole)
        assert distance_to_origin(label.box) >= radius, (label.title, label.box)  # off the rings
        for y, _, _ in label.lines:
            assert label.box.y <= float(y) <= label.box.bottom
    for a, b in combinations(chart.labels, 2):
        assert not a.box.overlaps(b.box), (a.title, b.title)
    assert abs(whole.x) >= radius and whole.right >= radius  # the rings inside too


@settings(max_examples=150, deadline=None)
@given(
    st.integers(3, 12).flatmap(
        lambda n: st.tuples(
            st.lists(TITLES, min_size=n, max_size=n), st.lists(SCORES, min_size=n, max_size=n)
        )
    )
)
def test_every_radar_label_is_inside_the_chart_and_readable(drawn):
    titles, scores = drawn
    wide = labelled_radar(radar_values(titles, scores))
    check_radar(wide, radius=WIDE_RADIUS)
    assert wide.width <= WIDE_MAX
    # Shown from 42 rem, drawn at most at its natural size: 10.5 pt, never under 9 pt.
    assert LABEL_FONT * min(1.0, WIDE_FROM / wide.width) >= NINE_PT
    numbered = labelled_radar(radar_values(titles, scores), numbered=True)
    check_radar(numbered, radius=NUMBERED_RADIUS)
    assert NUMBER_FONT * min(1.0, PHONE / numbered.width) >= NINE_PT
    assert [label.lines[0][1] for label in numbered.labels] == [str(i + 1) for i in range(len(titles))]


def test_the_has_thematiques_wrap_on_at_most_three_lines_and_their_value():
    chart = labelled_radar(radar_values(HAS_THEMES, [Decimal("3.12")] * 8 + [None]))
    check_radar(chart, radius=WIDE_RADIUS)
    texts = [[t for _, t, _ in label.lines] for label in chart.labels]
    assert texts[0] == ["Bientraitance et éthique", "3,12"]
    assert texts[2] == ["Expression et participation", "de la personne", "accompagnée", "3,12"]
    assert texts[8][-1] == "non évalué"
    assert all(bold for label in chart.labels for _, t, bold in label.lines if t == label.value)
    assert chart.width <= 700


def test_fewer_than_three_thematiques_make_no_radar():
    assert labelled_radar(radar_values(["a", "b"], [Decimal(3), Decimal(2)])) is None


# ---------------------------------------------------------------- objective bars


CODES = st.from_regex(r"[1-3]\.[0-9]{1,2}", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(CODES, SCORES), min_size=1, max_size=45))
def test_score_bars_fit_a_phone_and_write_each_value_inside(values):
    chart = score_bars(values)
    whole = view(chart)
    assert not any(math.isnan(v) for v in numbers_in(chart))
    assert chart.width <= PHONE  # drawn at its natural size on a 390 px phone: 13 px text
    for box in chart.text_boxes:
        assert box.within(whole), box
    for bar, (_, score) in zip(chart.bars, values, strict=True):
        assert bar.value == ("non coté" if score is None else f"{score}".replace(".", ","))
        assert float(bar.width) >= 2  # a score of 1 is still a mark
    assert len({bar.y for bar in chart.bars}) == len(values)


# ---------------------------------------------------------------- figures over time


def test_positions_keep_their_order_and_their_distance():
    assert spread_positions([0.0, 1.0], 0.2) == [0.0, 1.0]
    assert spread_positions([0.0, 0.01, 1.0], 0.2) == [0.0, 0.2, 1.0]
    assert spread_positions([0.0, 0.99, 1.0], 0.2) == [0.0, 0.8, 1.0]
    assert spread_positions([0.3], 0.2) == [0.5]
    assert spread_positions([0, 0.1, 0.2, 0.3, 0.4, 1], 0.25) == [0, 0.2, 0.4, 0.6, 0.8, 1]


@given(st.lists(st.floats(0, 1), min_size=2, max_size=12).map(sorted), st.floats(0.01, 0.5))
def test_spread_positions_property(fractions, gap):
    found = spread_positions(fractions, gap)
    assert all(0 <= f <= 1 for f in found)
    assert all(b - a >= min(gap, 1 / (len(found) - 1)) - 1e-6 for a, b in pairwise(found))


def test_a_score_range_holds_the_values_in_whole_steps():
    assert score_range([73.7, 61.2], low=0, high=100, step=10, least=20) == (50, 80)
    assert score_range([99.0], low=0, high=100, step=10, least=20) == (80, 100)
    assert score_range([], low=0, high=100, step=10, least=20) == (0, 100)


DAYS = st.lists(st.dates(date(2015, 1, 1), date(2035, 12, 31)), min_size=2, max_size=10, unique=True).map(
    sorted
)


@settings(max_examples=100, deadline=None)
@given(DAYS, st.data())
def test_the_mean_over_time_writes_its_figures_inside_and_apart(days, data):
    means = data.draw(
        st.lists(st.one_of(st.none(), st.decimals(0, 100, places=2)), min_size=len(days), max_size=len(days))
    )
    letters = data.draw(st.lists(st.sampled_from("ABCD"), min_size=len(days), max_size=len(days)))
    lo, hi = score_range([float(m) for m in means if m is not None], low=0, high=100, step=10, least=20)
    chart = time_chart(days, [("Moyenne", means)], scale=(lo, hi), ticks=[lo, hi], letters=letters)
    whole = view(chart)
    assert not any(math.isnan(v) for v in numbers_in(chart))
    assert chart.width <= PHONE
    for box in chart.text_boxes:
        assert box.within(whole), box
    for a, b in combinations([p.box for p in chart.point_labels], 2):
        assert not a.overlaps(b)
    xs = [float(x) for x, _ in chart.series[0].dots]
    assert xs == sorted(xs)
    assert len(chart.series[0].dots) == sum(m is not None for m in means)


@settings(max_examples=100, deadline=None)
@given(DAYS, st.data())
def test_the_chapters_over_time_name_their_lines_apart(days, data):
    score = st.one_of(st.none(), st.decimals(1, 4, places=2))
    series = [
        (f"Ch.\u00a0{k}", data.draw(st.lists(score, min_size=len(days), max_size=len(days))))
        for k in (1, 2, 3)
    ]
    chart = time_chart(days, series, scale=(1, 4), ticks=[1, 2, 3, 4], name_lines=True)
    whole = view(chart)
    for box in chart.text_boxes:
        assert box.within(whole), box
    ends = [float(s.end[1]) for s in chart.series if s.end]
    assert all(abs(a - b) >= 13 for a, b in combinations(ends, 2))


def test_two_campaigns_a_year_apart():
    chart = time_chart(
        [date(2024, 6, 1), date(2025, 6, 1)],
        [("Moyenne", [Decimal("61.20"), Decimal("73.73")])],
        scale=(50, 80),
        ticks=[50, 60, 70, 80],
        letters=["C", "B"],
    )
    assert [t for _, t in chart.x_ticks] == ["2024", "2025"]
    assert [t for _, t, _ in chart.y_ticks] == ["50", "60", "70", "80"]
    assert [(p.letter, p.value) for p in chart.point_labels] == [("C", "61,20"), ("B", "73,73")]
    assert chart.series[0].line.count(",") == 2


def test_campaigns_the_same_month_are_drawn_apart():
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(3)]
    chart = time_chart(
        days, [("Moyenne", [Decimal(60), Decimal(61), Decimal(62)])], scale=(50, 70), ticks=[50, 70]
    )
    xs = [float(x) for x, _ in chart.series[0].dots]
    assert min(b - a for a, b in pairwise(xs)) >= 30
    assert [t for _, t in chart.x_ticks] == ["2025"]  # the year once


def test_bars_in_two_columns_keep_the_order_and_align_their_codes():
    values = [(f"{c}.{i}", Decimal("2.50")) for c in (1, 2, 3) for i in range(1, 15)]
    left, right = score_bar_columns(values)
    assert [b.code for b in left.bars + right.bars] == [code for code, _ in values]
    assert len(left.bars) == 21 and left.plot_x == right.plot_x and left.width == right.width
    assert score_bar_columns([]) == []


def test_the_scale_writes_its_figures_as_french_people_do():
    chart = time_chart(
        [date(2024, 6, 1), date(2025, 6, 1)],
        [("Ch.\u00a01", [Decimal("2.60"), Decimal("3.05")])],
        scale=(2.5, 3.5),
        ticks=[2.5, 3.0, 3.5],
        name_lines=True,
    )
    assert [t for _, t, _ in chart.y_ticks] == ["2,5", "3", "3,5"]
    assert chart.series[0].end[2] == "Ch.\u00a01\u202f: 3,05"
