"""French figures, dates and counts (core/formatting.py) and the template filters over them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.core.formatting import (
    NNBSP,
    counted,
    date_and_time,
    french_date_format,
    is_plural,
    long_date,
    month_year,
    number,
    parse_number,
    percent,
    plural,
)

FINITE_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15)
FINITE_FLOATS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("3.12"), None, "3,12"),
        (Decimal("3.10"), None, "3,10"),
        (21000, None, f"21{NNBSP}000"),
        (1234567.5, None, f"1{NNBSP}234{NNBSP}567,5"),
        (999, None, "999"),
        (1000, None, f"1{NNBSP}000"),
        (Decimal("-0.5"), None, "-0,5"),
        (Decimal("2.25"), 1, "2,3"),  # half up, as a person rounds
        (Decimal("2.2"), 2, "2,20"),
        (Decimal("12.0"), -2, "12"),  # like floatformat:-2
        (Decimal("12.5"), -2, "12,50"),
        (Fraction(1, 3), 2, "0,33"),
        (0.1 + 0.2, None, "0,30000000000000004"),  # the float as it is, never a binary surprise hidden
    ],
)
def test_number(value, places, expected):
    assert number(value, places) == expected


def test_number_refuses_what_is_not_a_figure():
    with pytest.raises(ValueError):
        number(float("nan"))
    with pytest.raises(ValueError):
        number(Decimal("Infinity"))
    with pytest.raises(TypeError):
        number(True)


@given(FINITE_DECIMALS)
def test_any_decimal_has_a_comma_and_reads_back(value):
    text = number(value)
    assert "." not in text and " " not in text and "\xa0" not in text
    assert parse_number(text) == value


@given(FINITE_FLOATS)
def test_any_float_has_a_comma_and_reads_back(value):
    text = number(value)
    assert "." not in text
    assert float(parse_number(text)) == value


@given(FINITE_DECIMALS, st.integers(min_value=0, max_value=4))
def test_fixed_places(value, places):
    text = number(value, places)
    assert "." not in text
    assert len(text.partition(",")[2]) == places
    assert abs(parse_number(text) - value) <= Decimal(1).scaleb(-places) / 2


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_thousands_are_grouped_by_three_with_narrow_spaces(value):
    text = number(value)
    groups = text.lstrip("-").split(NNBSP)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    assert len(groups) == 1 or abs(value) >= 1000


def test_percent():
    assert percent(42) == f"42{NNBSP}%"
    assert percent(Decimal("12.46"), 1) == f"12,5{NNBSP}%"
    assert percent(Fraction(2, 3) * 100) == f"67{NNBSP}%"


@given(st.integers(min_value=-1000, max_value=1000))
def test_french_plural_from_two_on(count):
    assert is_plural(count) == (abs(count) >= 2)
    word = counted(count, "critère")
    assert word.endswith("critères") == (abs(count) >= 2)


def test_counts():
    assert [counted(n, "critère") for n in (0, 1, 2)] == ["0 critère", "1 critère", "2 critères"]
    assert counted(Decimal("1.5"), "heure") == "1,5 heure"
    assert plural(3, "travail", "travaux") == "travaux"
    assert counted(1234, "cotation") == f"1{NNBSP}234 cotations"


def test_dates():
    assert long_date(date(2026, 12, 1)) == "1er décembre 2026"
    assert long_date(date(2026, 12, 2)) == "2 décembre 2026"
    assert long_date(date(2027, 3, 1), year=False) == "1er mars"
    assert month_year(date(2026, 9, 14)) == "septembre 2026"
    assert date_and_time(datetime(2026, 8, 1, 9, 5)) == "1er août 2026 à 09:05"


@given(st.dates())
def test_only_the_first_day_is_ordinal(day):
    text = long_date(day)
    assert text.startswith("1er ") == (day.day == 1)
    assert text.split(" ")[0].removesuffix("er") == str(day.day)


def test_date_format_gets_the_ordinal_only_with_the_month_in_words():
    assert french_date_format("j F Y", 1) == r"1\e\r F Y"
    assert french_date_format("j F Y", 2) == "j F Y"
    assert french_date_format("d/m/Y", 1) == "d/m/Y"
    assert french_date_format("j/m/Y", 1) == "j/m/Y"
    assert french_date_format(r"\l\e j F", 1) == r"\l\e 1\e\r F"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ d|date:"j F Y" }}', "1er décembre 2026"),
        ('du {{ d|date:"j F" }}', "du 1er décembre"),
        ("{{ d|date }}", "1er décembre 2026"),
        ('{{ d|date:"Y-m-d" }}', "2026-12-01"),
        ('{{ d|date:"c" }}', "2026-12-01"),
        ('{{ moment|date:"j F Y à H:i" }}', "1er décembre 2026 à 08:30"),
        ('{{ other|date:"j F Y" }}', "21 décembre 2026"),
        ('{{ none|date:"j F Y"|default:"—" }}', "—"),
        ("{{ zero }} critère{{ zero|pluralize }}", "0 critère"),
        ("{{ one }} critère{{ one|pluralize }}", "1 critère"),
        ("{{ two }} critère{{ two|pluralize }}", "2 critères"),
        ('{{ two }} trava{{ two|pluralize:"il,ux" }}', "2 travaux"),
        ("{{ items|length }} élément{{ items|pluralize }}", "1 élément"),
        ('{{ zero|counted:"critère" }}', "0 critère"),
        ("{{ big|number }}", f"21{NNBSP}000"),
        ("{{ score|number }}", "3,12"),
        ("{{ hours|number:1 }}", f"1{NNBSP}250,5"),
        ("{{ share|percent }}", f"42{NNBSP}%"),
        ('{{ none|number|default:"—" }}', "—"),
        ("{{ big|thousands }}", f"21{NNBSP}000"),
    ],
)
def test_template_filters(source, expected):
    from django.utils import timezone

    context = {
        "d": date(2026, 12, 1),
        "other": date(2026, 12, 21),
        "moment": timezone.make_aware(datetime(2026, 12, 1, 8, 30)),
        "none": None,
        "zero": 0,
        "one": 1,
        "two": 2,
        "items": ["a"],
        "big": 21000,
        "score": Decimal("3.12"),
        "hours": Decimal("1250.46"),
        "share": 42,
    }
    assert render(source, **context) == expected
