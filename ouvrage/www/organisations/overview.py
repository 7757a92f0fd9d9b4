"""The organisation's view: its establishments side by side (the latest closed evaluation of each, and
the one under way with how complete it is), composed from what each domain stores (campaign
summaries, late actions, projets)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ouvrage.actions.models import Action
from ouvrage.campaigns.lifecycle import Completeness
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import code_key, standings, summaries_for
from ouvrage.establishments.models import Establishment
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.projet.models import Projet

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


@dataclass(frozen=True)
class Figures:
    letter: str
    mean_100_display: Decimal | None
    imperatives_at_threshold: int
    applicable_imperatives: int


@dataclass
class Row:
    establishment: Establishment
    campaign: Campaign | None  # the latest closed evaluation: the figures are its
    current: Campaign | None = None  # the evaluation under way, if any
    completeness: Completeness | None = None  # of the one under way
    objectives: dict[str, str] = field(default_factory=dict)  # code -> "3.25"
    quality: Figures | None = None
    unmet: list[str] = field(default_factory=list)
    late_actions: int = 0
    due_soon: bool = False


@dataclass
class OrganisationView:
    rows: list[Row]
    objective_codes: list[str]
    unmet_counts: list[tuple[str, int]]  # impératif, number of establishments where it is not fully met
    due: list[tuple[Establishment, date]]  # evaluations due in the next 12 months (establishment, date)
    projets_due: list[tuple[Establishment, date]] = field(
        default_factory=list
    )  # projets expiring within 12 months
    threshold: Decimal = Decimal("3.5")  # the mandatory frame's impératif threshold (frame data)


def organisation_view(
    user: User, today: date, *, sector: str = "", public: str = "", category: str = ""
) -> OrganisationView:
    establishments = Establishment.objects.for_user(user)
    if sector:
        establishments = establishments.filter(sector=sector)
    if category:
        establishments = establishments.filter(finess_category=category)
    listed = [e for e in establishments if not public or public in e.publics]
    standing = standings(listed)
    late = Counter(
        Action.objects.late(today).filter(establishment__in=listed).values_list("establishment_id", flat=True)
    )
    rows: list[Row] = []
    codes: set[str] = set()
    unmet_counter: Counter[str] = Counter()
    summaries = summaries_for([c for s in standing.values() for c in (s.closed, s.current) if c is not None])
    for establishment in listed:
        found = standing.get(establishment.pk)
        row = Row(
            establishment,
            found.closed if found else None,
            found.current if found else None,
            late_actions=late[establishment.pk],
        )
        if row.current is not None:
            row.completeness = summaries[row.current.pk].completeness
        if row.campaign is not None:
            summary = summaries[row.campaign.pk]
            row.objectives = dict(summary.objectives)
            row.quality = Figures(
                summary.letter,
                summary.mean_100,
                summary.imperatives_at_threshold,
                summary.applicable_imperatives,
            )
            row.unmet = sorted(summary.unmet, key=code_key)
            codes.update(row.objectives)
            unmet_counter.update(row.unmet)
        row.due_soon = bool(
            establishment.next_evaluation_due
            and today <= establishment.next_evaluation_due <= today + timedelta(days=365)
        )
        rows.append(row)
    due = sorted(
        (
            (r.establishment, r.establishment.next_evaluation_due)
            for r in rows
            if r.establishment.next_evaluation_due and r.due_soon
        ),
        key=lambda x: x[1],
    )
    latest_projet: dict[int, Projet] = {}
    for projet in (
        Projet.objects.filter(establishment__in=listed, adopted_on__isnull=False)
        .select_related("establishment")
        .order_by("version")
    ):
        latest_projet[projet.establishment_id] = projet
    horizon = today + timedelta(days=365)
    projets_due = sorted(
        (
            (p.establishment, p.valid_until)
            for p in latest_projet.values()
            if p.valid_until and p.valid_until <= horizon
        ),
        key=lambda x: x[1],
    )
    mandatory = mandatory_versions()
    return OrganisationView(
        rows,
        sorted(codes, key=code_key),
        sorted(unmet_counter.items(), key=lambda kv: (-kv[1], code_key(kv[0]))),
        due,
        projets_due,
        mandatory[0].rules.scale.imperative_threshold if mandatory else Decimal("3.5"),
    )
