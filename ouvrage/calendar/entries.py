"""The dates a director is held to, as one list. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Kind(StrEnum):
    EVALUATION_DUE = "evaluation_due"
    RULES_REVISION = "rules_revision"
    CVS_MEETING = "cvs_meeting"
    ACTION_DUE = "action_due"
    VISIT = "visit"
    PROJET_EXPIRY = "projet_expiry"

    @property
    def label(self) -> str:
        return {
            "evaluation_due": "Évaluation à rendre",
            "rules_revision": "Révision du règlement de fonctionnement",
            "cvs_meeting": "Conseil de la vie sociale",
            "action_due": "Échéance d'action",
            "visit": "Jour de visite d'évaluation",
            "projet_expiry": "Projet d'établissement à renouveler",
        }[self.value]


class Subject(StrEnum):
    """What an entry opens onto; the web layer turns (subject, id) into a page address."""

    ESTABLISHMENT = "establishment"
    ACTION = "action"
    CAMPAIGN = "campaign"
    PROJET = "projet"  # the id is the establishment's


@dataclass(frozen=True)
class Entry:
    on: date
    kind: Kind
    title: str
    establishment: str
    key: str  # stable identity, for feeds and reminders
    subject: Subject | None = None
    subject_id: int = 0


def visit_days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def upcoming(entries: Iterable[Entry], today: date, days: int) -> list[Entry]:
    """Entries from today to `days` ahead, in date order."""
    end = today + timedelta(days=days)
    return sorted((e for e in entries if today <= e.on <= end), key=lambda e: (e.on, e.kind.value, e.title))


REMINDER_DAYS = (30, 7, 1)


def reminders_due(entries: Iterable[Entry], today: date) -> list[tuple[Entry, int]]:
    """(entry, days before) for entries exactly 30, 7 or 1 days ahead."""
    return [(e, (e.on - today).days) for e in entries if (e.on - today).days in REMINDER_DAYS]
