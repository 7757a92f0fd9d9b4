"""The organisation's journal of changes, as its administrators read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator

from ouvrage.audit.actions import action_label
from ouvrage.audit.details import dates_in_words, details, object_label
from ouvrage.audit.models import AuditEvent


@dataclass(frozen=True)
class JournalFilters:
    who: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Journal:
    page: Page
    kinds: list[tuple[str, str]]
    filters: JournalFilters


def journal_for(organisation: Any, filters: JournalFilters, page_number: Any) -> Journal:
    events = AuditEvent.objects.for_organisation(organisation)
    kinds = sorted(
        ((t, object_label(t)) for t in events.values_list("target_type", flat=True).distinct().order_by()),
        key=lambda pair: pair[1],
    )
    if filters.who:
        events = events.filter(actor_label__icontains=filters.who)
    if filters.kind:
        events = events.filter(target_type=filters.kind)
    if filters.since:
        events = events.filter(occurred_at__date__gte=filters.since)
    if filters.until:
        events = events.filter(occurred_at__date__lte=filters.until)
    page = Paginator(events.order_by("-occurred_at", "-id"), 50).get_page(page_number)
    for event in page.object_list:
        event.object_label = object_label(event.target_type)
        event.action_label = action_label(event.action)
        event.shown_target = dates_in_words(event.target_label)
        event.details = details(event.action, event.target_type, event.changes)
    return Journal(page=page, kinds=kinds, filters=filters)
