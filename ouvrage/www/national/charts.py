"""Server-drawn SVG of published distributions (no JavaScript), as the radar of the results page:
coordinates computed here, drawn by a template, each chart with its words for screen readers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar, cast

from ouvrage.core.charts import text_width
from ouvrage.core.numbers import truncated
from ouvrage.national.distribution import Spread

T = TypeVar("T")
NNBSP = "\u202f"


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """French writing of a figure: decimal comma, narrow no-break space between thousands."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", NNBSP)
    cut = truncated(value, places)
    whole, _, decimals = f"{cut:.{places}f}".partition(".")
    whole = f"{int(whole):,}".replace(",", NNBSP) if whole.lstrip("-").isdigit() else whole
    return f"{whole},{decimals}" if decimals else whole


def evaluations(n: int) -> str:
    return f"{number(n)} évaluation{'s' if n > 1 else ''}"


@dataclass(frozen=True)
class Strip:
    """One row's distribution on its scale: how many published evaluations have each score (small
    bars, or a dot per value below MIN_FOR_QUARTILES), the middle half (first to third quartile) as a
    band under the axis with the median across it, and the establishment's figure as a red line with
    « vous : 3,12 » above it."""

    ticks: list[tuple[str, str]]  # (x, label)
    bars: list[tuple[str, str, str]]  # (x, y, height) of each bin with values
    bar_width: str
    band: tuple[str, str] | None  # (x, width) of the first to third quartile
    median: str | None
    dots: list[str]
    ours: str | None  # x of the establishment's line
    ours_text: str  # « vous : 3,12 »
    ours_text_x: str  # start of that text, kept inside the chart
    label: str  # the chart in words


WIDTH, HEIGHT = 260, 64
PAD = 13  # room for half a tick label (« 100 ») at each end
FONT = 12  # 9 pt: the strip is drawn at its natural size (its table scrolls sideways on a phone)
BARS_TOP, AXIS = 17, 42  # the bars stand on the axis
BAND = (44, 5)  # y and height of the quartile band
TICK_Y = 60  # baseline of the scale's figures
BINS = {(1.0, 4.0): 30, (0.0, 100.0): 20}  # 0,1 point of a note, 5 points on 100


def _x(value: float, bounds: tuple[float, float]) -> float:
    lo, hi = bounds
    value = min(max(value, lo), hi)
    return PAD + (value - lo) / (hi - lo) * (WIDTH - 2 * PAD)


