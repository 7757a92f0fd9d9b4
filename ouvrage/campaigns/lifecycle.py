"""An evaluation's life and how complete it is. Plain Python.

en préparation → en cours → clôturée → archivée; a closed campaign is reopened only with a reason;
a campaign in preparation with no grade can be deleted, otherwise abandoned with a reason. Only a
campaign in preparation or in progress changes: a closed one is read-only everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    PREPARATION = "preparation"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    ARCHIVED = "archived"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.PREPARATION: "En préparation",
    State.IN_PROGRESS: "En cours",
    State.CLOSED: "Clôturée",
    State.ARCHIVED: "Archivée",
    State.ABANDONED: "Abandonnée",
}
EDITABLE = frozenset({State.PREPARATION, State.IN_PROGRESS})
FINISHED = frozenset({State.CLOSED, State.ARCHIVED})


class Transition(StrEnum):
    START = "start"
    CLOSE = "close"
    REOPEN = "reopen"
    ARCHIVE = "archive"
    ABANDON = "abandon"
    DELETE = "delete"


MOVES: dict[Transition, tuple[frozenset[State], State | None]] = {
    Transition.START: (frozenset({State.PREPARATION}), State.IN_PROGRESS),
    Transition.CLOSE: (frozenset({State.IN_PROGRESS}), State.CLOSED),
    Transition.REOPEN: (frozenset({State.CLOSED}), State.IN_PROGRESS),
    Transition.ARCHIVE: (frozenset({State.CLOSED}), State.ARCHIVED),
    Transition.ABANDON: (frozenset({State.PREPARATION, State.IN_PROGRESS}), State.ABANDONED),
    Transition.DELETE: (frozenset({State.PREPARATION}), None),
}


def move_problem(transition: Transition, state: State, *, grades: int = 0, reason: str = "") -> str | None:
    """The French sentence saying why this move is refused, or None (then `MOVES` says where it goes)."""
    allowed, _ = MOVES[transition]
    if state not in allowed:
        return f"Impossible : l'évaluation est « {state.label.lower()} »."
    if transition is Transition.DELETE and grades:
        return f"Une évaluation qui a déjà {grades} cotation{'s' if grades > 1 else ''} ne se supprime pas : abandonnez-la avec une raison."
    if transition in (Transition.REOPEN, Transition.ABANDON) and not reason.strip():
        return "Dites pourquoi : la raison est gardée dans le journal des modifications."
    return None


class CampaignLocked(Exception):
    """A change asked of a campaign that no longer changes (closed, archived or abandoned)."""

    def __init__(self, message: str, *, campaign_pk: int | None = None):
        super().__init__(message)
        self.message = message
        self.campaign_pk = campaign_pk


def ensure_editable(state: State, *, campaign_pk: int | None = None) -> None:
    problem = editing_problem(state)
    if problem:
        raise CampaignLocked(problem, campaign_pk=campaign_pk)


def editing_problem(state: State) -> str | None:
    """Why nothing of a campaign in this state can change (None: it can)."""
    if state in EDITABLE:
        return None
    if state is State.ABANDONED:
        return "Cette évaluation est abandonnée : rien ne s'y modifie plus."
    return "Cette évaluation est clôturée : rien ne s'y modifie plus (rouvrez-la, avec une raison, pour la corriger)."


@dataclass(frozen=True)
class Completeness:
    rated: int  # cotations given
    expected: int  # cotations the planned interviews ask for
    uncovered: int  # applicable criteria no interview covers

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.rated >= self.expected and not self.uncovered

    @property
    def share(self) -> int:
        """Per cent of the expected cotations given (rounded down: 99 % is not done)."""
        return self.rated * 100 // self.expected if self.expected else 0

    def describe(self) -> str:
        if self.complete:
            return f"complète : {self.rated} cotations sur {self.expected} attendues"
        parts = [
            f"{self.rated} cotation{'s' if self.rated > 1 else ''} sur {self.expected} attendue{'s' if self.expected > 1 else ''}"
        ]
        if self.uncovered:
            parts.append(
                f"{self.uncovered} critère{'s' if self.uncovered > 1 else ''} applicable{'s' if self.uncovered > 1 else ''} dans aucun entretien"
            )
        return " ; ".join(parts)


def closing_problem(completeness: Completeness, statement: str) -> str | None:
    """A campaign closes complete, or with what is missing acknowledged in writing."""
    if completeness.complete or statement.strip():
        return None
    return (
        f"L'évaluation est incomplète ({completeness.describe()}) : écrivez ce qui manque et pourquoi, "
        "pour la clôturer quand même."
    )


def letter_shown(completeness: Completeness, state: State) -> bool:
    """The estimated letter is shown for a complete or a finished campaign only."""
    return completeness.complete or state in FINISHED
