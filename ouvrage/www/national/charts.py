"""Server-drawn SVG of published distributions (no JavaScript), as the radar of the results page:
coordinates computed here, drawn by a template, each chart with its words for screen readers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ouvrage.core.numbers import truncated
from ouvrage.national.distribution import Spread

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


def strip(found: Spread, bounds: tuple[float, float], *, label: str, scope: str) -> Strip:
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
    ours = None
    if found.ours is not None:
        x = _x(float(found.ours), bounds)
        ours = f"{x:.1f},{MID - 7} {x + 6:.1f},{MID} {x:.1f},{MID + 7} {x - 6:.1f},{MID}"
    words = [f"{label}, {scope} : {evaluations(found.count)} publiée{'s' if found.count > 1 else ''}"]
    if found.quartiles is not None:
        words.append(
            f"médiane {number(found.median)}, la moitié entre {number(found.quartiles[0])} et {number(found.quartiles[1])}"
        )
    elif found.count:
        words.append(f"trop peu pour des quartiles, médiane {number(found.median)}")
    if found.ours is not None:
        words.append(f"votre évaluation {number(found.ours)}")
    return Strip(ticks, box, whisker, median, dots, ours, " ; ".join(words) + ".")


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


def histogram(values: Iterable[float], ours: Decimal | None, *, scope: str) -> Histogram:
    """The published means on 100 of the category in bins of 5 points, the establishment's marked."""
    counts = [0] * (100 // BIN)
    for v in values:
        counts[min(int(float(v) // BIN), len(counts) - 1)] += 1
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
