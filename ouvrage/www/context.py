"""What every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# The areas whose pages belong under « Établissements » in the main navigation.
ESTABLISHMENT_AREAS = frozenset(
    {
        "establishments",
        "frames",
        "campaigns",
        "evidence",
        "actions",
        "documents",
        "ownframe",
        "realwork",
        "reporting_burden",
        "surveys",
        "projet",
    }
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"establishment_areas": ESTABLISHMENT_AREAS}
