"""French figures, dates and counts in every template (a builtin: no `{% load %}`), through
`core.formatting`, the one module pages and documents share.

- `{{ value|number }}`, `{{ value|number:1 }}`: « 1 234,5 »;
- `{{ value|percent }}`: « 42 % »;
- `{{ count|counted:"critère" }}`, `{{ count|counted:"travail,travaux" }}`: « 0 critère », « 2 critères »;
- Django's `date` filter with « 1er » on the first day of a month (`|date:"j F Y"` → « 1er décembre
  2026 »), and its `pluralize` with the French rule (singular for 0 and 1): they replace Django's
  filters of the same names, so no template can write « du 1 décembre » or « 0 critères ».
"""

from __future__ import annotations

from datetime import date as day_type
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils import dateformat, formats

from ouvrage.core.formatting import counted as counted_words
from ouvrage.core.formatting import french_date_format, is_plural
from ouvrage.core.formatting import number as number_text
from ouvrage.core.formatting import percent as percent_text

register = template.Library()


def _blank(value: Any) -> bool:
    return value is None or value == ""


@register.filter(is_safe=True)
def number(value: Any, places: int | str | None = None) -> str:
    if _blank(value):
        return ""
    try:
        return number_text(_value(value), _places(places))
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


@register.filter(is_safe=True)
def percent(value: Any, places: int | str = 0) -> str:
    if _blank(value):
        return ""
    try:
        return percent_text(_value(value), _places(places) or 0)
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


@register.filter(is_safe=False)
def counted(value: Any, words: str) -> str:
    """`{{ n|counted:"critère" }}` or `{{ n|counted:"singulier,pluriel" }}`."""
    singular, _, plural_form = words.partition(",")
    count = len(value) if isinstance(value, (list, tuple, set, dict)) else value
    return counted_words(count or 0, singular, plural_form or None)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, with « 1er » for the first day of a month written in words."""
    if _blank(value):
        return ""
    if not isinstance(value, day_type):
        return str(defaultfilters.date(value, arg))  # a time: nothing French to add
    chosen = formats.get_format(arg or "DATE_FORMAT")
    return dateformat.format(value, french_date_format(chosen, value.day))


@register.filter(is_safe=False)
def pluralize(value: Any, arg: str = "s") -> str:
    """Django's `pluralize` with the French rule: the plural from two on (« 0 critère »)."""
    singular_suffix, comma, plural_suffix = arg.partition(",")
    if not comma:
        singular_suffix, plural_suffix = "", arg
    try:
        return plural_suffix if is_plural(float(value)) else singular_suffix
    except (TypeError, ValueError):
        try:
            return plural_suffix if len(value) >= 2 else singular_suffix
        except TypeError:
            return ""


def _places(places: int | str | None) -> int | None:
    if places is None or places == "":
        return None
    return int(places)


def _value(value: Any) -> Any:
    return Decimal(value.strip()) if isinstance(value, str) else value
