"""The action plan as a spreadsheet."""

from __future__ import annotations

from ouvrage.actions.models import Action
from ouvrage.core.spreadsheets import export_rows


def export_action_plan(actions: list[Action]) -> bytes:
    rows = []
    for a in actions:
        last = a.notes.all()[0] if a.notes.all() else None
        rows.append(
            [
                a.title,
                a.description,
                ", ".join(c.code for c in a.criteria.all()),
                str(a.owner or ""),
                a.due_on,
                a.get_priority_display(),
                a.get_status_display(),
                a.abandon_reason,
                a.campaign.title if a.campaign else "",
                f"{last.written_on:%d/%m/%Y} : {last.text}" if last else "",
            ]
        )
    return export_rows(
        "Plan d'action",
        [
            "Action",
            "Description",
            "Critères",
            "Pilote",
            "Échéance",
            "Priorité",
            "État",
            "Raison de l'abandon",
            "Évaluation d'origine",
            "Dernière note d'avancement",
        ],
        rows,
    )
