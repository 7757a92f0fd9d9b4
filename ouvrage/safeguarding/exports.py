"""The maltreatment signals register as a spreadsheet (for the people the organisation names only:
the view checks it as for the register's page)."""

from __future__ import annotations

from ouvrage.core.spreadsheets import export_rows
from ouvrage.safeguarding.models import Signal


def export_signals(signals: list[Signal]) -> bytes:
    rows = [
        [
            s.number,
            s.occurred_on,
            s.place,
            s.get_nature_display(),
            s.person_code,
            s.get_reporter_role_display(),
            s.what,
            s.immediate_measures,
            s.get_status_display(),
            s.assessment,
            s.decisions,
            "oui" if s.authorities_concerned else "non",
            s.authorities_reported_on,
            ", ".join(a.title for a in s.actions.all()),
            s.closing_note,
        ]
        for s in signals
    ]
    return export_rows(
        "Signalements",
        [
            "N°",
            "Date des faits",
            "Lieu",
            "Nature",
            "Personne (code)",
            "Signalé par",
            "Ce qui a été constaté ou rapporté",
            "Mesures de protection immédiates",
            "État",
            "Évaluation de la situation",
            "Décisions",
            "À porter à la connaissance des autorités",
            "Transmis aux autorités le",
            "Actions",
            "Conclusion",
        ],
        rows,
    )
