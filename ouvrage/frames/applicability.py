"""Which criteria of a frame apply to an establishment, and why the others do not.

Rule (shared/referentiel/README.md, "Applicability rule, checked on a real grid"): a criterion
applies when its sector scope admits the establishment's sector, its structure scope admits its
kind, and its publics are "Tous publics" or share at least one public with the establishment.
Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind, publics_in_order


class SectorScope(StrEnum):
    ALL = "all"
    SOCIAL = "social"
    MEDICO_SOCIAL = "medico_social"

    @property
    def label(self) -> str:
        return {"all": "Tous ESSMS", "social": "Social", "medico_social": "Médico-social"}[self.value]


class StructureScope(StrEnum):
    ALL = "all"
    ETABLISSEMENT = "etablissement"
    SERVICE = "service"

    @property
    def label(self) -> str:
        return {"all": "Toutes structures", "etablissement": "Établissement", "service": "Service"}[
            self.value
        ]


@dataclass(frozen=True)
class Scope:
    """Champ d'application of a criterion. Empty `publics` means "Tous publics"."""

    sector: SectorScope = SectorScope.ALL
    structure: StructureScope = StructureScope.ALL
    publics: frozenset[Public] = frozenset()

    @property
    def is_generic(self) -> bool:
        return self.sector is SectorScope.ALL and self.structure is StructureScope.ALL and not self.publics

    @property
    def publics_label(self) -> str:
        return "/".join(p.value for p in publics_in_order(self.publics)) or "Tous publics"

    def describe(self) -> str:
        return f"{self.sector.label} | {self.structure.label} | {self.publics_label}"


class ExclusionReason(StrEnum):
    SECTOR = "sector"
    STRUCTURE = "structure"
    PUBLICS = "publics"


@dataclass(frozen=True)
class Exclusion:
    reason: ExclusionReason
    message: str


def exclusions(profile: Profile, scope: Scope) -> tuple[Exclusion, ...]:
    """Every reason why a criterion of this scope does not apply to the profile (empty: it applies)."""
    found: list[Exclusion] = []
    if scope.sector is not SectorScope.ALL and scope.sector.value != profile.sector.value:
        found.append(
            Exclusion(
                ExclusionReason.SECTOR,
                f"réservé au secteur {scope.sector.label.lower()} ; "
                f"l'établissement relève du secteur {profile.sector.label.lower()}",
            )
        )
    if scope.structure is not StructureScope.ALL and scope.structure.value != profile.kind.value:
        wanted = "aux établissements" if scope.structure is StructureScope.ETABLISSEMENT else "aux services"
        actual = "un établissement" if profile.kind is StructureKind.ETABLISSEMENT else "un service"
        found.append(Exclusion(ExclusionReason.STRUCTURE, f"réservé {wanted} ; c'est {actual}"))
    if scope.publics and not (scope.publics & profile.publics):
        accompanied = ", ".join(p.value for p in publics_in_order(profile.publics)) or "aucun public"
        found.append(
            Exclusion(
                ExclusionReason.PUBLICS,
                f"réservé aux publics {scope.publics_label} ; l'établissement accompagne : {accompanied}",
            )
        )
    return tuple(found)


def inclusion_reasons(profile: Profile, scope: Scope) -> tuple[str, ...]:
    """Why a criterion applies, one sentence per scope dimension (for the criterion page)."""
    if exclusions(profile, scope):
        return ()
    if scope.is_generic:
        return ("critère générique : il s'applique à tous les ESSMS",)
    reasons: list[str] = []
    if scope.sector is not SectorScope.ALL:
        reasons.append(f"secteur {scope.sector.label.lower()} : c'est celui de l'établissement")
    if scope.structure is not StructureScope.ALL:
        reasons.append(f"réservé : {scope.structure.label.lower()} ; c'est le cas de l'établissement")
    if scope.publics:
        shared = "/".join(p.value for p in publics_in_order(scope.publics & profile.publics))
        reasons.append(f"publics {scope.publics_label} : l'établissement accompagne {shared}")
    return tuple(reasons)


class Scoped(Protocol):
    @property
    def scope(self) -> Scope: ...

    @property
    def imperative(self) -> bool: ...


C = TypeVar("C", bound=Scoped)
T = TypeVar("T")


@dataclass(frozen=True)
class Applicability(Generic[T]):
    applicable: tuple[T, ...]
    excluded: tuple[tuple[T, tuple[Exclusion, ...]], ...]
    imperative_count: int


def applicability(profile: Profile, criteria: Iterable[C]) -> Applicability[C]:
    """Split criteria into those that apply to the profile and those that do not, with reasons."""
    applicable: list[C] = []
    excluded: list[tuple[C, tuple[Exclusion, ...]]] = []
    for criterion in criteria:
        reasons = exclusions(profile, criterion.scope)
        if reasons:
            excluded.append((criterion, reasons))
        else:
            applicable.append(criterion)
    return Applicability(tuple(applicable), tuple(excluded), sum(1 for c in applicable if c.imperative))


__all__ = [
    "Applicability",
    "Exclusion",
    "ExclusionReason",
    "Profile",
    "Public",
    "Scope",
    "Sector",
    "SectorScope",
    "StructureKind",
    "StructureScope",
    "applicability",
    "exclusions",
    "inclusion_reasons",
]
