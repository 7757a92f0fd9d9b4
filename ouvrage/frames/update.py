"""How an update of a frame version's data maps the elements already stored to the new ones.

A data update keeps the version (1.1 stays 1.1) and every grade: an old element is matched to the new
element of the same criterion and rank; its text and target change in place, so its grades, comments
and cited evidence follow it. A provisional element (the criterion's wording, rated as one element
while the official grid was unknown) becomes the first element of the grid: its grades are kept on it
and listed « à revoir ». An old element with no new element of its rank is kept aside (retired) if
anything refers to it, deleted otherwise. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Fate(StrEnum):
    UNCHANGED = "unchanged"
    REWORDED = "reworded"  # same criterion and rank, other text
    RETARGETED = "retargeted"  # same criterion, rank and text; another interview target
    PROVISIONAL_REPLACED = "provisional_replaced"  # a placeholder becomes the grid's first element
    RETIRED = "retired"  # no new element of its rank; kept because grades or evidence refer to it
    DELETED = "deleted"  # no new element of its rank and nothing refers to it


@dataclass(frozen=True)
class OldElement:
    pk: int
    criterion: str
    rank: int
    text: str
    target: str
    placeholder: bool
    retired: bool = False
    referred: bool = False  # grades or evidence point at it


@dataclass(frozen=True)
class NewElement:
    criterion: str
    rank: int
    text: str
    target: str


@dataclass
class ElementPlan:
    fates: dict[int, Fate] = field(default_factory=dict)  # old element id -> what becomes of it
    added: list[NewElement] = field(default_factory=list)  # new elements with no old one

    def count(self, fate: Fate) -> int:
        return sum(1 for f in self.fates.values() if f is fate)


def plan_elements(old: list[OldElement], new: list[NewElement]) -> ElementPlan:
    """Match old elements to new ones by (criterion, rank). Every old element gets a fate; every new
    element is either matched or added. A retired element that comes back at its rank is matched."""
    plan = ElementPlan()
    by_key = {(e.criterion, e.rank): e for e in new}
    matched: set[tuple[str, int]] = set()
    for e in old:
        key = (e.criterion, e.rank)
        wanted = by_key.get(key)
        if wanted is None or key in matched:
            plan.fates[e.pk] = Fate.RETIRED if e.referred else Fate.DELETED
            continue
        matched.add(key)
        if e.placeholder:
            plan.fates[e.pk] = Fate.PROVISIONAL_REPLACED
        elif e.text != wanted.text or e.retired:
            plan.fates[e.pk] = Fate.REWORDED
        elif e.target != wanted.target:
            plan.fates[e.pk] = Fate.RETARGETED
        else:
            plan.fates[e.pk] = Fate.UNCHANGED
    plan.added = [e for e in new if (e.criterion, e.rank) not in matched]
    return plan


def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Order codes as people read them: 1.2.2 before 1.10.2."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in code.split("."))
