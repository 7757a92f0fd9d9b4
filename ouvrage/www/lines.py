"""`{{ ratings|cotations }}`: an element's cotations as the results page writes them, « 4 » (Entretien)
; … — built in Python, since a page of a full evaluation writes about a thousand of them and the
template engine's loop cost most of its time (issue 17). Loaded in every template (settings: builtins)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def cotations(ratings: Sequence[Any]) -> SafeString:
    """« mark » (interview)[ : justification], separated by « ; »; « pas de cotation » for none.
    A cotation without a mark (a comment only) writes nothing."""
    if not ratings:
        return mark_safe("pas de cotation")
    last = len(ratings) - 1
    parts = []
    for i, rating in enumerate(ratings):
        if not rating.mark:
            continue
        text = f"« {escape(rating.mark)} » ({escape(rating.interview.title)})"
        if rating.justification:
            text += f" : {escape(rating.justification)}"
        parts.append(text + (" ; " if i < last else ""))
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped
