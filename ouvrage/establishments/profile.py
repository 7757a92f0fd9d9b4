"""The vocabulary of an establishment's profile, as the HAS référentiel's scopes use it.

Plain Python (no Django): the applicability rule and the FINESS table build on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sector(StrEnum):
    SOCIAL = "social"
    MEDICO_SOCIAL = "medico_social"

    @property
    def label(self) -> str:
        return {"social": "Social", "medico_social": "Médico-social"}[self.value]


class StructureKind(StrEnum):
    ETABLISSEMENT = "etablissement"
    SERVICE = "service"

    @property
    def label(self) -> str:
        return {
            "etablissement": "Établissement (accueil ou hébergement)",
            "service": "Service (sans hébergement)",
        }[self.value]


class Public(StrEnum):
    PA = "PA"
    PHA = "PHA"
    PHE = "PHE"
    PDS = "PDS"
    AHI = "AHI"
    PE_PJJ = "PE-PJJ"

    @property
    def label(self) -> str:
        return PUBLIC_LABELS[self]


PUBLIC_LABELS: dict[Public, str] = {
    Public.PA: "Personnes âgées",
    Public.PHA: "Personnes handicapées adultes",
    Public.PHE: "Personnes handicapées enfants",
    Public.PDS: "Personnes en difficultés spécifiques",
    Public.AHI: "Accueil, hébergement, insertion",
    Public.PE_PJJ: "Protection de l'enfance, PJJ",
}


def publics_in_order(publics: frozenset[Public] | set[Public]) -> list[Public]:
    """The publics in the référentiel's own order (PA, PHA, PHE, PDS, AHI, PE-PJJ)."""
    return [p for p in Public if p in publics]


@dataclass(frozen=True)
class Profile:
    """What the référentiel's scopes look at: sector, structure kind, publics."""

    sector: Sector
    kind: StructureKind
    publics: frozenset[Public]

    def describe(self) -> str:
        publics = ", ".join(p.value for p in publics_in_order(self.publics)) or "aucun public"
        return f"{self.sector.label} · {self.kind.label} · {publics}"
