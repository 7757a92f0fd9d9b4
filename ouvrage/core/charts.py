"""Server-drawn SVG charts (no JavaScript): coordinates computed here, drawn by a template."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ouvrage.core.formatting import long_date, month_year, number

SIZE = 420
CENTRE = SIZE / 2
RADIUS = 130


@dataclass(frozen=True)
class Axis:
    """Coordinates are preformatted strings: SVG wants a dot, whatever the locale of the page."""

    label: str
    value: str  # as shown
    x: str
    y: str
    label_x: str
    label_y: str
    anchor: str


@dataclass(frozen=True)
class Radar:
    size: int
    centre: str
    axes: list[Axis]
    points: str  # polygon of the values
    rings: list[str]  # polygons at 1, 2, 3, 4


def _point(i: int, n: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return CENTRE + RADIUS * fraction * math.cos(angle), CENTRE + RADIUS * fraction * math.sin(angle)


def radar(values: list[tuple[str, Any]]) -> Radar | None:
    """A radar of scores on the 1–4 scale; `values` are (label, Aggregate or None). A missing score
    is drawn at the centre and shown as « non évalué »."""
    n = len(values)
    if n < 3:
        return None
    axes = []
    points = []
    for i, (label, aggregate) in enumerate(values):
        score = aggregate.display if aggregate is not None else None
        fraction = float(score) / 4 if score is not None else 0.0
        x, y = _point(i, n, fraction)
        points.append(f"{x:.1f},{y:.1f}")
        lx, ly = _point(i, n, 1.18)
        anchor = "middle" if abs(lx - CENTRE) < 20 else ("start" if lx > CENTRE else "end")
        ax, ay = _point(i, n, 1.0)
        value = number(score) if score is not None else "non évalué"
        axes.append(Axis(label, value, f"{ax:.1f}", f"{ay:.1f}", f"{lx:.1f}", f"{ly:.1f}", anchor))
    rings = [
        " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, level / 4) for i in range(n)))
        for level in (1, 2, 3, 4)
    ]
    return Radar(SIZE, f"{CENTRE:.1f}", axes, " ".join(points), rings)


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    width: str  # SVG width for the 1–4 scale on BAR_WIDTH pixels
    y: str
    low: bool


BAR_WIDTH = 360
BAR_HEIGHT = 16


def bars(values: list[tuple[str, Any]]) -> tuple[list[Bar], str]:
    """Horizontal bars of scores on 0–4 (objectives), and the SVG height."""
    result = []
    for i, (label, aggregate) in enumerate(values):
        score = aggregate.display if aggregate is not None else None
        width = float(score) / 4 * BAR_WIDTH if score is not None else 0.0
        result.append(
            Bar(
                label,
                number(score) if score is not None else "—",
                f"{width:.1f}",
                f"{i * (BAR_HEIGHT + 6):.0f}",
                score is not None and float(score) < 3,
            )
        )
    return result, f"{len(values) * (BAR_HEIGHT + 6):.0f}"


# ---------------------------------------------------------------- measuring text
#
# An SVG does not wrap or measure its text: the coordinates are computed here, so the widths of the
# labels are estimated from the advance widths of DejaVu Sans (Book and Bold), the widest of the
# fonts a page falls back to (Segoe UI, Roboto, Helvetica and Arial are narrower): a label measured
# here is never wider on screen, so a box computed from it is never cut.

_BOOK = (
    "318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 "
    "637 637 337 337 838 838 838 531 1000 685 687 699 771 632 576 775 752 295 295 656 558 863 749 788 "
    "604 788 695 635 611 732 685 989 686 611 686 391 337 391 838 500 500 613 635 550 635 616 353 635 "
    "634 278 278 580 278 975 634 612 635 635 412 521 393 634 592 818 592 592 525 637 337 637 838"
)
_BOLD = (
    "349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 "
    "696 696 400 400 838 838 838 581 1000 774 763 734 831 684 684 821 837 373 373 775 638 996 837 851 "
    "733 851 771 721 683 813 774 1104 771 725 726 458 366 458 838 500 500 675 716 593 716 679 436 716 "
    "712 343 343 666 343 1042 712 688 716 716 494 596 479 712 652 924 646 652 583 712 366 712 838"
)
_EXTRA_BOOK = {"\u00a0": 318, "\u202f": 200, "«": 612, "»": 612, "’": 318, "‘": 318, "“": 519, "”": 519,
               "…": 1000, "–": 500, "—": 1000, "œ": 1023, "Œ": 1070, "€": 637, "°": 500, "²": 401}  # fmt: skip
_EXTRA_BOLD = {"\u00a0": 349, "\u202f": 200, "«": 646, "»": 646, "’": 380, "‘": 380, "“": 658, "”": 658,
               "…": 1000, "–": 500, "—": 1000, "œ": 1095, "Œ": 1167, "€": 696, "°": 500, "²": 438}  # fmt: skip
_WIDTHS = (
    {**{chr(32 + i): int(w) / 1000 for i, w in enumerate(_BOOK.split())}, **{k: v / 1000 for k, v in _EXTRA_BOOK.items()}},
    {**{chr(32 + i): int(w) / 1000 for i, w in enumerate(_BOLD.split())}, **{k: v / 1000 for k, v in _EXTRA_BOLD.items()}},
)  # fmt: skip
WIDEST = 1.25  # a character the tables do not know (another script, a symbol): wider than any above


def _char_width(char: str, bold: bool) -> float:
    table = _WIDTHS[bold]
    found = table.get(char)
    if found is None:  # « é » as « e »: the accent does not change the advance
        base = unicodedata.normalize("NFD", char)[:1]
        found = table.get(base, WIDEST) if base != char else WIDEST
    return found


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` at `size` (SVG units), never less than a browser draws it."""
    return sum(_char_width(c, bold) for c in text) * size


