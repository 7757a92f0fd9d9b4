"""One way to cut a figure to two decimals, everywhere (pages, PDF, spreadsheets). Plain Python.

Since 9 October 2024 the HAS truncates its figures to two decimals instead of rounding them
(docs/scoring.md): a chapter mean of 3.125 is 3.12, never 3.13. Every figure Ouvrage shows or exports
goes through `truncated`, so that the page, the PDF and the spreadsheet cannot disagree.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Number = Decimal | Fraction | int | float


def truncated(value: Number | None, places: int = 2) -> Decimal | None:
    """`value` cut (not rounded) to `places` decimals, computed exactly (no binary float on the way)."""
    if value is None:
        return None
    exact = Fraction(value) if not isinstance(value, float) else Fraction(str(value))
    return Decimal(math.trunc(exact * 10**places)).scaleb(-places)
