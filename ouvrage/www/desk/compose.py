"""The desk: what a person opens every morning, composed from what each domain stores — the
evaluations under way and how complete they are (campaign summaries), the impératifs at risk, the
interviews to run, the actions due or late, the next dates (calendar), what the team wrote in the
real-work journal this month. Nothing is computed from the grades on read: the summaries are kept
current on write. A constant number of queries whatever the number of establishments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q

from ouvrage.accounts.permissions import EDITORS
from ouvrage.actions.models import Action
from ouvrage.calendar.entries import upcoming
from ouvrage.calendar.selectors import entries_for
from ouvrage.campaigns.lifecycle import EDITABLE, Completeness, State
from ouvrage.campaigns.models import Campaign, Interview
from ouvrage.campaigns.selectors import Summary, code_key, standings, summaries_for
from ouvrage.establishments.models import Establishment
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.qualitydocs.models import QualityDocument
from ouvrage.qualitydocs.selectors import overdue_for, to_read_for
from ouvrage.realwork.models import WorkGap
from ouvrage.www.calendar.views import Shown, shown_entry

if TYPE_CHECKING:
    from ouvrage.accounts.models import User

SOON = 30  # days ahead for actions and interviews
DATES_AHEAD = 120  # days ahead for the next dates
SHOWN = 8  # items of a list shown before « et N autres »
CARDS_FROM = 4  # establishments in scope from which the desk shows one card per establishment


@dataclass(frozen=True)
class AtRisk:
    """An impératif below the threshold at the latest closed evaluation, or lower now in the one under
    way than it was then."""

    code: str
    closed: Decimal | None  # its score at the latest closed evaluation
    current: Decimal | None  # its score so far in the one under way
    why: str  # « sous 3,5 » or « en baisse »


@dataclass
class EstablishmentCard:
    establishment: Establishment
    closed: Campaign | None = None
    letter: str = ""
    mean_100: Decimal | None = None
    current: Campaign | None = None
    completeness: Completeness | None = None
    at_risk: list[AtRisk] = field(default_factory=list)
    late_actions: int = 0
    next_date: Shown | None = None


@dataclass(frozen=True)
class InProgress:
    campaign: Campaign
    completeness: Completeness


@dataclass
class Desk:
    today: date
    cards: list[EstablishmentCard]  # one per establishment in scope
    as_cards: bool  # many establishments: one card each; few: the lists below say it all
    in_progress: list[InProgress]  # every evaluation in preparation or in progress
    at_risk: list[tuple[Establishment, AtRisk]]  # the lowest first, at most SHOWN
    at_risk_count: int
    interviews: list[Interview]
    interviews_more: int
    my_actions: list[Action]  # the person's own, late or due within SOON days
    my_actions_more: int
    late_actions: int  # in the whole scope
    dates: list[Shown]
    dates_more: int
    due_unprepared: list[tuple[Establishment, date]]  # evaluation due within a year, none under way
    journal: list[WorkGap]  # this month
    journal_count: int
    threshold: Decimal
    to_read: list[QualityDocument] = field(default_factory=list)  # quality documents to read
    to_review: list[QualityDocument] = field(default_factory=list)  # their review date has passed


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def imperatives_at_risk(closed: Summary | None, current: Summary | None, threshold: Decimal) -> list[AtRisk]:
    """Below the threshold at the latest closed evaluation, or lower in the one under way than then
    (an impératif is in `unmet` unless all its elements are rated 4)."""
    found: dict[str, AtRisk] = {}
    if closed is not None:
        for code in closed.unmet:
            score = _decimal(closed.criteria.get(code))
            if score is not None and score < threshold:
                now = _decimal(current.criteria.get(code)) if current else None
                found[code] = AtRisk(code, score, now, "sous le seuil")
    if closed is not None and current is not None:
        for code in current.unmet:
            before, now = _decimal(closed.criteria.get(code)), _decimal(current.criteria.get(code))
            if code not in found and before is not None and now is not None and now < before:
                found[code] = AtRisk(code, before, now, "en baisse")
    return sorted(found.values(), key=lambda r: code_key(r.code))


def desk_for(user: User, today: date) -> Desk:
    establishments = list(Establishment.objects.for_user(user).order_by("name"))
    standing = standings(establishments)
    # Every evaluation under way (an establishment may prepare next year's while this year's runs).
    under_way = list(
        Campaign.objects.filter(establishment__in=establishments, state__in=EDITABLE)
        .select_related("establishment", "frame_version")
        .order_by("establishment__name", "starts_on", "pk")
    )
    closed_ones = [s.closed for s in standing.values() if s.closed is not None]
    summaries = summaries_for([*closed_ones, *under_way])
    mandatory = mandatory_versions()
    threshold = mandatory[0].rules.scale.imperative_threshold if mandatory else Decimal("3.5")
    late = Counter(
        Action.objects.late(today)
        .filter(establishment__in=establishments)
        .values_list("establishment_id", flat=True)
    )
    entries = upcoming(entries_for(user), today, DATES_AHEAD)
    dates = [shown_entry(e) for e in entries]
    next_of: dict[int, Shown] = {}  # by establishment id (two establishments may share a name)
    for shown in dates:
        next_of.setdefault(shown.establishment_id, shown)
    # The one under way an impératif's trend is read from: the latest started, else the latest planned.
    running: dict[int, Campaign] = {}
    for campaign in sorted(under_way, key=lambda c: (c.state == State.IN_PROGRESS, c.starts_on, c.pk)):
        running[campaign.establishment_id] = campaign

    cards = []
    for establishment in establishments:
        found = standing.get(establishment.pk)
        card = EstablishmentCard(establishment, late_actions=late[establishment.pk])
        closed = current = None
        if found and found.closed is not None:
            card.closed = found.closed
            closed = summaries[found.closed.pk]
            card.letter, card.mean_100 = closed.letter, closed.mean_100
        if establishment.pk in running:
            card.current = running[establishment.pk]
            current = summaries[card.current.pk]
            card.completeness = current.completeness
        card.at_risk = imperatives_at_risk(closed, current, threshold)
        card.next_date = next_of.get(establishment.pk)
        cards.append(card)

    interviews, interviews_more = _interviews(user, today)
    my_actions = (
        Action.objects.for_user(user).open().filter(owner=user, due_on__lte=today + timedelta(days=SOON))
    )
    mine = list(my_actions.select_related("establishment").order_by("due_on", "pk")[:SHOWN])
    first_of_month = today.replace(day=1)
    journal = WorkGap.objects.filter(establishment__in=establishments, occurred_on__gte=first_of_month)
    return Desk(
        today=today,
        cards=cards,
        as_cards=len(cards) >= CARDS_FROM,
        in_progress=[InProgress(c, summaries[c.pk].completeness) for c in under_way],
        at_risk=sorted(
            ((c.establishment, r) for c in cards for r in c.at_risk),
            key=lambda pair: pair[1].current if pair[1].current is not None else pair[1].closed or 0,
        )[:SHOWN],
        at_risk_count=sum(len(c.at_risk) for c in cards),
        interviews=interviews,
        interviews_more=interviews_more,
        my_actions=mine,
        my_actions_more=my_actions.count() - SHOWN if len(mine) == SHOWN else 0,
        late_actions=sum(late.values()),
        due_unprepared=sorted(
            (
                (e, e.next_evaluation_due)
                for e in establishments
                if e.next_evaluation_due
                and e.next_evaluation_due <= today + timedelta(days=365)
                and e.pk not in running
            ),
            key=lambda pair: pair[1],
        ),
        dates=dates[:SHOWN],
        dates_more=max(0, len(dates) - SHOWN),
        journal=list(journal.select_related("establishment")[:3]),
        journal_count=journal.count(),
        threshold=threshold,
        to_read=to_read_for(user),
        to_review=overdue_for(user, today) if user.role in EDITORS else [],
    )


def _interviews(user: User, today: date) -> tuple[list[Interview], int]:
    """Interviews of the evaluations under way that are not rated yet, dated within SOON days (or not
    dated yet), the earliest first: for an external evaluator, those of the evaluations they conduct."""
    to_run = (
        Interview.objects.filter(campaign__in=Campaign.objects.for_user(user).filter(state__in=EDITABLE))
        .filter(Q(scheduled_on__isnull=True) | Q(scheduled_on__lte=today + timedelta(days=SOON)))
        .annotate(rated=Count("ratings", filter=~Q(ratings__mark="")))
        .filter(rated=0)
    )
    shown: list[Interview] = list(
        to_run.select_related("campaign__establishment").order_by(
            F("scheduled_on").asc(nulls_last=True), "campaign__starts_on", "pk"
        )[:SHOWN]
    )
    return shown, (to_run.count() - SHOWN if len(shown) == SHOWN else 0)
