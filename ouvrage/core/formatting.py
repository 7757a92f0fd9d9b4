"""Figures, dates and counts written as French people write them, in pages and documents. Plain Python.

- a figure has a decimal comma and a narrow no-break space (U+202F) between thousands: « 1 234,5 »
  (the minus sign stays the ASCII hyphen, which spreadsheets and screen readers understand);
- a percentage has a narrow no-break space before its sign: « 42 % »;
- the first day of a month is « 1er »: « du 1er décembre 2026 », « le 2 décembre »;
- a count takes the singular below two: « 0 critère », « 1 critère », « 2 critères ».

Templates reach these through `{% load %}`-free filters (core/templatetags/french.py, a builtin):
`|number`, `|percent`, `|counted`, and Django's own `date` and `pluralize` made French.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

NNBSP = "\u202f"  # narrow no-break space: between thousands, before « % », « ; », « : »…
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

Number = Decimal | Fraction | int | float


def _decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("un booléen n'est pas un nombre")
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, float):
        exact = Decimal(repr(value))  # the shortest decimal that reads back as this float
    elif isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(value)
    if not exact.is_finite():
        raise ValueError(f"{value!r} n'est pas un nombre fini")
    return exact


def _grouped(digits: str) -> str:
    """« 1234567 » → « 1 234 567 » (narrow no-break spaces), from four digits on."""
    if len(digits) < 4:
        return digits
    head = len(digits) % 3 or 3
    return NNBSP.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def number(value: Number, places: int | None = None) -> str:
    """A figure in French: « 3,12 », « 21 000 », « -0,5 ».

    `places` None writes the value as it is (a Decimal keeps its decimals, a float its shortest
    form); a number fixes the decimals, rounded half up as a person would (HAS figures are cut
    beforehand with `numbers.truncated`); a negative number keeps at most that many decimals and
    none for a whole value (Django's `floatformat:-2`)."""
    exact = _decimal(value)
    if places is not None:
        keep = abs(places)
        exact = exact.quantize(Decimal(1).scaleb(-keep), rounding=ROUND_HALF_UP)
        if places < 0 and exact == exact.to_integral_value():
            exact = exact.quantize(Decimal(1))
    text = format(exact, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    return f"{sign}{_grouped(whole)}{',' + fraction if fraction else ''}"


FRENCH_NUMBER = re.compile(r"^-?\d{1,3}(\u202f\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def parse_number(text: str) -> Decimal:
    """The value of a figure written by `number` (« 1 234,5 » → Decimal('1234.5'))."""
    if not FRENCH_NUMBER.match(text):
        raise ValueError(f"« {text} » n'est pas un nombre écrit en français")
    try:
        return Decimal(text.replace(NNBSP, "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above lets only numbers through
        raise ValueError(f"« {text} » n'est pas un nombre") from None


def percent(value: Number, places: int = 0) -> str:
    """A percentage already multiplied by 100: « 42 % », « 12,5 % » (`places=1`)."""
    return f"{number(value, places)}{NNBSP}%"


def is_plural(count: Number) -> bool:
    """French takes the plural from two on: « 0 critère », « 1,5 heure », « 2 critères »."""
    return abs(_decimal(count)) >= 2


def plural(count: Number, singular: str, plural_form: str | None = None) -> str:
    """The word for `count`: `plural(3, "critère")` is « critères »; irregular ones are given."""
    if not is_plural(count):
        return singular
    return plural_form if plural_form is not None else singular + "s"


def counted(count: Number, singular: str, plural_form: str | None = None) -> str:
    """The count and its word: « 0 critère », « 2 critères », « 1 234 cotations »."""
    return f"{number(count)} {plural(count, singular, plural_form)}"


def day_of_month(day: int) -> str:
    """« 1er » for the first day of a month, the plain number otherwise."""
    return "1er" if day == 1 else str(day)


def long_date(day: date, *, year: bool = True) -> str:
    """« 1er décembre 2026 », « 15 mars 2027 »; « 1er décembre » with `year=False`."""
    words = f"{day_of_month(day.day)} {MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if year else words


def month_year(day: date) -> str:
    """« décembre 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def date_and_time(moment: datetime) -> str:
    """« 1er décembre 2026 à 14:05 », the moment as given (convert it to local time before)."""
    return f"{long_date(moment.date())} à {moment:%H:%M}"


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def french_date_format(format_string: str, day: int) -> str:
    """A Django date format with « 1er » on the first day of a month when the month is written in
    words (`j F Y` → `1\\e\\r F Y`): the format `date` filters use, made French."""
    if day != 1:
        return format_string
    out = []
    escaped = False
    names_month = any(
        c in "FEMNb" and (i == 0 or format_string[i - 1] != "\\") for i, c in enumerate(format_string)
    )
    for c in format_string:
        if escaped:
            out.append("\\" + c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "j" and names_month:
            out.append("1\\e\\r")
        else:
            out.append(c)
    if escaped:
        out.append("\\")
    return "".join(out)
