"""Server-drawn SVG charts (no JavaScript): coordinates computed here, drawn by a template."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ouvrage.core.formatting import number

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
