"""Status tags: a state said in words and doubled by colour, the same everywhere (`{% load status %}`).

    {% status "campaign" campaign.state campaign.lifecycle.label %}   → « En cours » in blue
    {% status "action" action.status action.get_status_display %}     → « Réalisée » in green
    {% status "projet" projet.stage %}                                → « adopté » in green
    {% status "job" job.status job.get_status_display %}              → « Échec » in red
    {% met result.strictly_met %}                                     → « oui » green / « non » red
    {% tag "en retard" "error" %}                                     → any words, any tone

The words are the ones the page already says; only their colour comes from here (ouvrage.css:
`.tag-info`, `.tag-success`, `.tag-warning`, `.tag-error`, `.tag-neutral`). A value this module does
not know is shown in the neutral tone, never hidden.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

TONES = frozenset({"info", "success", "warning", "error", "neutral", "quiet"})

STATES: dict[str, dict[str, str]] = {
    # An evaluation's life (campaigns/lifecycle.py).
    "campaign": {
        "preparation": "neutral",
        "in_progress": "info",
        "closed": "success",
        "archived": "quiet",
        "abandoned": "error",
    },
    # An action of the plan (actions/models.py Status).
    "action": {"planned": "neutral", "in_progress": "info", "done": "success", "abandoned": "quiet"},
    # A document produced in the background, an import of published results (documents JobStatus,
    # national ImportStatus).
    "job": {"queued": "neutral", "running": "info", "done": "success", "failed": "error", "refused": "error"},
    # The projet d'établissement's step (projet/models.py Projet.stage).
    "projet": {
        "en cours d'écriture": "warning",
        "CVS consulté": "info",
        "adopté": "success",
        "transmis": "success",
    },
}


def tone_of(kind: str, value: Any) -> str:
    return STATES.get(kind, {}).get(str(value), "neutral")


@register.simple_tag
def tag(label: Any, tone: str = "neutral") -> SafeString:
    """Any words as a tag of one of the tones."""
    return format_html('<span class="tag tag-{}">{}</span>', tone if tone in TONES else "neutral", label)


@register.simple_tag
def status(kind: str, value: Any, label: Any = None) -> SafeString:
    """The state `value` of a `kind` ("campaign", "action", "projet") with its words `label`
    (the value itself when not given)."""
    return tag(value if label in (None, "") else label, tone_of(kind, value))


@register.simple_tag
def met(value: Any, yes: str = "oui", no: str = "non", unknown: str = "non coté") -> SafeString:
    """A yes/no fact that is good when true (an impératif met): green « oui », red « non »; grey
    « non coté » for None."""
    if value is None:
        return tag(unknown, "neutral")
    return tag(yes, "success") if value else tag(no, "error")
