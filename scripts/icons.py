"""Draw Ouvrage's mark: an arch of five stones on two piers, its keystone in ochre — a work built
stone by stone ("remettre à l'ouvrage"). One geometry, written as SVG (the header's mark, the
favicon) and painted with Pillow for the PNG fallbacks (favicon-32.png, apple-touch-icon.png).

    python scripts/icons.py          # rewrites ouvrage/www/static/ouvrage/{favicon.svg,*.png}
    python scripts/icons.py --inline # prints the <svg> the header inlines (base.html)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "ouvrage" / "www" / "static" / "ouvrage"

SIZE = 64
TILE_RADIUS = 14
BLUE = "#1f4e8c"
WHITE = "#ffffff"
OCHRE = "#d9a441"
CX, CY = 32.0, 34.0  # the arch's centre, on its springing line
OUTER, INNER = 21.0, 11.0
KEY_OUT = 23.5  # the keystone stands out a little
JOINT = 0.05  # half the angle of a joint between stones, in radians
PIER_TOP, PIER_BOTTOM = 35.4, 53.0
STONES = 5


def point(radius: float, angle: float) -> tuple[float, float]:
    """A point of the arch; angles counter-clockwise from the right, y downwards as in SVG."""
    return CX + radius * math.cos(angle), CY - radius * math.sin(angle)


def stones() -> list[tuple[float, float, float, str]]:
    """(first angle, last angle, outer radius, colour) of each stone, right to left."""
    step = math.pi / STONES
    out = []
    for i in range(STONES):
        first = i * step + (JOINT if i else 0.0)
        last = (i + 1) * step - (JOINT if i < STONES - 1 else 0.0)
        key = i == STONES // 2
        out.append((first, last, KEY_OUT if key else OUTER, OCHRE if key else WHITE))
    return out


def piers() -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of the two piers."""
    width = OUTER - INNER
    return [
        (CX - OUTER, PIER_TOP, width, PIER_BOTTOM - PIER_TOP),
        (CX + INNER, PIER_TOP, width, PIER_BOTTOM - PIER_TOP),
    ]


def fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg(*, inline: bool = False) -> str:
    parts = []
    for first, last, outer, colour in stones():
        (ox1, oy1), (ox2, oy2) = point(outer, first), point(outer, last)
        (ix2, iy2), (ix1, iy1) = point(INNER, last), point(INNER, first)
        parts.append(
            f'<path fill="{colour}" d="M{fmt(ox1)} {fmt(oy1)}A{fmt(outer)} {fmt(outer)} 0 0 0 {fmt(ox2)} '
            f'{fmt(oy2)}L{fmt(ix2)} {fmt(iy2)}A{fmt(INNER)} {fmt(INNER)} 0 0 1 {fmt(ix1)} {fmt(iy1)}Z"/>'
        )
    for x, y, w, h in piers():
        parts.append(f'<rect fill="{WHITE}" x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"/>')
    body = "".join(parts)
    tile = f'<rect width="{SIZE}" height="{SIZE}" rx="{TILE_RADIUS}" fill="{BLUE}"/>'
    if inline:
        return (
            f'<svg class="brand-mark" viewBox="0 0 {SIZE} {SIZE}" aria-hidden="true" focusable="false">'
            f"{tile}{body}</svg>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f"<title>Ouvrage</title>{tile}{body}</svg>\n"
    )


def png(pixels: int, *, square: bool = False) -> Image.Image:
    """The mark painted eight times larger, then reduced (smooth edges without a vector renderer)."""
    scale = pixels * 8 / SIZE
    big = Image.new("RGBA", (pixels * 8, pixels * 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    radius = 0 if square else TILE_RADIUS * scale
    draw.rounded_rectangle((0, 0, pixels * 8 - 1, pixels * 8 - 1), radius=radius, fill=BLUE)
    for first, last, outer, colour in stones():
        steps = 48
        outline = [point(outer, first + (last - first) * k / steps) for k in range(steps + 1)]
        outline += [point(INNER, last - (last - first) * k / steps) for k in range(steps + 1)]
        draw.polygon([(x * scale, y * scale) for x, y in outline], fill=colour)
    for x, y, w, h in piers():
        draw.rectangle((x * scale, y * scale, (x + w) * scale, (y + h) * scale), fill=WHITE)
    return big.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> None:
    if "--inline" in sys.argv:
        print(svg(inline=True))
        return
    (STATIC / "favicon.svg").write_text(svg(), encoding="utf-8")
    png(32).save(STATIC / "favicon-32.png", optimize=True)
    # iOS draws its own rounded corners: a full square.
    png(180, square=True).convert("RGB").save(STATIC / "apple-touch-icon.png", optimize=True)
    print("favicon.svg, favicon-32.png, apple-touch-icon.png written in", STATIC)


if __name__ == "__main__":
    main()
