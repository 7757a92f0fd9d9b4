"""What every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ouvrage.www import AREAS

# The areas whose pages belong under « Établissements » in the main navigation.
ESTABLISHMENT_AREAS = frozenset(AREAS) - {"home", "accounts", "audit", "organisations", "calendar"}


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"establishment_areas": ESTABLISHMENT_AREAS}