def _f(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class _Drawn:
    """What a strip draws of the published values alone, the same for every establishment."""

    ticks: list[tuple[str, str]]
    bars: list[tuple[str, str, str]]
    bar_width: str
    band: tuple[str, str] | None
    median: str | None
    dots: list[str]
    words: str  # after « label, scope : »


# Drawn once per published values (an import's ordered values stay the same objects in the process,
# national/selectors.py), keyed by the identity of the values and the scale; each entry holds its
# values, so that an identity cannot be reused while its entry lives.
_DRAWN: OrderedDict[tuple[int, object], tuple[Sequence[float], Any]] = OrderedDict()
DRAWN = 4096


def _memo(values: Sequence[float], how: object, compute: Callable[[], T]) -> T:
    key = (id(values), how)
    hit = _DRAWN.get(key)
    if hit is not None and hit[0] is values:
        return cast(T, hit[1])
    found = compute()
    _DRAWN[key] = (values, found)
    while len(_DRAWN) > DRAWN:
        _DRAWN.popitem(last=False)
    return found


def _drawn(found: Spread, bounds: tuple[float, float]) -> _Drawn:
    return _memo(found.values, bounds, lambda: _draw(found, bounds))


def bins(values: Sequence[float], bounds: tuple[float, float], count: int) -> list[int]:
    """How many values fall in each of `count` equal bins of the scale (the top value in the last)."""
    lo, hi = bounds
    counts = [0] * count
    for v in values:
        i = int((min(max(float(v), lo), hi) - lo) / (hi - lo) * count)
        counts[min(i, count - 1)] += 1
    return counts


def _draw(found: Spread, bounds: tuple[float, float]) -> _Drawn:
    lo, hi = bounds
    step = (hi - lo) / (3 if hi == 4.0 else 4)
    ticks = [
        (_f(_x(lo + i * step, bounds)), number(round(lo + i * step))) for i in range(4 if hi == 4.0 else 5)
    ]
    band = median = None
    bars: list[tuple[str, str, str]] = []
    dots: list[str] = []
    count = BINS.get(bounds, 20)
    width = (WIDTH - 2 * PAD) / count
    if found.count and found.quartiles is not None and found.median is not None:
        counts = bins(found.values, bounds, count)
        top = max(counts)
        for i, n in enumerate(counts):
            if n:
                height = max((AXIS - BARS_TOP) * n / top, 1.5)
                bars.append((_f(PAD + i * width + 0.5), _f(AXIS - height), _f(height)))
        q1, q3 = (_x(float(q), bounds) for q in found.quartiles)
        band = (_f(q1), _f(max(q3 - q1, 2.0)))
        median = _f(_x(float(found.median), bounds))
    else:
        dots = [_f(_x(v, bounds)) for v in found.values]
    words = [f"{evaluations(found.count)} publiée{'s' if found.count > 1 else ''}"]
    if found.quartiles is not None:
        words.append(
            f"médiane {number(found.median)}, la moitié entre {number(found.quartiles[0])} et {number(found.quartiles[1])}"
        )
    elif found.count:
        words.append(f"trop peu pour des quartiles, médiane {number(found.median)}")
    return _Drawn(ticks, bars, _f(max(width - 1, 1.0)), band, median, dots, " ; ".join(words))


def ours_text(value: Decimal | float, x: float, width: float, font: float) -> tuple[str, float]:
    """« vous : 3,12 » and where it starts: centred on `x`, moved to stay inside 0–`width`."""
    text = f"vous{NNBSP}: {number(value)}"
    wide = text_width(text, font, bold=True)
    return text, min(max(x - wide / 2, 1.0), width - 1.0 - wide)


def strip(found: Spread, bounds: tuple[float, float], *, label: str, scope: str) -> Strip:
    drawn = _drawn(found, bounds)
    ours = None
    text, start = "", 0.0
    words = f"{label}, {scope} : {drawn.words}"
    if found.ours is not None:
        x = _x(float(found.ours), bounds)
        ours = _f(x)
        text, start = ours_text(found.ours, x, WIDTH, FONT)
        words += f" ; votre évaluation {number(found.ours)}"
    return Strip(
        drawn.ticks,
        drawn.bars,
        drawn.bar_width,
        drawn.band,
        drawn.median,
        drawn.dots,
        ours,
        text,
        _f(start),
        words + ".",
    )


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    height: str
    low: int
    high: int
    count: int

    @property
    def range(self) -> str:
        return f"de {self.low} à {self.high}" if self.high == 100 else f"de {self.low} à moins de {self.high}"


@dataclass(frozen=True)
class Histogram:
    bars: list[Bar]
    bar_width: str
    top: int  # the highest count
    ours: str | None  # x of the establishment's mean
    ours_label: str
    label: str
    total: int
    ours_text: str = ""  # « vous : 70,29 »
    ours_text_x: str = "0"
    left: str = "0"  # x of the scale's 0, where the counts are written (right-aligned) before it
    ticks: tuple[tuple[str, str], ...] = ()  # (x, « 0 »…« 100 »)
    top_label: str = ""  # the highest count, French
    count_x: str = "0"  # right edge of the counts
    right: str = "0"  # x of the scale's 100


H_WIDTH, H_HEIGHT, H_TOP, H_BOTTOM, H_FONT = 360, 178, 28, 148, 14  # bars from y=28 to the axis at 148
H_RIGHT = 14  # room for half of « 100 »
BIN = 5


def _binned(values: Sequence[float]) -> list[int]:
    return bins(values, (0.0, 100.0), 100 // BIN)


def histogram(values: Sequence[float], ours: Decimal | None, *, scope: str) -> Histogram:
    """The published means on 100 of the category in bins of 5 points, the establishment's marked
    (counted once per published values). Drawn at most at its natural size (360 px, 14 px text),
    12.6 px text in a card on a 390 px phone."""
    counts = _memo(values, "histogram", lambda: _binned(values))
    top = max(counts) or 1
    top_label = number(max(counts))
    left = max(text_width(top_label, H_FONT), text_width("0", H_FONT)) + 10
    plot = H_WIDTH - left - H_RIGHT
    width = plot / len(counts)
    bars = []
    for i, n in enumerate(counts):
        height = (H_BOTTOM - H_TOP) * n / top
        bars.append(
            Bar(_f(left + i * width + 1), _f(H_BOTTOM - height), _f(height), i * BIN, (i + 1) * BIN, n)
        )
    x = None
    text, start = "", 0.0
    if ours is not None:
        at = left + float(min(max(ours, Decimal(0)), Decimal(100))) / 100 * plot
        x = _f(at)
        text, start = ours_text(ours, at, H_WIDTH, H_FONT)
    ticks = tuple((_f(left + t / 100 * plot), number(t)) for t in (0, 25, 50, 75, 100))
    total = sum(counts)
    busiest = max(range(len(counts)), key=lambda i: counts[i])
    words = f"Moyennes sur 100 publiées, {scope} : {evaluations(total)}, la tranche la plus fournie va de {busiest * BIN} à {(busiest + 1) * BIN}"
    if ours is not None:
        words += f" ; votre évaluation : {number(ours)}"
    return Histogram(
        bars,
        _f(max(width - 2, 1.0)),
        top,
        x,
        number(ours),
        words + ".",
        total,
        text,
        _f(start),
        _f(left),
        ticks,
        top_label,
        _f(left - 6),
        _f(left + plot),
    )
