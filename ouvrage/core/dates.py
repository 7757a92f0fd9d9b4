"""Dates as the regulations count them. Plain Python."""

from __future__ import annotations

from datetime import date


def five_years_after(day: date) -> date:
    """The same day five years later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 5)
    except ValueError:
        return day.replace(year=day.year + 5, day=28)
