from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from ouvrage.actions.models import OPEN_STATUSES, Action
from ouvrage.campaigns.lifecycle import FINISHED
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import summaries_for
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def action_for(*, user: User, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.for_user(user).select_related(
            "establishment__organisation", "campaign__frame_version", "owner"
        ),
        pk=pk,
    )


def quarter_end(today: date) -> date:
    first_of_next = date(today.year + (today.month > 9), (((today.month - 1) // 3 + 1) * 3) % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


@dataclass
class Movement:
    code: str
    before: Decimal | None
    after: Decimal | None
    later_campaign: Campaign | None

    @property
    def direction(self) -> str:
        if self.before is None or self.after is None:
            return ""
        return "monte" if self.after > self.before else "baisse" if self.after < self.before else "stable"


@dataclass
class PlanRow:
    action: Action
    late: bool
    movements: list[Movement] = field(default_factory=list)


@dataclass
class Plan:
    late: list[PlanRow]
    this_quarter: list[PlanRow]
    later: list[PlanRow]
    closed: list[PlanRow]
    by_owner: list[tuple[str, int, int]]  # owner, open, late
    quarter_end: date


def scores_by_campaign(campaigns: list[Campaign]) -> dict[int, dict[str, Decimal | None]]:
    """Criterion scores of each campaign, from the stored summaries."""
    return {
        pk: {code: Decimal(score) for code, score in summary.criteria.items()}
        for pk, summary in summaries_for(campaigns).items()
    }


def actions_of(establishment: Establishment) -> list[Action]:
    return list(
        Action.objects.filter(establishment=establishment)
        .select_related("owner", "campaign")
        .prefetch_related("criteria", "notes")
    )


def actions_between(establishment: Establishment, first: date, last: date) -> list[Action]:
    """Actions decided between two dates (two campaigns of the establishment, for instance)."""
    return list(
        Action.objects.filter(
            establishment=establishment, created_at__date__gte=first, created_at__date__lte=last
        )
        .select_related("owner")
        .prefetch_related("criteria")
    )


def open_criteria_codes(establishment: Establishment) -> list[str]:
    """Codes of the criteria already followed by an open action."""
    return [
        code
        for code in Action.objects.filter(establishment=establishment)
        .open()
        .values_list("criteria__code", flat=True)
        if code
    ]


def plan_for(establishment: Establishment, today: date) -> Plan:
    actions = list(
        Action.objects.filter(establishment=establishment)
        .select_related("owner", "campaign")
        .prefetch_related("criteria")
        .order_by("due_on", "id")
    )
    campaigns = sorted(
        Campaign.objects.filter(establishment=establishment), key=lambda c: (c.starts_on, c.pk)
    )
    scores = scores_by_campaign(campaigns) if actions else {}
    end = quarter_end(today)
    plan = Plan([], [], [], [], [], end)
    owners: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for action in actions:
        row = PlanRow(action, action.is_late(today), movements_of(action, campaigns, scores))
        if action.status not in OPEN_STATUSES:
            plan.closed.append(row)
            continue
        owner = str(action.owner) if action.owner else "Sans pilote"
        owners[owner][0] += 1
        if row.late:
            owners[owner][1] += 1
            plan.late.append(row)
        elif action.due_on is not None and action.due_on <= end:
            plan.this_quarter.append(row)
        else:
            plan.later.append(row)
    plan.by_owner = sorted(
        ((o, n, late) for o, (n, late) in owners.items()), key=lambda x: (-x[2], -x[1], x[0])
    )
    return plan


def movements_of(
    action: Action, campaigns: list[Campaign], scores: dict[int, dict[str, Decimal | None]]
) -> list[Movement]:
    """For each linked criterion: its score in the action's campaign and in the latest later closed
    campaign that scored it (an evaluation under way proves nothing yet)."""
    origin = action.campaign
    result = []
    for criterion in action.criteria.all():
        before = scores.get(origin.pk, {}).get(criterion.code) if origin else None
        later = [
            c
            for c in campaigns
            if (origin is None or (c.starts_on, c.pk) > (origin.starts_on, origin.pk))
            and c.lifecycle in FINISHED
            and scores.get(c.pk, {}).get(criterion.code) is not None
        ]
        last = later[-1] if later else None
        result.append(
            Movement(criterion.code, before, scores[last.pk][criterion.code] if last else None, last)
        )
    return result
