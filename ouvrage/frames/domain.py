"""A frame version as plain data: what the data files say, checked, before anything touches the database.

The HAS référentiel is one frame among others: nothing here is specific to it. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ouvrage.frames.applicability import Scope
from ouvrage.frames.scoring import ScoringRules


class Method(StrEnum):
    """Evaluation methods. The three HAS methods keep their proper names."""

    ACCOMPAGNE_TRACEUR = "accompagne_traceur"
    TRACEUR_CIBLE = "traceur_cible"
    AUDIT_SYSTEME = "audit_systeme"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS: dict[Method, str] = {
    Method.ACCOMPAGNE_TRACEUR: "Accompagné traceur",
    Method.TRACEUR_CIBLE: "Traceur ciblé",
    Method.AUDIT_SYSTEME: "Audit système",
}


class Target(StrEnum):
    """Interview targets (cibles d'entretien)."""

    PERSON = "personne"
    PROFESSIONALS = "professionnels"
    GOVERNANCE = "gouvernance"
    CVS = "cvs"

    @property
    def label(self) -> str:
        return {
            "personne": "Personne accompagnée",
            "professionnels": "Professionnels",
            "gouvernance": "Gouvernance",
            "cvs": "Représentants au CVS",
        }[self.value]

    @property
    def interview(self) -> str:
        """The interview as the manual's box heading names it."""
        return {
            "personne": "Entretien avec la personne accompagnée",
            "professionnels": "Entretien avec les professionnels",
            "gouvernance": "Entretien avec la gouvernance (l’ESSMS)",
            "cvs": "Entretien avec les membres du CVS (grille spécifique CVS)",
        }[self.value]


@dataclass(frozen=True)
class Source:
    """Where a piece of frame data comes from: a page of the version's source document, or a URL;
    `confidence` is said in plain words where it is not high."""

    url: str = ""
    confidence: str = ""
    page: str = ""


@dataclass(frozen=True)
class ElementSpec:
    rank: int
    text: str
    target: Target | None = None
    source: Source = Source()
    placeholder: bool = False


class ProofKind(StrEnum):
    """What the evaluator consults for a criterion, under the manual's two headings."""

    DOCUMENT = "documentaire"
    OBSERVATION = "observation"

    @property
    def label(self) -> str:
        return {"documentaire": "Consultation documentaire", "observation": "Observation"}[self.value]


@dataclass(frozen=True)
class ProofSpec:
    """A document or an observation the evaluator will consult (« Ce que l'évaluateur consultera »)."""

    rank: int
    kind: ProofKind
    text: str
    source: Source = Source()


@dataclass(frozen=True)
class ReferenceSpec:
    """A reference printed beside the criterion (RBPP, legal texts…), under its section heading."""

    rank: int
    section: str
    text: str
    source: Source = Source()


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    objective: str
    title: str
    title_complete: bool
    imperative: bool
    scope: Scope
    method: Method | None
    targets: tuple[Target, ...]
    elements: tuple[ElementSpec, ...]
    elements_complete: bool
    source: Source = Source()
    title_source: Source = Source()
    rewords: str = ""  # in an extension: code of the official criterion this one rewords for the field
    proofs: tuple[ProofSpec, ...] = ()
    references: tuple[ReferenceSpec, ...] = ()


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    chapter: str
    theme: str | None
    title: str
    title_source: Source = Source()
    theme_source: Source = Source()


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    title: str


@dataclass(frozen=True)
class ChapterSpec:
    code: str
    title: str
    method: Method | None
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class FrameSpec:
    slug: str
    name: str
    publisher: str
    description: str
    version: str
    published_on: date | None
    attribution: str
    notes: str
    format_version: int
    chapters: tuple[ChapterSpec, ...]
    themes: tuple[ThemeSpec, ...]
    objectives: tuple[ObjectiveSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    checksum: str = ""
    expectations: dict[str, int] = field(default_factory=dict)
    scoring: ScoringRules = field(default_factory=ScoringRules)
    extends: str = ""  # slug of the frame an extension pack completes
    mandatory: bool = False  # every establishment is evaluated against it (the HAS référentiel)
    source_title: str = ""  # the document the rows' pages refer to
    source_note: str = ""  # what is known of that document's reliability, in plain words

    @property
    def imperative_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria if c.imperative)

    def counts(self) -> dict[str, int]:
        """Counts checked against the `[expect]` table of frame.toml."""
        return {
            "chapters": len(self.chapters),
            "themes": len(self.themes),
            "objectives": len(self.objectives),
            "criteria": len(self.criteria),
            "generic": sum(1 for c in self.criteria if c.scope.is_generic),
            "specific": sum(1 for c in self.criteria if not c.scope.is_generic),
            "imperatives": sum(1 for c in self.criteria if c.imperative),
            "elements": sum(len(c.elements) for c in self.criteria if c.elements_complete),
            "criteria_with_elements": sum(1 for c in self.criteria if c.elements_complete),
            "complete_titles": sum(1 for c in self.criteria if c.title_complete),
            "titled_objectives": sum(1 for o in self.objectives if o.title),
            "proofs": sum(len(c.proofs) for c in self.criteria),
            "references": sum(len(c.references) for c in self.criteria),
            "elements_with_target": sum(
                1 for c in self.criteria if c.elements_complete for e in c.elements if e.target
            ),
        }


def placeholder_element(title: str) -> ElementSpec:
    """Until the official grid is known, a criterion is rated as one element carrying its wording."""
    return ElementSpec(rank=1, text=title, placeholder=True)
