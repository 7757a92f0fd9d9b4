"""`{{ value|two }}`: a figure cut to two decimals as every output cuts it (core.numbers), shown
with the decimal comma. Loaded in every template (settings: builtins)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from ouvrage.core.formatting import number
from ouvrage.core.numbers import truncated

register = template.Library()


@register.filter
def two(value: Decimal | Fraction | int | float | None) -> Decimal | str:
    if value is None or value == "":
        return ""
    cut = truncated(value)
    return cut if cut is not None else ""


@register.filter
def sub(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    """`{{ a|sub:b }}`: a − b (None if either is missing)."""
    if value is None or other is None or value == "" or other == "":
        return None
    return Decimal(value) - Decimal(other)


@register.filter
def thousands(value: int | None) -> str:
    """`{{ 21000|thousands }}`: « 21 000 », a narrow no-break space between thousands (French)."""
    if value is None or value == "":
        return ""
    return number(int(value))
