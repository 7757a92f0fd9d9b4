"""Plain rules of the maltreatment signals register: who may see and handle signals, the criteria
it speaks to (criteria.toml) and its figures in French. No Django import."""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
# Who sees and handles signals until the organisation names others: direction and quality.
DEFAULT_ROLES: tuple[str, ...] = ("direction", "quality")
# The roles an organisation may name (the external evaluator never).
NAMEABLE_ROLES: tuple[str, ...] = ("admin", "direction", "quality", "professional", "read_only")


def may_handle(*, role: str, user_id: int, roles: Collection[str], people: Collection[int]) -> bool:
    """Whether a person may see and handle signals: their role is named, or they are named."""
    if role == "evaluator":
        return False
    return role in roles or user_id in people


@cache
def criteria_codes() -> tuple[str, ...]:
    """The HAS criteria the register speaks to (criteria.toml)."""
    data = tomllib.loads((HERE / "criteria.toml").read_text(encoding="utf-8"))
    return tuple(str(c["code"]) for c in data["criterion"])


@dataclass(frozen=True)
class Figures:
    """Counts over the last 12 months: nothing else of a signal leaves the register."""

    reported: int = 0
    closed: int = 0
    open: int = 0
    late: int = 0
    actions: int = 0


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def sentence(figures: Figures) -> str:
    """« 3 signalements en 12 mois, tous traités, 2 actions » (0 and 1 singular, as in French)."""
    if figures.reported == 0:
        return "Aucun signalement en 12 mois"
    parts = [_plural(figures.reported, "signalement", "signalements") + " en 12 mois"]
    if figures.closed == figures.reported:
        parts.append("traité" if figures.reported == 1 else "tous traités")
    else:
        parts.append(_plural(figures.closed, "traité", "traités"))
    parts.append(_plural(figures.actions, "action", "actions"))
    return ", ".join(parts)


def is_late(*, days_open: int, limit_days: int) -> bool:
    """A signal still open after the organisation's own handling limit (no regulatory deadline is
    sourced: the limit is the organisation's choice, see docs/registers.md)."""
    return days_open > limit_days


# The organisation's own limit to assess a signal (days), shown as its choice, not a legal deadline.
ASSESS_WITHIN_DAYS = 7
