"""FINESS: validating a number and the category table that prefills an establishment's profile.

Plain Python. Sources and the status of each fact: docs/finess.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ouvrage.establishments.profile import Public, Sector, StructureKind

CATEGORIES_FILE = Path(__file__).parent / "data" / "finess_categories.csv"
FINESS_RE = re.compile(r"^(\d{9}|2[AB]\d{7})$")


@dataclass(frozen=True)
class FinessCategory:
    """A FINESS category with the profile it proposes. The mapping to the référentiel's scopes is
    our inference (shared/referentiel/finess.md §3): it prefills a form and the user corrects it."""

    code: str
    label: str
    sector: Sector | None
    kind: StructureKind | None
    publics: frozenset[Public]
    note: str

    @property
    def is_complete(self) -> bool:
        return self.sector is not None and self.kind is not None and bool(self.publics)


@cache
def categories() -> dict[str, FinessCategory]:
    with CATEGORIES_FILE.open(encoding="utf-8") as fh:
        return {
            row["code"]: FinessCategory(
                code=row["code"],
                label=row["label"],
                sector=Sector(row["sector"]) if row["sector"] else None,
                kind=StructureKind(row["kind"]) if row["kind"] else None,
                publics=frozenset(Public(p) for p in row["publics"].split("/") if p),
                note=row["note"],
            )
            for row in csv.DictReader(fh)
        }


def luhn_is_valid(digits: str) -> bool:
    """Luhn (modulo 10) check of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_finess(raw: str) -> str:
    return re.sub(r"[\s.-]", "", raw or "").upper()


def finess_problem(raw: str) -> str | None:
    """The French message saying what is wrong with a FINESS number, or None if it is valid.

    Nine characters: nine digits, or 2A/2B followed by seven digits for Corsica. The last digit is
    a Luhn check key: every one of the 41 published FINESS numbers in shared/referentiel satisfies
    it (docs/finess.md). Corsican numbers are not key-checked: the rule for 2A/2B is not sourced.
    """
    number = normalise_finess(raw)
    if not number:
        return "Le numéro FINESS est obligatoire."
    if len(number) != 9:
        return f"Le numéro FINESS doit compter 9 caractères ; « {number} » en compte {len(number)}."
    if not FINESS_RE.match(number):
        return "Le numéro FINESS ne contient que des chiffres (ou 2A/2B en tête pour la Corse)."
    if number.isdigit() and not luhn_is_valid(number):
        return (
            f"La clé de contrôle du numéro FINESS « {number} » est fausse : "
            "vérifiez le dernier chiffre ou une inversion de chiffres."
        )
    return None


def with_check_digit(first_eight: str) -> str:
    """Complete eight digits with their Luhn key (for demo data and tests)."""
    for key in "0123456789":
        if luhn_is_valid(first_eight + key):
            return first_eight + key
    raise AssertionError("unreachable: one Luhn key always exists")
