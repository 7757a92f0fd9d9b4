"""The effects lane's rules, plain Python: the methods' vocabularies read from `vocabulary.toml`,
what a set of observed effects says in French, the timeline of a progress marker. No Django here."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ouvrage.core.formatting import counted

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    help: str = ""
    value: int = 0


@dataclass(frozen=True)
class Vocabulary:
    perspectives: tuple[Term, ...]
    domains: tuple[Term, ...]
    marker_levels: tuple[Term, ...]
    extents: tuple[Term, ...]
    valences: tuple[Term, ...]

    def label(self, kind: str, code: str) -> str:
        """The label of `code` in the list `kind` (« perspectives », « domains »…), or the code when
        it is not in the list any more (a vocabulary changed after records were kept)."""
        for term in getattr(self, kind):
            if term.code == code:
                return term.label
        return code

    def choices(self, kind: str) -> list[tuple[str, str]]:
        return [(term.code, term.label) for term in getattr(self, kind)]

    def value(self, code: str) -> int:
        """An extent's value on the marker timeline (0 = pas encore … 3 = pleinement)."""
        for term in self.extents:
            if term.code == code:
                return term.value
        return 0


def read_vocabulary(text: str) -> Vocabulary:
    data = tomllib.loads(text)

    def terms(kind: str) -> tuple[Term, ...]:
        found = tuple(
            Term(str(item["code"]), str(item["label"]), str(item.get("help", "")), int(item.get("value", 0)))
            for item in data.get(kind, [])
        )
        codes = [term.code for term in found]
        if not found or len(set(codes)) != len(codes):
            raise ValueError(f"vocabulary.toml : la liste « {kind} » est vide ou a deux fois le même code")
        return found

    return Vocabulary(
        perspectives=terms("perspectives"),
        domains=terms("domains"),
        marker_levels=terms("marker_levels"),
        extents=terms("extents"),
        valences=terms("valences"),
    )


@cache
def vocabulary() -> Vocabulary:
    return read_vocabulary((HERE / "vocabulary.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeenEffect:
    """What the sentence needs of an observed effect."""

    expected: bool
    valence: str
    perspective: str


def effects_sentence(effects: Sequence[SeenEffect], words: Vocabulary | None = None) -> str:
    """« 3 effets observés : 2 attendus, 1 inattendu ; 2 positifs, 1 négatif ; vus par : Personnes
    accompagnées, Professionnels », or « Aucun effet observé consigné »."""
    if not effects:
        return "Aucun effet observé consigné"
    words = words or vocabulary()
    expected = sum(1 for effect in effects if effect.expected)
    parts = [counted(expected, "attendu", "attendus")] if expected else []
    if len(effects) - expected:
        parts.append(counted(len(effects) - expected, "inattendu", "inattendus"))
    valences = Counter(effect.valence for effect in effects)
    signs = [
        counted(valences[term.code], term.label.lower(), _plural_adjective(term.label.lower()))
        for term in words.valences
        if valences[term.code]
    ]
    seen = [term.label for term in words.perspectives if any(e.perspective == term.code for e in effects)]
    text = f"{counted(len(effects), 'effet observé', 'effets observés')} : {', '.join(parts)}"
    if signs:
        text += f" ; {', '.join(signs)}"
    if seen:
        text += f" ; vus par : {', '.join(seen)}"
    return text


def _plural_adjective(word: str) -> str:
    return word if word.endswith("s") else word + "s"


@dataclass(frozen=True)
class MarkerPoint:
    on: date
    value: int  # 0–3, the extent's value


def timeline(observations: Iterable[tuple[date, str]], words: Vocabulary | None = None) -> list[MarkerPoint]:
    """A marker's observations as points in date order (the last one of a day counts for that day)."""
    words = words or vocabulary()
    by_day: dict[date, int] = {}
    for on, extent in sorted(observations, key=lambda pair: pair[0]):
        by_day[on] = words.value(extent)
    return [MarkerPoint(on, value) for on, value in sorted(by_day.items())]
