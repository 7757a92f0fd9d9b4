"""The organisation's registers side by side (`organisme/registres/`): per establishment of the
person's scope, the adverse events, the complaints and — for the people the organisation names
only — the maltreatment signals, over 12 months, open and late; one query per register whatever
the number of establishments. Composed here, in the web layer, from each register's selector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ouvrage.complaints.selectors import across as complaints_across
from ouvrage.establishments.models import Establishment
from ouvrage.incidents.selectors import Across as EventCounts
from ouvrage.incidents.selectors import across as events_across
from ouvrage.safeguarding.rules import Figures as SignalCounts
from ouvrage.safeguarding.selectors import figures_by_establishment


@dataclass(frozen=True)
class Row:
    establishment: Establishment
    events: EventCounts
    complaints_received: int
    complaints_open: int
    complaints_late: int
    signals: SignalCounts | None  # None for a person the organisation does not name


def rows_for(establishments: list[Establishment], today: date, *, with_signals: bool) -> list[Row]:
    events = events_across([e.pk for e in establishments], today)
    complaints = {row.establishment.pk: row for row in complaints_across(establishments, today)}
    signals = figures_by_establishment(establishments, today) if with_signals else {}
    return [
        Row(
            establishment=e,
            events=events.get(e.pk, EventCounts()),
            complaints_received=complaints[e.pk].figures.received,
            complaints_open=complaints[e.pk].board.open,
            complaints_late=complaints[e.pk].board.late_now,
            signals=signals.get(e.pk, SignalCounts()) if with_signals else None,
        )
        for e in establishments
    ]


def header(*, with_signals: bool) -> list[str]:
    columns = [
        "Établissement",
        "Événements indésirables en 12 mois",
        "Événements en cours",
        "Événements à déclarer aux autorités",
        "Réclamations en 12 mois",
        "Réclamations en cours",
        "Réclamations en retard",
    ]
    if with_signals:
        columns += ["Signalements en 12 mois", "Signalements en cours", "Signalements non évalués à temps"]
    return columns


def cells(row: Row) -> list[Any]:
    values: list[Any] = [
        row.establishment.name,
        row.events.declared,
        row.events.open,
        row.events.to_declare,
        row.complaints_received,
        row.complaints_open,
        row.complaints_late,
    ]
    if row.signals is not None:
        values += [row.signals.reported, row.signals.open, row.signals.late]
    return values
