"""The quality documents' rules, plain Python: when a review is due, who must read a document, the
figures said in French, the criteria read from the app's data file. No Django here."""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ouvrage.core.formatting import counted, long_date, percent, plural

HERE = Path(__file__).parent
# Under this many people concerned, the share of readers is said as counts, never as a percentage.
PERCENT_FROM = 10


def review_due(review_on: date | None, today: date) -> bool:
    """A document is to be reviewed from its review date on (no date: never)."""
    return review_on is not None and review_on <= today


def must_read(
    *,
    role: str,
    user_id: int,
    sees_establishment: bool,
    reader_roles: Collection[str],
    reader_ids: Collection[int],
) -> bool:
    """A person must read a document when they see its establishment and have one of the roles named,
    or are named themselves."""
    return sees_establishment and (role in reader_roles or user_id in reader_ids)


@dataclass(frozen=True)
class Figures:
    documents: int
    due: int  # of those, to be reviewed today
    concerned: int  # (person, document) pairs that must read the version in force
    read: int  # of those, read


def read_part(read: int, concerned: int) -> str:
    """« lues par 85 % des professionnels concernés », or counts under PERCENT_FROM people."""
    if concerned >= PERCENT_FROM:
        return f"lues à {percent(round(100 * read / concerned))} par les professionnels concernés"
    return f"{read} {plural(read, 'lecture')} sur {concerned} {plural(concerned, 'attendue')}"


def figures_sentence(figures: Figures, kinds: Collection[str]) -> str:
    """« 12 procédures, 2 à réviser, lues à 85 % par les professionnels concernés »; for the crisis
    plan, « 1 plan de crise, à jour, 3 lectures sur 4 attendues »."""
    crisis = set(kinds) == {"crisis_plan"}
    n = figures.documents
    head = (
        counted(n, "plan de crise", "plans de crise")
        if crisis
        else counted(n, "document qualité", "documents qualité")
    )
    if n == 0:
        return head
    parts = [head, f"{figures.due} à réviser" if figures.due else ("à jour" if n == 1 else "tous à jour")]
    if figures.concerned:
        parts.append(read_part(figures.read, figures.concerned))
    return ", ".join(parts)


def read_criteria(text: str) -> dict[str, tuple[str, ...]]:
    """Criterion code → the kinds of documents it counts."""
    return {c["code"]: tuple(c["kinds"]) for c in tomllib.loads(text)["criterion"]}


@cache
def criteria() -> dict[str, tuple[str, ...]]:
    return read_criteria((HERE / "criteria.toml").read_text(encoding="utf-8"))


def crisis_codes() -> set[str]:
    """The criteria given the crisis plan's sentence (plan, exercises, contacts)."""
    return {code for code, kinds in criteria().items() if set(kinds) == {"crisis_plan"}}


@dataclass(frozen=True)
class CrisisDefaults:
    contacts_check_days: int
    exercise_window_days: int


@cache
def crisis_defaults() -> CrisisDefaults:
    data = tomllib.loads((HERE / "crisis.toml").read_text(encoding="utf-8"))
    return CrisisDefaults(int(data["contacts_check_days"]), int(data["exercise_window_days"]))


def contacts_late(checked_on: date | None, today: date, interval_days: int) -> bool:
    """The contacts list is late when never checked, or checked more than `interval_days` ago."""
    return checked_on is None or (today - checked_on).days > interval_days


@dataclass(frozen=True)
class Crisis:
    version: int | None  # of the crisis plan in force (None: no plan)
    effective_on: date | None
    exercises: int  # in the window
    checked_on: date | None
    late: bool


def crisis_sentence(crisis: Crisis, today: date) -> str:
    """« Plan de crise version 3 du 2 mars 2026, 2 exercices en 12 mois, contacts vérifiés il y a 40
    jours »."""
    if crisis.version is None or crisis.effective_on is None:
        parts = ["Aucun plan de crise enregistré"]
    else:
        parts = [f"Plan de crise version {crisis.version} du {long_date(crisis.effective_on)}"]
    parts.append(f"{counted(crisis.exercises, 'exercice')} en 12 mois")
    if crisis.checked_on is None:
        parts.append("liste des contacts jamais vérifiée")
    else:
        days = (today - crisis.checked_on).days
        when = "aujourd'hui" if days <= 0 else f"il y a {counted(days, 'jour')}"
        parts.append(f"contacts vérifiés {when}" + (" (en retard)" if crisis.late else ""))
    return ", ".join(parts)
