"""Choosing accompagnés traceurs: a diverse sample along the attributes the team records.
Plain Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ATTRIBUTE_LABELS = {
    "public": "public",
    "duree": "durée d'accompagnement",
    "autonomie": "autonomie",
    "mesure": "type de mesure ou d'accueil",
}
# The words for the values chosen from a list (stored as codes); the others are stored as typed.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "duree": {"moins_1_an": "Moins d'un an", "1_3_ans": "De 1 à 3 ans", "plus_3_ans": "Plus de 3 ans"},
    "autonomie": {"autonome": "Autonome", "partielle": "Autonomie partielle", "dependante": "Dépendante"},
}


def value_label(attribute: str, value: str) -> str:
    """What a person reads for a recorded value: « plus_3_ans » is « Plus de 3 ans »."""
    return VALUE_LABELS.get(attribute, {}).get(value, value)


def shown(attributes: Mapping[str, str]) -> dict[str, str]:
    """A person's attributes as words."""
    return {attribute: value_label(attribute, str(value)) for attribute, value in attributes.items()}


@dataclass(frozen=True)
class Sample:
    chosen: tuple[str, ...]
    covered: frozenset[tuple[str, str]]
    uncovered: tuple[
        tuple[str, str], ...
    ]  # (attribute, value) present among the people, absent from the sample
    unrecorded: tuple[str, ...]  # attributes recorded for nobody

    @property
    def uncovered_words(self) -> tuple[tuple[str, str], ...]:
        """(value, attribute) as words: (« Plus de 3 ans », « durée d'accompagnement »)."""
        return tuple((value_label(a, v), ATTRIBUTE_LABELS.get(a, a)) for a, v in self.uncovered)

    @property
    def unrecorded_words(self) -> tuple[str, ...]:
        return tuple(ATTRIBUTE_LABELS.get(a, a) for a in self.unrecorded)


def propose_sample(
    people: Sequence[tuple[str, Mapping[str, str]]],
    size: int,
    attributes: Sequence[str] = tuple(ATTRIBUTE_LABELS),
) -> Sample:
    """Pick `size` people, each time the one who adds the most attribute values not yet covered
    (ties: the one with the rarest values, then by code, so the proposal is stable)."""
    frequency: dict[tuple[str, str], int] = {}
    for _, attrs in people:
        for pair in _pairs(attrs, attributes):
            frequency[pair] = frequency.get(pair, 0) + 1
    remaining = sorted(people, key=lambda p: p[0])
    chosen: list[str] = []
    covered: set[tuple[str, str]] = set()

    def gain(person: tuple[str, Mapping[str, str]], covered: set[tuple[str, str]]) -> tuple[int, float, str]:
        new = _pairs(person[1], attributes) - covered
        rarity = sum(1 / frequency[pair] for pair in new)
        return (len(new), rarity, _reverse(person[0]))

    while remaining and len(chosen) < size:
        best = max(remaining, key=lambda person: gain(person, covered))
        remaining.remove(best)
        chosen.append(best[0])
        covered |= _pairs(best[1], attributes)
    uncovered = tuple(sorted(set(frequency) - covered))
    unrecorded = tuple(a for a in attributes if not any(a == pair[0] for pair in frequency))
    return Sample(tuple(chosen), frozenset(covered), uncovered, unrecorded)


def _pairs(attrs: Mapping[str, str], attributes: Sequence[str]) -> set[tuple[str, str]]:
    return {(a, str(attrs[a]).strip()) for a in attributes if str(attrs.get(a, "")).strip()}


def _reverse(code: str) -> str:
    """Sort key making `max` prefer the smallest code on ties."""
    return "".join(chr(0x10FFFF - ord(c)) for c in code)
