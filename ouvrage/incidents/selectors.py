"""Reading the register: an event in its establishment (404 otherwise), the register with its
dashboard, the CREX meetings, and the figures each HAS criterion shows (a constant number of queries)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from ouvrage.actions.models import Action, Status
from ouvrage.core.formatting import long_date, month_year
from ouvrage.establishments.models import Establishment
from ouvrage.incidents import rules
from ouvrage.incidents.models import AdverseEvent, Category, Crex, EventStatus, Qualification

YEAR = timedelta(days=365)


def event_for(*, establishment: Establishment, pk: int) -> AdverseEvent:
    """An event of this establishment (found in the person's scope by the view); 404 otherwise."""
    return get_object_or_404(
        AdverseEvent.objects.filter(establishment=establishment)
        .select_related("declarant", "establishment__organisation")
        .prefetch_related("actions"),
        pk=pk,
    )


def events_of(establishment: Establishment) -> list[AdverseEvent]:
    return list(
        AdverseEvent.objects.filter(establishment=establishment)
        .select_related("declarant")
        .prefetch_related("actions")
    )


@dataclass
class CrexMeeting:
    crex: Crex
    events: list[AdverseEvent]
    actions: list[Action]


def crex_of(establishment: Establishment) -> list[CrexMeeting]:
    """The establishment's CREX with the events reviewed and the actions decided: three queries,
    whether there are none or many."""
    meetings = list(Crex.objects.filter(establishment=establishment))
    events: dict[int, list[AdverseEvent]] = defaultdict(list)
    for link in Crex.events.through.objects.filter(crex__establishment=establishment).select_related(
        "adverseevent"
    ):
        events[link.crex_id].append(link.adverseevent)
    actions: dict[int, list[Action]] = defaultdict(list)
    for decided in Crex.actions.through.objects.filter(crex__establishment=establishment).select_related(
        "action"
    ):
        actions[decided.crex_id].append(decided.action)
    return [CrexMeeting(m, events[m.pk], actions[m.pk]) for m in meetings]


@dataclass
class Dashboard:
    total: int
    months: list[tuple[str, int]]  # the last 12 months, oldest first
    by_category: list[tuple[str, int]]
    by_qualification: list[tuple[str, int]]
    by_severity: list[tuple[str, int]]
    open_by_age: list[tuple[str, int]]
    to_declare: list[AdverseEvent] = field(default_factory=list)  # EIG not yet declared to the authorities

    @property
    def month_max(self) -> int:
        return max((n for _, n in self.months), default=0)


def dashboard(events: list[AdverseEvent], today: date) -> Dashboard:
    """The dashboard, from the events already read (no query)."""
    months = rules.last_months(today)
    per_month = Counter((e.occurred_on.year, e.occurred_on.month) for e in events)
    categories = Counter(e.category for e in events)
    qualifications = Counter(e.qualification for e in events if e.qualification)
    severities = Counter(e.severity for e in events if e.severity)
    ages: Counter[str] = Counter()
    for e in events:
        if e.status != EventStatus.CLOSED:
            ages[rules.age_band((today - e.declared_at.date()).days)] += 1
    levels = rules.scales()
    return Dashboard(
        total=len(events),
        months=[(month_year(date(y, m, 1)), per_month.get((y, m), 0)) for y, m in months],
        by_category=[(label, categories[k]) for k, label in Category.choices if categories.get(k)],
        by_qualification=[
            (label, qualifications[k]) for k, label in Qualification.choices if qualifications.get(k)
        ],
        by_severity=[(levels.severity_label(s.level), severities[s.level]) for s in levels.severity],
        open_by_age=[(label, ages.get(label, 0)) for _, label in rules.AGE_BANDS],
        to_declare=[e for e in events if e.must_declare and not e.authorities_declared_on],
    )


def counts_for(establishment: Establishment, today: date) -> rules.Counts:
    """The register's figures over the last 12 months, in three queries."""
    since = today - YEAR
    rows = list(
        AdverseEvent.objects.filter(establishment=establishment, occurred_on__gt=since).values_list(
            "declared_at", "analysed_at", "status", "feedback"
        )
    )
    analysed = [(d, a) for d, a, _, _ in rows if a is not None]
    statuses = list(
        Action.objects.filter(
            Q(adverse_events__establishment=establishment, adverse_events__occurred_on__gt=since)
            | Q(crex_meetings__establishment=establishment, crex_meetings__held_on__gt=since)
        )
        .distinct()
        .values_list("pk", "status")
    )
    return rules.Counts(
        declared=len(rows),
        analysed=len(analysed),
        median_days=rules.median_days(max((a - d).days, 0) for d, a in analysed),
        actions=len(statuses),
        actions_done=sum(1 for _, s in statuses if s == Status.DONE),
        closed_with_feedback=sum(1 for _, _, s, f in rows if s == EventStatus.CLOSED and f),
        crex=Crex.objects.filter(establishment=establishment, held_on__gt=since).count(),
    )


def criterion_figures(establishment: Establishment, today: date) -> dict[str, str]:
    """Criterion code → the register's figures in a sentence, for the criteria `criteria.toml` names."""
    counts = counts_for(establishment, today)
    return {code: rules.sentence(counts, figures) for code, figures in rules.criteria().items()}


def declaration_text(event: AdverseEvent) -> str:
    """The content of the declaration to the authorities, ready to copy into their form. Nothing
    identifies the person (their code only); what the data does not know is said « à compléter »."""
    rule = rules.scales().declaration
    establishment = event.establishment
    deadline = event.authority_deadline
    causes = "\n".join(f"  - {label} : {text}" for label, text in event.cause_lines) or "  à compléter"
    lines = [
        "Déclaration d'un dysfonctionnement grave ou d'un événement indésirable grave",
        f"Base légale : {rule.legal_basis}",
        f"Destinataire : {rule.recipients}",
        f"Délai : {long_date(deadline) if deadline else rule.deadline_note}",
        "",
        f"Établissement : {establishment.name}"
        + (f" (FINESS {establishment.finess})" if establishment.finess else ""),
        f"Événement : {event.number}, {event.get_category_display().lower()}",
        f"Date : {long_date(event.occurred_on)}"
        + (f" à {event.occurred_at:%H:%M}" if event.occurred_at else ""),
        f"Lieu : {event.place}",
        f"Qualification : {event.get_qualification_display() if event.qualification else 'à compléter'}",
        f"Gravité : {event.severity_label or 'à compléter'} ; fréquence : {event.frequency_label or 'à compléter'}",
        f"Personne concernée (code pseudonyme) : {event.person_code or 'aucune'}",
        "",
        "Ce qui s'est passé :",
        event.what,
        "",
        "Mesures prises immédiatement :",
        event.immediate_measures or "à compléter",
        "",
        "Causes identifiées :",
        causes,
        "",
        "Actions décidées :",
        "\n".join(f"  - {a.title}" for a in event.actions.all()) or "  à compléter",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Across:
    """One establishment's events side by side with the others (organisation's registers page)."""

    declared: int = 0  # in the last 12 months
    open: int = 0  # not closed, whatever their date
    to_declare: int = 0  # to declare to the authorities and not yet noted as declared


def across(establishment_ids: list[int], today: date) -> dict[int, Across]:
    """Each establishment's counts (one query whatever their number)."""
    since = today - YEAR
    to_declare = rules.scales().declaration.qualifications
    rows = (
        AdverseEvent.objects.filter(establishment_id__in=establishment_ids)
        .values("establishment_id")
        .annotate(
            declared=Count("pk", filter=Q(occurred_on__gt=since)),
            open=Count("pk", filter=~Q(status=EventStatus.CLOSED)),
            to_declare=Count(
                "pk",
                filter=Q(qualification__in=to_declare, authorities_declared_on__isnull=True),
            ),
        )
        .order_by()
    )
    return {
        r["establishment_id"]: Across(declared=r["declared"], open=r["open"], to_declare=r["to_declare"])
        for r in rows
    }
