from __future__ import annotations

from typing import TYPE_CHECKING

from ouvrage.actions.models import Action
from ouvrage.calendar.entries import Entry, Kind, Subject, visit_days
from ouvrage.calendar.models import CalendarFeed, CvsMeeting
from ouvrage.campaigns.lifecycle import EDITABLE, State
from ouvrage.campaigns.models import Campaign, Interview
from ouvrage.core.dates import five_years_after
from ouvrage.establishments.models import Establishment
from ouvrage.projet.models import Projet
from ouvrage.qualitydocs.models import QualityDocument

if TYPE_CHECKING:
    from ouvrage.accounts.models import User

DEFAULT_TITLE = Projet._meta.get_field("title").get_default()  # « Projet d'établissement »


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def entries_for(user: User) -> list[Entry]:
    """Every dated obligation of the establishments the user may see (seven queries, whatever the data)."""
    establishments = list(Establishment.objects.for_user(user))
    entries: list[Entry] = []
    for e in establishments:
        if e.next_evaluation_due:
            entries.append(
                Entry(
                    e.next_evaluation_due,
                    Kind.EVALUATION_DUE,
                    "",
                    e.name,
                    f"eval-{e.pk}",
                    Subject.ESTABLISHMENT,
                    e.pk,
                    establishment_id=e.pk,
                )
            )
        if e.rules_revised_on:
            entries.append(
                Entry(
                    five_years_after(e.rules_revised_on),
                    Kind.RULES_REVISION,
                    "",
                    e.name,
                    f"rules-{e.pk}",
                    Subject.ESTABLISHMENT,
                    e.pk,
                    establishment_id=e.pk,
                )
            )
    for m in CvsMeeting.objects.filter(establishment__in=establishments).select_related("establishment"):
        entries.append(
            Entry(
                m.held_on,
                Kind.CVS_MEETING,
                m.topic,
                m.establishment.name,
                f"cvs-{m.pk}",
                establishment_id=m.establishment_id,
            )
        )
    for a in (
        Action.objects.filter(establishment__in=establishments, due_on__isnull=False)
        .open()
        .select_related("establishment")
    ):
        if a.due_on is None:
            continue
        entries.append(
            Entry(
                a.due_on,
                Kind.ACTION_DUE,
                a.title,
                a.establishment.name,
                f"action-{a.pk}",
                Subject.ACTION,
                a.pk,
                establishment_id=a.establishment_id,
            )
        )
    for c in (
        Campaign.objects.filter(establishment__in=establishments)
        .exclude(state=State.ABANDONED)
        .select_related("establishment")
    ):
        if c.visit_starts_on and c.visit_ends_on:
            for day in visit_days(c.visit_starts_on, c.visit_ends_on):
                entries.append(
                    Entry(
                        day,
                        Kind.VISIT,
                        c.title,
                        c.establishment.name,
                        f"visit-{c.pk}-{day:%Y%m%d}",
                        Subject.CAMPAIGN,
                        c.pk,
                        establishment_id=c.establishment_id,
                    )
                )
        if c.state in EDITABLE:  # a finished evaluation has ended: its planned end is no date to hold
            entries.append(
                Entry(
                    c.ends_on,
                    Kind.CAMPAIGN_END,
                    c.title,
                    c.establishment.name,
                    f"end-{c.pk}",
                    Subject.CAMPAIGN,
                    c.pk,
                    establishment_id=c.establishment_id,
                )
            )
    for i in (
        Interview.objects.filter(campaign__establishment__in=establishments, scheduled_on__isnull=False)
        .exclude(campaign__state=State.ABANDONED)
        .select_related("campaign__establishment")
    ):
        if i.scheduled_on is None:
            continue
        entries.append(
            Entry(
                i.scheduled_on,
                Kind.INTERVIEW,
                i.title,
                i.campaign.establishment.name,
                f"interview-{i.pk}",
                Subject.INTERVIEW,
                i.pk,
                i.campaign_id,
                establishment_id=i.campaign.establishment_id,
            )
        )
    latest: dict[int, Projet] = {}
    for projet in (
        Projet.objects.filter(establishment__in=establishments, adopted_on__isnull=False)
        .select_related("establishment")
        .order_by("version")
    ):
        latest[projet.establishment_id] = projet
    for projet in latest.values():
        if projet.valid_until:
            entries.append(
                Entry(
                    projet.valid_until,
                    Kind.PROJET_EXPIRY,
                    f"version {projet.version}"
                    if projet.title == DEFAULT_TITLE
                    else f"{projet.title}, version {projet.version}",
                    projet.establishment.name,
                    f"projet-{projet.pk}",
                    Subject.PROJET,
                    projet.establishment_id,
                    establishment_id=projet.establishment_id,
                )
            )
    for d in QualityDocument.objects.filter(
        establishment__in=establishments, review_on__isnull=False
    ).select_related("establishment"):
        if d.review_on is None:
            continue
        entries.append(
            Entry(
                d.review_on,
                Kind.DOCUMENT_REVIEW,
                f"{d.title}, version {d.version}",
                d.establishment.name,
                f"qualitydoc-{d.pk}",
                Subject.QUALITY_DOCUMENT,
                d.pk,
                establishment_id=d.establishment_id,
            )
        )
    return sorted(entries, key=lambda x: (x.on, x.kind.value, x.title))
