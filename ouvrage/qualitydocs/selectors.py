"""Reading the quality documents: one in its establishment (404 otherwise), the register with who has
read what (counts), the documents a person has still to read, and the figures each HAS criterion shows.
Each in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from ouvrage.accounts.models import Role, User
from ouvrage.actions.models import Action
from ouvrage.establishments.models import Establishment
from ouvrage.qualitydocs import rules
from ouvrage.qualitydocs.models import (
    Acknowledgement,
    ContactsCheck,
    CrisisExercise,
    CrisisSettings,
    DocKind,
    DocumentVersion,
    QualityDocument,
)


def document_for(*, establishment: Establishment, pk: int) -> QualityDocument:
    """A document of this establishment (found in the person's scope by the view); 404 otherwise."""
    return get_object_or_404(
        QualityDocument.objects.filter(establishment=establishment).select_related(
            "owner", "establishment__organisation"
        ),
        pk=pk,
    )


def versions_of(document: QualityDocument) -> list[DocumentVersion]:
    return list(document.versions.select_related("created_by"))


@dataclass(frozen=True)
class Person:
    pk: int
    role: str
    sees: bool  # sees the establishment


def _people(establishment: Establishment) -> list[Person]:
    """The organisation's active people, external evaluators aside, and whether each sees the
    establishment (one query)."""
    member = User.establishments.through.objects.filter(user=OuterRef("pk"), establishment=establishment)
    rows = (
        User.objects.filter(organisation_id=establishment.organisation_id, is_active=True)
        .exclude(role=Role.EVALUATOR)
        .annotate(member=Exists(member))
        .values_list("pk", "role", "all_establishments", "member")
    )
    return [Person(pk, role, role == Role.ADMIN or all_ or member) for pk, role, all_, member in rows]


@dataclass
class Row:
    document: QualityDocument
    due: bool
    concerned: int  # people who must read the version in force
    read: int  # of those, who confirmed it
    mine_to_read: bool  # the person looking must read it and has not


def _concerned(document: QualityDocument, people: list[Person], reader_ids: Collection[int]) -> set[int]:
    return {
        p.pk
        for p in people
        if rules.must_read(
            role=p.role,
            user_id=p.pk,
            sees_establishment=p.sees,
            reader_roles=document.reader_roles,
            reader_ids=reader_ids,
        )
    }


def register_of(establishment: Establishment, user: User, today: date) -> list[Row]:
    """The establishment's documents with their readings (four queries, whatever the data)."""
    documents = list(QualityDocument.objects.filter(establishment=establishment).select_related("owner"))
    readers: dict[int, set[int]] = defaultdict(set)
    for doc_id, user_id in QualityDocument.readers.through.objects.filter(
        qualitydocument__establishment=establishment
    ).values_list("qualitydocument_id", "user_id"):
        readers[doc_id].add(user_id)
    read: dict[tuple[int, int], set[int]] = defaultdict(set)
    for doc_id, number, user_id in Acknowledgement.objects.filter(
        version__document__establishment=establishment
    ).values_list("version__document_id", "version__number", "user_id"):
        read[(doc_id, number)].add(user_id)
    people = _people(establishment)
    rows = []
    for d in documents:
        concerned = _concerned(d, people, readers[d.pk])
        done = read[(d.pk, d.version)]
        rows.append(
            Row(
                document=d,
                due=rules.review_due(d.review_on, today),
                concerned=len(concerned),
                read=len(concerned & done),
                mine_to_read=user.pk in concerned and user.pk not in done,
            )
        )
    return rows


def contacts_interval(organisation_id: int) -> int:
    found = CrisisSettings.objects.filter(organisation_id=organisation_id).first()
    return found.contacts_check_days if found else rules.crisis_defaults().contacts_check_days


def crisis_of(establishment: Establishment, today: date) -> rules.Crisis:
    """The crisis plan in force, the exercises of the last 12 months, the contacts' last check (four
    queries)."""
    plan = (
        DocumentVersion.objects.filter(
            document__establishment=establishment, document__kind=DocKind.CRISIS_PLAN
        )
        .order_by("-effective_on", "-number")
        .values_list("number", "effective_on")
        .first()
    )
    since = today - timedelta(days=rules.crisis_defaults().exercise_window_days)
    exercises = CrisisExercise.objects.filter(establishment=establishment, held_on__gt=since).count()
    check = (
        ContactsCheck.objects.filter(establishment=establishment).values_list("checked_on", flat=True).first()
    )
    return rules.Crisis(
        version=plan[0] if plan else None,
        effective_on=plan[1] if plan else None,
        exercises=exercises,
        checked_on=check,
        late=rules.contacts_late(check, today, contacts_interval(establishment.organisation_id)),
    )


@dataclass
class Exercise:
    exercise: CrisisExercise
    actions: list[Action]


def exercises_of(establishment: Establishment) -> list[Exercise]:
    """The exercises with the actions decided after them (two queries)."""
    exercises = list(CrisisExercise.objects.filter(establishment=establishment).select_related("created_by"))
    actions: dict[int, list[Action]] = defaultdict(list)
    for link in CrisisExercise.actions.through.objects.filter(
        crisisexercise__establishment=establishment
    ).select_related("action"):
        actions[link.crisisexercise_id].append(link.action)
    return [Exercise(e, actions[e.pk]) for e in exercises]


def checks_of(establishment: Establishment) -> list[ContactsCheck]:
    return list(ContactsCheck.objects.filter(establishment=establishment).select_related("checked_by")[:5])


def criterion_figures(establishment: Establishment, today: date) -> dict[str, str]:
    """Criterion code → the documents' figures in a sentence; for the crisis plan's criteria, the plan,
    its exercises and its contacts (eight queries)."""
    rows = register_of(establishment, User(pk=0), today)
    crisis = crisis_of(establishment, today)
    found = {}
    for code, kinds in rules.criteria().items():
        if set(kinds) == {DocKind.CRISIS_PLAN}:
            found[code] = rules.crisis_sentence(crisis, today)
            continue
        mine = [r for r in rows if r.document.kind in kinds]
        figures = rules.Figures(
            documents=len(mine),
            due=sum(r.due for r in mine),
            concerned=sum(r.concerned for r in mine),
            read=sum(r.read for r in mine),
        )
        found[code] = rules.figures_sentence(figures, kinds)
    return found


def to_read_for(user: User) -> list[QualityDocument]:
    """The documents of the person's scope whose version in force they must read and have not (three
    queries)."""
    documents = list(
        QualityDocument.objects.for_user(user)
        .select_related("establishment")
        .order_by("establishment__name", "title", "pk")
    )
    named = set(
        QualityDocument.readers.through.objects.filter(user=user).values_list("qualitydocument_id", flat=True)
    )
    done = set(
        Acknowledgement.objects.filter(user=user).values_list("version__document_id", "version__number")
    )
    return [
        d
        for d in documents
        if (user.role in d.reader_roles or d.pk in named) and (d.pk, d.version) not in done
    ]


def overdue_for(user: User, today: date) -> list[QualityDocument]:
    """The documents of the person's scope whose review date has passed (one query): the calendar
    and the desk's next dates show what is ahead, this what is late."""
    return list(
        QualityDocument.objects.for_user(user)
        .filter(review_on__lt=today)
        .select_related("establishment")
        .order_by("review_on", "pk")
    )