def wrap(text: str, size: float, width: float, *, lines: int = 2, bold: bool = False) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`: cut between words (inside a word too long
    for a line), the last line ending with « … » when the text does not fit."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        while text_width(current, size, bold=bold) > width:  # a word longer than a line
            cut = _fit(current, size, width, bold, suffix="")
            out.append(current[:cut])
            current = current[cut:]
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1]
        cut = _fit(last, size, width, bold, suffix="…")
        out = [*out[: lines - 1], last[:cut].rstrip() + "…"]
    return out


def _fit(text: str, size: float, width: float, bold: bool, *, suffix: str) -> int:
    """How many first characters of `text` fit in `width` with `suffix` after them (at least one)."""
    n = len(text)
    while n > 1 and text_width(text[:n] + suffix, size, bold=bold) > width:
        n -= 1
    return n


@dataclass(frozen=True)
class Box:
    """A rectangle in SVG units (y downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom
        )

    def within(self, other: Box) -> bool:
        return (
            self.x >= other.x
            and self.y >= other.y
            and self.right <= other.right
            and self.bottom <= other.bottom
        )


def _view_box(box: Box) -> str:
    return f"{box.x:.1f} {box.y:.1f} {box.width:.1f} {box.height:.1f}"


def _bounds(boxes: list[Box], margin: float) -> Box:
    x = min(b.x for b in boxes) - margin
    y = min(b.y for b in boxes) - margin
    return Box(x, y, max(b.right for b in boxes) + margin - x, max(b.bottom for b in boxes) + margin - y)


# ---------------------------------------------------------------- the radar of the results page

LABEL_FONT = 14  # SVG units; drawn at its natural size (1 unit = 1 CSS px) on a wide screen: 10.5 pt
LINE = 17.5  # line height of the labels
BASELINE = 13.5  # from the top of a line to its baseline (DejaVu Sans: accents 0.93 em above it)
LABEL_WIDTH = 190  # the widest label, so that the whole radar stays under WIDE_MAX units wide
LABEL_LINES = 3  # lines of a title at most, the value under it
WIDE_RADIUS = 150
WIDE_GAP = 12  # between the outer ring and the labels
MARGIN = 6
WIDE_MAX = 2 * (WIDE_RADIUS + WIDE_GAP + LABEL_WIDTH + MARGIN)  # 716: shown from 42rem (640 px of page)
NUMBER_FONT = 16
NUMBERED_RADIUS = 140
NUMBERED_GAP = 8


@dataclass(frozen=True)
class RadarLabel:
    number: int  # 1, 2… in the thématiques' order (the legend of the numbered radar)
    title: str
    value: str  # « 3,12 », « non évalué »
    lines: tuple[tuple[str, str, bool], ...]  # (y of the baseline, text, bold)
    x: str
    anchor: str
    box: Box


@dataclass(frozen=True)
class RadarChart:
    """A radar of thématiques with its labels laid out around it, and the viewBox that holds them all:
    `wide` writes each title (on up to three lines) and its value, the numbered one (phones) only
    the numbers, the titles being listed under it."""

    view_box: str
    width: int  # the natural size in CSS px (the SVG shrinks, never grows, past it)
    height: int
    rings: list[str]
    spokes: list[tuple[str, str]]  # the outer end of each axis, from (0, 0)
    points: str
    dots: list[tuple[str, str]]
    labels: list[RadarLabel]
    font: int
    box: Box


def _angle(i: int, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / n


def labelled_radar(values: list[tuple[str, Any]], *, numbered: bool = False) -> RadarChart | None:
    """The radar of scores on 1–4 (`values`: (title, Aggregate or None)), centred on (0, 0). Each label
    box touches its axis from outside the outer ring; boxes that would overlap are moved away from
    the centre; the viewBox is the smallest box around the rings and every label."""
    n = len(values)
    if n < 3:
        return None
    radius = NUMBERED_RADIUS if numbered else WIDE_RADIUS
    gap = NUMBERED_GAP if numbered else WIDE_GAP
    font = NUMBER_FONT if numbered else LABEL_FONT
    line = LINE * font / LABEL_FONT
    base = BASELINE * font / LABEL_FONT
    placed: list[tuple[int, str, str, list[tuple[str, bool]], str, Box]] = []
    points, dots = [], []
    for i, (title, aggregate) in enumerate(values):
        score = aggregate.display if aggregate is not None else None
        value = number(score) if score is not None else "non évalué"
        angle = _angle(i, n)
        cos, sin = math.cos(angle), math.sin(angle)
        fraction = float(score) / 4 if score is not None else 0.0
        points.append(f"{radius * fraction * cos:.1f},{radius * fraction * sin:.1f}")
        dots.append((f"{radius * fraction * cos:.1f}", f"{radius * fraction * sin:.1f}"))
        texts: list[tuple[str, bool]]
        if numbered:
            texts = [(str(i + 1), True)]
        else:
            texts = [(t, False) for t in wrap(title, font, LABEL_WIDTH, lines=LABEL_LINES)]
            texts.append((value, True))
        width = max(text_width(t, font, bold=b) for t, b in texts)
        height = line * len(texts)
        px, py = (radius + gap) * cos, (radius + gap) * sin
        if abs(cos) < 0.15:  # above or below the radar: centred on its axis
            anchor, x = "middle", px - width / 2
        elif cos > 0:
            anchor, x = "start", px
        else:
            anchor, x = "end", px - width
        y = py - height * (1 - sin) / 2
        placed.append((i, title, value, texts, anchor, Box(x, y, width, height)))
    # Away from the centre, the labels nearest to it first, until none overlaps another.
    boxes: list[Box] = []
    order = sorted(range(n), key=lambda k: abs(placed[k][5].y + placed[k][5].height / 2))
    moved: dict[int, Box] = {}
    for k in order:
        box = placed[k][5]
        up = box.y + box.height / 2 < 0
        while True:
            hit = next((b for b in boxes if b.overlaps(box)), None)
            if hit is None:
                break
            box = Box(box.x, hit.y - box.height - 2 if up else hit.bottom + 2, box.width, box.height)
        boxes.append(box)
        moved[k] = box
    labels = []
    for i, title, value, texts, anchor, _ in placed:
        box = moved[i]
        x = box.x if anchor == "start" else box.right if anchor == "end" else box.x + box.width / 2
        lines = tuple((f"{box.y + base + j * line:.1f}", t, b) for j, (t, b) in enumerate(texts))
        labels.append(RadarLabel(i + 1, title, value, lines, f"{x:.1f}", anchor, box))
    rings = [
        " ".join(
            f"{radius * level / 4 * math.cos(_angle(i, n)):.1f},{radius * level / 4 * math.sin(_angle(i, n)):.1f}"
            for i in range(n)
        )
        for level in (1, 2, 3, 4)
    ]
    spokes = [
        (f"{radius * math.cos(_angle(i, n)):.1f}", f"{radius * math.sin(_angle(i, n)):.1f}") for i in range(n)
    ]
    whole = _bounds([Box(-radius - 2, -radius - 2, 2 * radius + 4, 2 * radius + 4), *boxes], MARGIN)
    return RadarChart(
        _view_box(whole),
        math.ceil(whole.width),
        math.ceil(whole.height),
        rings,
        spokes,
        " ".join(points),
        dots,
        labels,
        font,
        whole,
    )


# ---------------------------------------------------------------- horizontal bars of scores on 1–4

BAR_FONT = 13
BAR_ROW = 20
BAR_THICKNESS = 12
BAR_PLOT = 220  # the 1–4 scale
BAR_TOP = 20  # the scale's figures above the first bar


@dataclass(frozen=True)
class ScoreBar:
    code: str
    value: str  # « 3,12 », or « non coté »
    y: str  # top of the bar
    width: str  # from 1 on the scale
    text_x: str
    text_y: str
    rated: bool


@dataclass(frozen=True)
class ScoreBars:
    view_box: str
    width: int
    height: int
    label_x: str  # right edge of the codes
    plot_x: str  # x of 1 on the scale
    ticks: list[tuple[str, str]]  # (x, « 1 »…)
    bars: list[ScoreBar]
    bottom: str  # y where the scale's lines end
    box: Box
    text_boxes: list[Box]


def score_bar_columns(values: list[tuple[str, Any]], columns: int = 2) -> list[ScoreBars]:
    """The bars cut in `columns` charts of as many rows (the last may have fewer), their codes given the
    same width: side by side on a wide screen, one under the other on a phone, in the same order."""
    if not values:
        return []
    per = math.ceil(len(values) / columns)
    codes = max(text_width(code, BAR_FONT) for code, _ in values)
    return [score_bars(values[i : i + per], code_width=codes) for i in range(0, len(values), per)]


def score_bars(values: list[tuple[str, Any]], *, code_width: float | None = None) -> ScoreBars:
    """One bar per (code, score on 1–4 or None), in the order given, each from 1 to its score with the
    score written at its end; a row without a score says « non coté »."""
    if code_width is None:
        code_width = max((text_width(code, BAR_FONT) for code, _ in values), default=0.0)
    label = code_width + 8
    value_room = text_width("4,00", BAR_FONT, bold=True) + 6
    plot_x = label
    width = plot_x + BAR_PLOT + value_room + 2

    def x(v: float) -> float:
        return plot_x + (min(max(v, 1.0), 4.0) - 1) / 3 * BAR_PLOT

    bars, text_boxes = [], []
    for i, (code, score) in enumerate(values):
        row = BAR_TOP + i * BAR_ROW
        text_y = row + BAR_ROW / 2 + 0.36 * BAR_FONT
        if score is not None:
            end = x(float(score))
            text = number(score)
            text_x = end + 4
            bold = True
        else:
            end = plot_x
            text, text_x, bold = "non coté", plot_x + 4, False
        text_boxes.append(Box(text_x, row + 2, text_width(text, BAR_FONT, bold=bold), BAR_ROW - 4))
        text_boxes.append(
            Box(plot_x - 4 - text_width(code, BAR_FONT), row + 2, text_width(code, BAR_FONT), BAR_ROW - 4)
        )
        bars.append(
            ScoreBar(
                code,
                text,
                f"{row + (BAR_ROW - BAR_THICKNESS) / 2:.1f}",
                f"{max(end - plot_x, 2.0):.1f}",
                f"{text_x:.1f}",
                f"{text_y:.1f}",
                score is not None,
            )
        )
    height = BAR_TOP + len(values) * BAR_ROW + 4
    ticks = [(f"{x(v):.1f}", str(v)) for v in (1, 2, 3, 4)]
    whole = Box(0, 0, width, height)
    return ScoreBars(
        _view_box(whole),
        math.ceil(width),
        math.ceil(height),
        f"{plot_x - 4:.1f}",
        f"{plot_x:.1f}",
        ticks,
        bars,
        f"{height - 4:.1f}",
        whole,
        text_boxes,
    )


# ---------------------------------------------------------------- a few figures over time

TIME_WIDTH = 340  # drawn at its natural size on a phone too (358 px of page at 390)
TIME_FONT = 13
TIME_PLOT_HEIGHT = 120
TIME_TOP = 26  # room for the figures written above the points
TIME_BOTTOM = 24  # the years under the axis
STYLES = (("#1f4e8c", ""), ("#8a4b00", "7 4"), ("#1b5e20", "2 3"))  # colour and dash of each series


@dataclass(frozen=True)
class TimeSeries:
    name: str
    colour: str
    dash: str
    line: str  # polyline through the known values ("" with fewer than two)
    dots: list[tuple[str, str]]
    end: tuple[str, str, str] | None  # (x, y, text) after the last point, when the chart names its lines


@dataclass(frozen=True)
class PointLabel:
    x: str
    y: str
    letter: str  # bold, before the value
    value: str
    box: Box


@dataclass(frozen=True)
class TimeChart:
    view_box: str
    width: int
    height: int
    plot: Box
    x_ticks: list[tuple[str, str]]  # (x, year)
    y_ticks: list[tuple[str, str, str]]  # (y of the line, figure, y of its baseline)
    series: list[TimeSeries]
    point_labels: list[PointLabel]
    text_boxes: list[Box]
    font: int = TIME_FONT

    # Where a template draws the frame and writes the scale: strings, as SVG wants them (a dot).
    @property
    def left(self) -> str:
        return f"{self.plot.x:.1f}"

    @property
    def right(self) -> str:
        return f"{self.plot.right:.1f}"

    @property
    def top(self) -> str:
        return f"{self.plot.y:.1f}"

    @property
    def bottom(self) -> str:
        return f"{self.plot.bottom:.1f}"

    @property
    def tick_x(self) -> str:
        """Right edge of the scale's figures, before the frame."""
        return f"{self.plot.x - 6:.1f}"

    @property
    def year_y(self) -> str:
        """Baseline of the years under the frame."""
        return f"{self.plot.bottom + 6 + 0.95 * self.font:.1f}"


def spread_positions(fractions: list[float], gap: float) -> list[float]:
    """Positions on 0–1 in the given (ascending) order, moved as little as needed for each to be at
    least `gap` from the next; evenly spread when they cannot all be."""
    n = len(fractions)
    if n == 1:
        return [0.5]
    if gap * (n - 1) > 1:
        return [i / (n - 1) for i in range(n)]
    found = [min(max(f, 0.0), 1.0) for f in fractions]
    for i in range(1, n):
        found[i] = max(found[i], found[i - 1] + gap)
    found[-1] = min(found[-1], 1.0)
    for i in range(n - 2, -1, -1):
        found[i] = min(found[i], found[i + 1] - gap)
    return [round(f, 9) for f in found]


def score_range(
    values: list[float], *, low: float, high: float, step: float, least: float
) -> tuple[float, float]:
    """A range around `values` in whole `step`s, within low–high and at least `least` wide."""
    known = [v for v in values if v is not None]
    if not known:
        return low, high
    lo = max(low, math.floor((min(known) - step / 2) / step) * step)
    hi = min(high, math.ceil((max(known) + step / 2) / step) * step)
    while hi - lo < least:
        if lo > low:
            lo = max(low, lo - step)
        if hi - lo < least and hi < high:
            hi = min(high, hi + step)
        if lo <= low and hi >= high:
            break
    return lo, hi


def time_chart(
    days: list[Any],
    series: list[tuple[str, list[Any]]],
    *,
    scale: tuple[float, float],
    ticks: list[float],
    letters: list[str] | None = None,
    places: int = 2,
    name_lines: bool = False,
) -> TimeChart:
    """Lines of figures at dates (`days` ascending; each series a value or None per date) on `scale`.
    With `letters`, the first series' figures are written above its points (« B 73,7 »), when they
    fit side by side; with `name_lines`, each line is named after its last point."""
    lo, hi = scale
    tick_labels = [number(t, -1) for t in ticks]  # « 3 », « 3,5 », « 70 »
    left = max(text_width(t, TIME_FONT) for t in tick_labels) + 8
    ends: list[str] = []
    if name_lines:
        for name, values in series:
            last = next((v for v in reversed(values) if v is not None), None)
            ends.append(f"{name}\u202f: {number(last, places)}" if last is not None else name)
    right = (max(text_width(e, TIME_FONT) for e in ends) + 12) if ends else 10
    plot = Box(left, TIME_TOP, TIME_WIDTH - left - right, TIME_PLOT_HEIGHT)
    if hi <= lo:
        hi = lo + 1

    def y_of(v: float) -> float:
        return plot.y + (1 - (min(max(float(v), lo), hi) - lo) / (hi - lo)) * plot.height

    labels_text: list[tuple[str, str]] = []
    if letters is not None and series:
        labels_text = [
            (letter, number(v, places) if v is not None else "")
            for letter, v in zip(letters, series[0][1], strict=True)
        ]
    widest = max((_label_width(*t) for t in labels_text), default=0.0)
    inner = max(14.0, widest / 2 + 2)  # the first and last points away from the axes, their figures inside
    span = max(plot.width - 2 * inner, 1.0)
    year_width = text_width("0000", TIME_FONT)
    gap = max(widest, year_width) + 8
    first, last = days[0], days[-1]
    whole_days = (last - first).days
    fractions = [(d - first).days / whole_days if whole_days else 0.5 for d in days]
    positions = spread_positions(fractions, gap / span if span > 0 else 1.0)
    xs = [plot.x + inner + p * span for p in positions]
    fits = len(days) < 2 or min(b - a for a, b in pairwise(xs)) >= gap - 0.01
    text_boxes: list[Box] = []
    x_ticks = []
    shown_years: set[int] = set()
    previous = -math.inf
    for x, d in zip(xs, days, strict=True):
        if d.year in shown_years or x - previous < year_width + 6:
            continue
        shown_years.add(d.year)
        previous = x
        x_ticks.append((f"{x:.1f}", str(d.year)))
        text_boxes.append(Box(x - year_width / 2, plot.bottom + 6, year_width, TIME_FONT * 1.2))
    y_ticks = []
    for t, text in zip(ticks, tick_labels, strict=True):
        y_ticks.append((f"{y_of(t):.1f}", text, f"{y_of(t) + 0.35 * TIME_FONT:.1f}"))
        text_boxes.append(
            Box(
                left - 6 - text_width(text, TIME_FONT),
                y_of(t) - TIME_FONT * 0.8,
                text_width(text, TIME_FONT),
                TIME_FONT * 1.1,
            )
        )
    drawn = []
    end_boxes: list[tuple[int, float]] = []
    for k, (name, values) in enumerate(series):
        colour, dash = STYLES[k % len(STYLES)]
        dots = [(f"{x:.1f}", f"{y_of(v):.1f}") for x, v in zip(xs, values, strict=True) if v is not None]
        last_value = next((v for v in reversed(values) if v is not None), None)
        if name_lines and last_value is not None:
            end_boxes.append((k, y_of(last_value) + TIME_FONT * 0.35))
        drawn.append(
            (name, colour, dash, " ".join(f"{x},{y}" for x, y in dots) if len(dots) > 1 else "", dots)
        )
    # The names after the lines, moved apart downwards when two lines end close, then all moved up
    # together if the last one went past the axis.
    line = TIME_FONT * 1.25
    end_at: dict[int, float] = {}
    previous = -math.inf
    for k, y in sorted(end_boxes, key=lambda e: e[1]):
        end_at[k] = previous = max(y, previous + line)
    overflow = max(end_at.values(), default=0.0) - (plot.bottom + TIME_FONT * 0.35)
    if overflow > 0:
        end_at = {k: v - overflow for k, v in end_at.items()}
    result = []
    for k, (name, colour, dash, polyline, dots) in enumerate(drawn):
        end = None
        if k in end_at:
            end = (f"{xs[-1] + 8:.1f}", f"{end_at[k]:.1f}", ends[k])
            text_boxes.append(
                Box(xs[-1] + 8, end_at[k] - TIME_FONT * 0.8, text_width(ends[k], TIME_FONT), TIME_FONT * 1.1)
            )
        result.append(TimeSeries(name, colour, dash, polyline, dots, end))
    point_labels = []
    if labels_text:
        # Every point's figure when they fit side by side, else the latest only.
        for i, (x, (letter, value), v) in enumerate(zip(xs, labels_text, series[0][1], strict=True)):
            if v is None or not (fits or i == len(xs) - 1):
                continue
            w = _label_width(letter, value)
            lx = min(max(x - w / 2, plot.x), plot.right - w)
            top = y_of(v) - 8 - TIME_FONT
            box = Box(lx, top - 1, w, TIME_FONT + 2)
            point_labels.append(PointLabel(f"{lx:.1f}", f"{top + TIME_FONT * 0.85:.1f}", letter, value, box))
            text_boxes.append(box)
    height = plot.bottom + TIME_BOTTOM
    whole = Box(0, 0, TIME_WIDTH, height)
    return TimeChart(
        _view_box(whole),
        TIME_WIDTH,
        math.ceil(height),
        plot,
        x_ticks,
        y_ticks,
        result,
        point_labels,
        text_boxes,
    )


def _label_width(letter: str, value: str) -> float:
    """« B 73,7 »: the letter bold, a space, the figure."""
    if not letter:
        return text_width(value, TIME_FONT)
    return text_width(letter, TIME_FONT, bold=True) + text_width(f" {value}", TIME_FONT)


# ---------------------------------------------------------------- progress markers over time


def marker_timeline(
    markers: list[tuple[str, list[tuple[Any, int]]]], levels: list[str]
) -> tuple[TimeChart | None, str]:
    """The progress markers of one partner over time (Outcome Mapping): one step line per marker
    (`markers`: its short name, « 1 », « 2 »…, and its points, a date and a level's index in
    `levels`, « Pas encore » … « Pleinement »), each line named after the period's end, its own
    colour and dash, shifted a little from the others so that lines on the same level stay apart.
    The x axis spans the period from the first to the last observation, its ends written in French
    (« mars 2025 »). Returns the chart and its text alternative; no chart, and a sentence, when no
    marker has an observation."""
    styles = (
        ("#1f4e8c", ""),
        ("#8a4b00", "7 4"),
        ("#1b5e20", "2 3"),
        ("#6a1b9a", "10 3 2 3"),
        ("#9b1c1c", "4 2"),
        ("#00606b", "1 4"),
    )
    drawn_markers = [(name, sorted(points, key=lambda p: p[0])) for name, points in markers if points]
    if not drawn_markers or not levels:
        return None, "Aucune observation consignée pour ces marqueurs : pas encore de courbe."
    top = len(levels) - 1 or 1
    days = sorted({day for _, points in drawn_markers for day, _ in points})
    first, last = days[0], days[-1]
    line = TIME_FONT * 1.25
    left = max(text_width(level, TIME_FONT) for level in levels) + 10
    right = max(text_width(name, TIME_FONT) for name, _ in drawn_markers) + 14
    height = max(float(TIME_PLOT_HEIGHT), line * (len(drawn_markers) + 1))
    plot = Box(left, TIME_TOP, max(TIME_WIDTH - left - right, 60.0), height)
    inner = 8.0
    span = plot.width - 2 * inner
    whole_days = (last - first).days

    def x_of(day: Any) -> float:
        return plot.x + inner + ((day - first).days / whole_days if whole_days else 0.5) * span

    spread = min(3.0, 16.0 / max(len(drawn_markers), 1))  # lines on one level, side by side

    def y_of(value: int, k: int) -> float:
        shift = (k - (len(drawn_markers) - 1) / 2) * spread
        return plot.y + (1 - min(max(value, 0), top) / top) * plot.height + shift

    text_boxes: list[Box] = []
    y_ticks = []
    for i, level in enumerate(levels):
        y = plot.y + (1 - i / top) * plot.height
        y_ticks.append((f"{y:.1f}", level, f"{y + 0.35 * TIME_FONT:.1f}"))
        w = text_width(level, TIME_FONT)
        text_boxes.append(Box(left - 6 - w, y - TIME_FONT * 0.8, w, TIME_FONT * 1.1))
    x_ticks = []
    ends_text = (
        [month_year(first)]
        if first.year == last.year and first.month == last.month
        else [
            month_year(first),
            month_year(last),
        ]
    )
    for day, text in zip((first, last), ends_text, strict=False):
        w = text_width(text, TIME_FONT)
        x = (
            min(max(x_of(day), plot.x + w / 2), plot.right - w / 2)
            if len(ends_text) > 1
            else plot.x + plot.width / 2
        )
        x_ticks.append((f"{x:.1f}", text))
        text_boxes.append(Box(x - w / 2, plot.bottom + 6, w, TIME_FONT * 1.2))
    end_x = x_of(last)
    series = []
    wanted: list[tuple[int, float]] = []
    for k, (name, points) in enumerate(drawn_markers):
        colour, dash = styles[k % len(styles)]
        by_day: dict[Any, int] = {}
        for day, value in points:
            by_day[day] = value
        steps = sorted(by_day.items())
        dots = [(f"{x_of(day):.1f}", f"{y_of(value, k):.1f}") for day, value in steps]
        path: list[str] = []
        for (day, value), (next_day, _) in zip(steps, [*steps[1:], (last, steps[-1][1])], strict=True):
            path.append(f"{x_of(day):.1f},{y_of(value, k):.1f}")
            path.append(f"{x_of(next_day):.1f},{y_of(value, k):.1f}")
        series.append((name, colour, dash, " ".join(path) if end_x > x_of(steps[0][0]) else "", dots))
        wanted.append((k, y_of(steps[-1][1], k) + TIME_FONT * 0.35))
    # The names after the lines, moved apart downwards, then up from the bottom as far as needed
    # (the plot is high enough for all of them, a line each).
    order = [k for k, _ in sorted(wanted, key=lambda e: (e[1], e[0]))]
    at = dict(wanted)
    lowest = plot.bottom + TIME_FONT * 0.35
    end_at: dict[int, float] = {}
    previous = -math.inf
    for k in order:
        end_at[k] = previous = max(at[k], previous + line)
    following = math.inf
    for k in reversed(order):
        end_at[k] = following = min(end_at[k], following - line, lowest)
    result = []
    for k, (name, colour, dash, polyline, dots) in enumerate(series):
        result.append(
            TimeSeries(name, colour, dash, polyline, dots, (f"{end_x + 8:.1f}", f"{end_at[k]:.1f}", name))
        )
        text_boxes.append(
            Box(end_x + 8, end_at[k] - TIME_FONT * 0.8, text_width(name, TIME_FONT), TIME_FONT * 1.1)
        )
    bottom = plot.bottom + TIME_BOTTOM
    whole = Box(0, 0, TIME_WIDTH, math.ceil(bottom))
    period = f"le {long_date(first)}" if first == last else f"du {long_date(first)} au {long_date(last)}"
    said = [
        f"marqueur {name} : "
        + (
            f"{levels[min(max(points[0][1], 0), top)]}"
            if len(points) == 1
            else f"de {levels[min(max(points[0][1], 0), top)]} à {levels[min(max(points[-1][1], 0), top)]}"
        ).lower()
        + f" ({len(points)} observation{'s' if len(points) > 1 else ''})"
        for name, points in drawn_markers
    ]
    words = f"Observations des marqueurs {period} ; " + " ; ".join(said) + "."
    return (
        TimeChart(
            _view_box(whole), TIME_WIDTH, math.ceil(bottom), plot, x_ticks, y_ticks, result, [], text_boxes
        ),
        words,
    )
