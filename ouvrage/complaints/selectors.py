"""Reading the complaints register, each in a number of queries that does not grow with the data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from ouvrage.complaints import rules
from ouvrage.complaints.models import Complaint, ComplaintLink
from ouvrage.core.formatting import counted
from ouvrage.establishments.models import Establishment

FACT_FIELDS = (
    "received_on",
    "state",
    "acknowledge_due",
    "answer_due",
    "acknowledged_on",
    "answered_on",
    "channel",
    "theme",
)
SHOWN = 200  # complaints listed on the register page (the export holds them all)


def complaint_for(establishment: Establishment, pk: int) -> Complaint | None:
    return (
        Complaint.objects.filter(establishment=establishment, pk=pk)
        .select_related("establishment__organisation", "recorded_by")
        .first()
    )


def complaints_of(
    establishment: Establishment, *, state: str = "", limit: int | None = SHOWN
) -> list[Complaint]:
    found = Complaint.objects.filter(establishment=establishment)
    if state == "open":
        found = found.filter(state__in=rules.OPEN_STATES)
    elif state:
        found = found.filter(state=state)
    return list(found[:limit] if limit else found)


def _facts(establishment: Establishment, today: date) -> list[rules.Facts]:
    """What the rules need of the last twelve months' complaints and the open ones (one query)."""
    since = rules.twelve_months_ago(today)
    rows = Complaint.objects.filter(establishment=establishment).filter(
        Q(received_on__gte=since) | Q(state__in=rules.OPEN_STATES)
    )
    return [rules.Facts(**row) for row in rows.values(*FACT_FIELDS)]


def dashboard_of(establishment: Establishment, today: date) -> rules.Dashboard:
    listed = rules.lists()
    return rules.dashboard(
        _facts(establishment, today), today, channels=listed.channels, themes=listed.themes
    )


def figures_of(establishment: Establishment, today: date) -> rules.Figures:
    """The register's figures for the evaluation pages (one query)."""
    return rules.figures(_facts(establishment, today), today)


@dataclass(frozen=True)
class EstablishmentFigures:
    establishment: Establishment
    figures: rules.Figures
    board: rules.Dashboard

    @property
    def median_text(self) -> str:
        days = self.figures.median_days
        return counted(round(days), "jour") if days is not None else "—"


def across(establishments: list[Establishment], today: date) -> list[EstablishmentFigures]:
    """Each establishment's figures side by side, for the organisation (one query)."""
    since = rules.twelve_months_ago(today)
    facts: dict[int, list[rules.Facts]] = defaultdict(list)
    rows = Complaint.objects.filter(establishment__in=[e.pk for e in establishments]).filter(
        Q(received_on__gte=since) | Q(state__in=rules.OPEN_STATES)
    )
    for row in rows.values("establishment_id", *FACT_FIELDS):
        facts[row.pop("establishment_id")].append(rules.Facts(**row))
    listed = rules.lists()
    return [
        EstablishmentFigures(
            establishment=e,
            figures=rules.figures(facts[e.pk], today),
            board=rules.dashboard(facts[e.pk], today, channels=listed.channels, themes=listed.themes),
        )
        for e in establishments
    ]


def link_of(establishment: Establishment) -> ComplaintLink | None:
    return ComplaintLink.objects.filter(establishment=establishment).first()


def open_link(token: str) -> ComplaintLink | None:
    """The public link of this token, if it is open."""
    return (
        ComplaintLink.objects.filter(token=token, is_open=True)
        .select_related("establishment__organisation")
        .first()
    )


def followed(token: str) -> Complaint | None:
    """The complaint of a follow-up token (only that one)."""
    return Complaint.objects.filter(follow_token=token).select_related("establishment").first()
