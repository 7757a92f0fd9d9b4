"""The register's rules, plain Python: the scales and the criteria read from the app's data files,
the deadline of a declaration to the authorities, the figures said in French. No Django here."""

from __future__ import annotations

import statistics
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ouvrage.core.formatting import counted, plural

HERE = Path(__file__).parent
TO_COMPLETE = "à compléter"


@dataclass(frozen=True)
class Level:
    level: int
    label: str
    help: str


@dataclass(frozen=True)
class DeclarationRule:
    qualifications: tuple[str, ...]
    legal_basis: str
    deadline_days: int | None  # None: not sourced yet, shown « à compléter »
    deadline_note: str
    recipients: str


@dataclass(frozen=True)
class Scales:
    severity: tuple[Level, ...]
    frequency: tuple[Level, ...]
    declaration: DeclarationRule

    def severity_label(self, level: int | None) -> str:
        return _label(self.severity, level)

    def frequency_label(self, level: int | None) -> str:
        return _label(self.frequency, level)


def _label(levels: Sequence[Level], level: int | None) -> str:
    for item in levels:
        if item.level == level:
            return f"{item.level} – {item.label}"
    return ""


def read_scales(text: str) -> Scales:
    data = tomllib.loads(text)
    declaration = data["declaration"]
    days = declaration.get("deadline_days", "")
    return Scales(
        severity=tuple(Level(int(s["level"]), s["label"], s.get("help", "")) for s in data["severity"]),
        frequency=tuple(Level(int(s["level"]), s["label"], s.get("help", "")) for s in data["frequency"]),
        declaration=DeclarationRule(
            qualifications=tuple(declaration["qualifications"]),
            legal_basis=declaration["legal_basis"],
            deadline_days=int(days) if str(days).strip() else None,
            deadline_note=declaration.get("deadline_note", TO_COMPLETE),
            recipients=declaration.get("recipients", TO_COMPLETE),
        ),
    )


@cache
def scales() -> Scales:
    return read_scales((HERE / "scales.toml").read_text(encoding="utf-8"))


def read_criteria(text: str) -> dict[str, tuple[str, ...]]:
    """Criterion code → the figures the register gives it, in order."""
    return {c["code"]: tuple(c["figures"]) for c in tomllib.loads(text)["criterion"]}


@cache
def criteria() -> dict[str, tuple[str, ...]]:
    return read_criteria((HERE / "criteria.toml").read_text(encoding="utf-8"))


def must_declare(qualification: str, rule: DeclarationRule) -> bool:
    return qualification in rule.qualifications


def authority_deadline(occurred_on: date, days: int | None) -> date | None:
    """The day the declaration is due: `days` after the event, or None while the delay is not sourced."""
    if days is None:
        return None
    return occurred_on + timedelta(days=max(days, 0))


def median_days(delays: Iterable[int]) -> int | None:
    values = sorted(delays)
    if not values:
        return None
    return round(statistics.median(values))


@dataclass(frozen=True)
class Counts:
    declared: int  # in the last 12 months
    analysed: int  # of those, analysed (or closed)
    median_days: int | None  # declaration → analysis
    actions: int
    actions_done: int
    closed_with_feedback: int
    crex: int  # CREX meetings in the last 12 months


def sentence(counts: Counts, figures: Sequence[str]) -> str:
    """The figures a criterion asks for, in one French sentence:
    « 14 événements déclarés en 12 mois, 13 analysés, délai médian d'analyse 9 jours, 6 actions dont 4
    réalisées »."""
    parts: list[str] = []
    for figure in figures:
        if figure == "declared":
            n = counts.declared
            parts.append(f"{counted(n, 'événement')} {plural(n, 'déclaré')} en 12 mois")
        elif figure == "analysed":
            parts.append(f"{counts.analysed} {plural(counts.analysed, 'analysé')}")
        elif figure == "median" and counts.median_days is not None:
            parts.append(f"délai médian d'analyse {counted(counts.median_days, 'jour')}")
        elif figure == "actions":
            done = counts.actions_done
            parts.append(f"{counted(counts.actions, 'action')} dont {done} {plural(done, 'réalisée')}")
        elif figure == "closed_with_feedback":
            parts.append(f"{counts.closed_with_feedback} clos avec un retour au déclarant")
        elif figure == "crex":
            parts.append(f"{counted(counts.crex, 'CREX', 'CREX')} en 12 mois")
    return ", ".join(parts)


def last_months(today: date, n: int = 12) -> list[tuple[int, int]]:
    """The `n` months ending with today's, oldest first, as (year, month)."""
    months = []
    year, month = today.year, today.month
    for _ in range(n):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


AGE_BANDS = ((7, "moins de 8 jours"), (30, "8 à 30 jours"), (90, "31 à 90 jours"), (None, "plus de 90 jours"))


def age_band(days: int) -> str:
    for limit, label in AGE_BANDS:
        if limit is None or days <= limit:
            return label
    return AGE_BANDS[-1][1]  # pragma: no cover
