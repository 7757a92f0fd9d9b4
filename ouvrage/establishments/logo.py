"""An establishment's logo, as the documents print it: any PNG or JPEG a person uploads is read with
Pillow, checked, shrunk and written again as a small PNG (no metadata, nothing but pixels kept)."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000  # beyond this, decoding alone could take the server's memory
BOX = (600, 240)  # the logo is printed at most 60 × 24 mm


class LogoRefused(ValueError):
    pass


def normalised_logo(data: bytes, name: str) -> bytes:
    """The logo as a PNG of at most 600 × 240 pixels, or LogoRefused with a French sentence."""
    if len(data) > MAX_BYTES:
        raise LogoRefused(f"« {name} » pèse plus de 2 Mo : choisissez une image plus légère.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in {"PNG", "JPEG"}:
                    raise LogoRefused(f"« {name} » n'est pas une image PNG ou JPEG.")
                if probe.width * probe.height > MAX_PIXELS:
                    raise LogoRefused(f"« {name} » est trop grande ({probe.width} × {probe.height} pixels).")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                picture = image.convert("RGBA")
    except LogoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        raise LogoRefused(f"« {name} » n'est pas une image PNG ou JPEG lisible.") from None
    picture.thumbnail(BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
