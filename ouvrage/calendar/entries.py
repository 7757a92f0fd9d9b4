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
    INTERVIEW = "interview"
    CAMPAIGN_END = "campaign_end"
    DOCUMENT_REVIEW = "document_review"

    @property
    def label(self) -> str:
        return {
            "evaluation_due": "Évaluation à rendre",
            "rules_revision": "Règlement de fonctionnement à réviser",
            "cvs_meeting": "Conseil de la vie sociale",
            "action_due": "Échéance d'action",
            "visit": "Jour de visite d'évaluation",
            "projet_expiry": "Projet d'établissement à renouveler",
            "interview": "Entretien d'évaluation",
            "campaign_end": "Fin prévue de l'évaluation",
            "document_review": "Document qualité à réviser",
        }[self.value]


class Subject(StrEnum):
    """What an entry opens onto; the web layer turns (subject, id) into a page address."""

    ESTABLISHMENT = "establishment"
    ACTION = "action"
    CAMPAIGN = "campaign"
    PROJET = "projet"  # the id is the establishment's
    INTERVIEW = "interview"  # the id is the interview's, `campaign_id` its campaign's
    QUALITY_DOCUMENT = "quality_document"  # the id is the document's, `establishment_id` its establishment's


@dataclass(frozen=True)
class Entry:
    on: date
    kind: Kind
    title: str  # what the kind does not say already ("" when it says everything)
    establishment: str
    key: str  # stable identity, for feeds and reminders
    subject: Subject | None = None
    subject_id: int = 0
    campaign_id: int = 0
    establishment_id: int = 0

    @property
    def text(self) -> str:
        """The kind, then what is particular to this date, each said once: « Conseil de la vie
        sociale : Menus et animation », « Évaluation à rendre »."""
        if not self.title or self.title == self.kind.label:
            return self.kind.label
        return f"{self.kind.label} : {self.title}"


def visit_days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def upcoming(entries: Iterable[Entry], today: date, days: int) -> list[Entry]:
    """Entries from today to `days` ahead, in date order."""
    end = today + timedelta(days=days)
    return sorted((e for e in entries if today <= e.on <= end), key=lambda e: (e.on, e.kind.value, e.title))


REMINDER_DAYS = (30, 7, 1)
ALREADY_HELD = "Je consigne une réunion déjà tenue"


def meeting_date_problem(held_on: date, today: date, *, already_held: bool) -> str | None:
    """A CVS meeting is planned ahead; one in the past is recorded only when the person says it was
    held already (the review saw 1 January 2020 accepted without a word)."""
    if held_on < today and not already_held:
        return (
            f"Cette date est passée : pour consigner une réunion déjà tenue, cochez « {ALREADY_HELD} » ; "
            "sinon choisissez une date à venir."
        )
    if held_on > today and already_held:
        return (
            f"Une réunion déjà tenue ne peut pas être datée après aujourd'hui : corrigez la date ou "
            f"décochez « {ALREADY_HELD} »."
        )
    return None


def reminders_due(entries: Iterable[Entry], today: date) -> list[tuple[Entry, int]]:
    """(entry, days before) for entries exactly 30, 7 or 1 days ahead."""
    return [(e, (e.on - today).days) for e in entries if (e.on - today).days in REMINDER_DAYS]
