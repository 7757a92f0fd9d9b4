"""The complaints register as a spreadsheet."""

from __future__ import annotations

from datetime import date
from typing import Any

from ouvrage.complaints import rules
from ouvrage.complaints.models import Complaint
from ouvrage.core.spreadsheets import export_rows


def export_register(complaints: list[Complaint], today: date) -> bytes:
    rows = [
        [
            c.reference,
            c.received_on,
            c.get_kind_display(),
            c.channel_label,
            c.theme_label,
            c.get_from_whom_display(),
            c.person_code,
            c.subject,
            c.description,
            c.get_state_display(),
            c.acknowledge_due,
            c.acknowledged_on,
            c.answer_due,
            c.answered_on,
            (c.answered_on - c.received_on).days if c.answered_on else None,
            "oui" if rules.missed(c.facts, today) else "non",
            c.answer,
            c.what_changed,
            c.closed_on,
        ]
        for c in complaints
    ]
    return export_rows(
        "Réclamations",
        [
            "Référence",
            "Reçue le",
            "Nature",
            "Canal",
            "Thème",
            "De la part de",
            "Code de la personne",
            "Objet",
            "Ce qui est dit",
            "État",
            "Accusé de réception attendu le",
            "Accusé de réception le",
            "Réponse attendue le",
            "Réponse le",
            "Délai de réponse (jours)",
            "Délai dépassé",
            "Réponse",
            "Ce qui a changé",
            "Close le",
        ],
        rows,
        totals=_totals(complaints, today),
    )


def _totals(complaints: list[Complaint], today: date) -> list[list[Any]]:
    """The dashboard's counts, on a second sheet."""
    listed = rules.lists()
    board = rules.dashboard(
        (c.facts for c in complaints), today, channels=listed.channels, themes=listed.themes
    )
    lines: list[list[Any]] = [
        ["Reçues en 12 mois", board.total],
        ["En cours", board.open],
        ["En retard aujourd'hui", board.late_now],
        ["Délais dépassés en 12 mois", board.missed],
        [],
        ["Par mois", ""],
    ]
    lines += [[month, n] for month, n in board.by_month]
    for title, counts in (
        ("Par canal (12 mois)", board.by_channel),
        ("Par thème (12 mois)", board.by_theme),
        ("En cours, par ancienneté", board.open_by_age),
    ):
        lines.append([])
        lines.append([title, ""])
        lines.extend([label, n] for label, n in counts)
    return lines
