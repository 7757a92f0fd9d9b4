"""The adverse events register as a spreadsheet."""

from __future__ import annotations

from ouvrage.core.spreadsheets import export_rows
from ouvrage.incidents.models import AdverseEvent


def export_register(events: list[AdverseEvent]) -> bytes:
    rows = [
        [
            e.number,
            e.occurred_on,
            e.occurred_at.strftime("%H:%M") if e.occurred_at else "",
            e.place,
            e.get_category_display(),
            e.what,
            e.person_code,
            e.immediate_measures,
            str(e.declarant or "sans nom"),
            e.get_status_display(),
            e.get_qualification_display() if e.qualification else "",
            e.severity_label,
            e.frequency_label,
            "oui" if e.must_declare else "non",
            e.authorities_declared_on,
            "; ".join(f"{label} : {text}" for label, text in e.cause_lines),
            e.analysis,
            ", ".join(a.title for a in e.actions.all()),
            e.feedback,
        ]
        for e in events
    ]
    return export_rows(
        "Événements indésirables",
        [
            "N°",
            "Date",
            "Heure",
            "Lieu",
            "Type",
            "Ce qui s'est passé",
            "Personne (code)",
            "Mesures immédiates",
            "Déclarant",
            "État",
            "Qualification",
            "Gravité",
            "Fréquence",
            "À déclarer aux autorités",
            "Déclaré aux autorités le",
            "Causes (ALARM)",
            "Synthèse de l'analyse",
            "Actions",
            "Retour au déclarant",
        ],
        rows,
    )
