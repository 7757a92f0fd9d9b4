"""Reading the signals: who may see them (the organisation's setting, read without writing), a
signal in its establishment (404 otherwise, and 404 for anyone not allowed), the register, and the
counts that are all the rest of the application sees (a constant number of queries)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ouvrage.actions.models import Action
from ouvrage.establishments.models import Establishment
from ouvrage.safeguarding import rules
from ouvrage.safeguarding.models import Access, Signal, SignalStatus

YEAR = timedelta(days=365)


def access_of(organisation_id: int) -> tuple[list[str], set[int]]:
    """The roles and the people the organisation names (the default roles without a setting)."""
    access = Access.objects.filter(organisation_id=organisation_id).first()
    if access is None:
        return list(rules.DEFAULT_ROLES), set()
    return list(access.roles), set(access.people.values_list("pk", flat=True))


def may_handle(user: Any) -> bool:
    """Whether this person sees and handles the signals of their organisation."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "organisation_id", None):
        return False
    roles, people = access_of(user.organisation_id)
    return rules.may_handle(role=user.role, user_id=user.pk, roles=roles, people=people)


def require_handler(user: Any) -> None:
    """404 for anyone the organisation did not name: the pages do not even say they exist."""
    if not may_handle(user):
        raise Http404


def signals_of(establishment: Establishment) -> list[Signal]:
    return list(Signal.objects.filter(establishment=establishment).prefetch_related("actions"))


def signal_for(*, establishment: Establishment, pk: int) -> Signal:
    return get_object_or_404(
        Signal.objects.filter(establishment=establishment)
        .select_related("reported_by", "establishment__organisation")
        .prefetch_related("actions"),
        pk=pk,
    )


def _counts(today: date) -> dict[str, Any]:
    since = today - YEAR
    late_before = today - timedelta(days=rules.ASSESS_WITHIN_DAYS)
    recent = Q(safeguarding_signals__occurred_on__gt=since)
    return {
        "reported": Count("safeguarding_signals", filter=recent, distinct=True),
        "closed": Count(
            "safeguarding_signals",
            filter=recent & Q(safeguarding_signals__status=SignalStatus.CLOSED),
            distinct=True,
        ),
        "open": Count(
            "safeguarding_signals",
            filter=~Q(safeguarding_signals__status=SignalStatus.CLOSED),
            distinct=True,
        ),
        "late": Count(
            "safeguarding_signals",
            filter=Q(safeguarding_signals__status=SignalStatus.REPORTED)
            & Q(safeguarding_signals__reported_at__date__lt=late_before),
            distinct=True,
        ),
        "actions": Count(
            "safeguarding_signals__actions",
            filter=recent,
            distinct=True,
        ),
    }


def figures_by_establishment(
    establishments: Iterable[Establishment], today: date
) -> dict[int, rules.Figures]:
    """The counts of each establishment (one query whatever their number)."""
    ids = [e.pk for e in establishments]
    rows = Establishment.objects.filter(pk__in=ids).values("pk").annotate(**_counts(today))
    return {
        row["pk"]: rules.Figures(
            reported=row["reported"],
            closed=row["closed"],
            open=row["open"],
            late=row["late"],
            actions=row["actions"],
        )
        for row in rows
    }


def figures_of(establishment: Establishment, today: date) -> rules.Figures:
    """The counts of one establishment (one query): all that a criterion's page shows."""
    return figures_by_establishment([establishment], today).get(establishment.pk, rules.Figures())


def actions_of(signal: Signal) -> list[Action]:
    return list(signal.actions.all())
