"""Server-drawn SVG of published distributions (no JavaScript), as the radar of the results page:
coordinates computed here, drawn by a template, each chart with its words for screen readers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar, cast

from ouvrage.core.numbers import truncated
from ouvrage.national.distribution import Spread

T = TypeVar("T")
NNBSP = "\u202f"
WIDTH = 240
PAD = 8
MID = 14


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
    """One row's distribution on its scale: a box (quartiles), whiskers (lowest to highest) and the
    median, or the few published values as dots; the establishment's figure as a diamond."""

    ticks: list[tuple[str, str]]  # (x, label)
    box: tuple[str, str] | None  # (x, width)
    whisker: tuple[str, str] | None  # (x1, x2)
    median: str | None
    dots: list[str]
    ours: str | None  # diamond points
    label: str  # the chart in words


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
    box: tuple[str, str] | None
    whisker: tuple[str, str] | None
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


def _draw(found: Spread, bounds: tuple[float, float]) -> _Drawn:
    lo, hi = bounds
    step = (hi - lo) / (3 if hi == 4.0 else 4)
    ticks = [
        (_f(_x(lo + i * step, bounds)), number(round(lo + i * step))) for i in range(4 if hi == 4.0 else 5)
    ]
    box = whisker = median = None
    dots: list[str] = []
    if found.count and found.quartiles is not None and found.median is not None:
        q1, q3 = (_x(float(q), bounds) for q in found.quartiles)
        box = (_f(q1), _f(max(q3 - q1, 1.0)))
        whisker = (_f(_x(found.values[0], bounds)), _f(_x(found.values[-1], bounds)))
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
    return _Drawn(ticks, box, whisker, median, dots, " ; ".join(words))


def strip(found: Spread, bounds: tuple[float, float], *, label: str, scope: str) -> Strip:
    drawn = _drawn(found, bounds)
    ours = None
    words = f"{label}, {scope} : {drawn.words}"
    if found.ours is not None:
        x = _x(float(found.ours), bounds)
        ours = f"{x:.1f},{MID - 7} {x + 6:.1f},{MID} {x:.1f},{MID + 7} {x - 6:.1f},{MID}"
        words += f" ; votre évaluation {number(found.ours)}"
    return Strip(drawn.ticks, drawn.box, drawn.whisker, drawn.median, drawn.dots, ours, words + ".")


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


H_WIDTH, H_HEIGHT, H_LEFT, H_TOP, H_BOTTOM = 400, 150, 36, 14, 118  # plot from y=14 to y=118
BIN = 5


def _binned(values: Sequence[float]) -> list[int]:
    counts = [0] * (100 // BIN)
    for v in values:
        counts[min(int(float(v) // BIN), len(counts) - 1)] += 1
    return counts


def histogram(values: Sequence[float], ours: Decimal | None, *, scope: str) -> Histogram:
    """The published means on 100 of the category in bins of 5 points, the establishment's marked
    (counted once per published values)."""
    counts = _memo(values, "histogram", lambda: _binned(values))
    top = max(counts) or 1
    width = (H_WIDTH - H_LEFT - 8) / len(counts)
    bars = []
    for i, n in enumerate(counts):
        height = (H_BOTTOM - H_TOP) * n / top
        bars.append(
            Bar(_f(H_LEFT + i * width + 1), _f(H_BOTTOM - height), _f(height), i * BIN, (i + 1) * BIN, n)
        )
    x = None
    if ours is not None:
        x = _f(H_LEFT + float(min(max(ours, Decimal(0)), Decimal(100))) / 100 * (H_WIDTH - H_LEFT - 8))
    total = sum(counts)
    busiest = max(range(len(counts)), key=lambda i: counts[i])
    words = f"Moyennes sur 100 publiées, {scope} : {evaluations(total)}, la tranche la plus fournie va de {busiest * BIN} à {(busiest + 1) * BIN}"
    if ours is not None:
        words += f" ; votre évaluation : {number(ours)}"
    return Histogram(bars, _f(width - 2), top, x, number(ours), words + ".", total)
