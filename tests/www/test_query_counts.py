"""Every page's query count, pinned (a snapshot, as les-emplois does with assertSnapshotQueries), and
the same whatever the amount of data: each page is read once on a small organisation, then again
after more establishments, evaluations, cotations, actions, evidence, journal entries, registers,
questionnaires, sessions, projets and dates were added.

When a page's count changes on purpose, update the snapshot:
`pytest tests/www/test_query_counts.py --snapshot-update` (and say why in the commit).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.actions.models import Action
from ouvrage.calendar.models import CvsMeeting
from ouvrage.campaigns.models import Campaign, Interview, Person
from ouvrage.campaigns.selectors import grid_for
from ouvrage.campaigns.services import refresh_summary
from ouvrage.complaints.models import Complaint
from ouvrage.documents.models import ReportJob
from ouvrage.effects.markers import add_disagreement, add_marker, observe_marker, write_criterion
from ouvrage.effects.services import add_expected, add_observed
from ouvrage.effects.stories import record_story, select_story
from ouvrage.evidence.models import Evidence, EvidenceUse
from ouvrage.frames.models import Criterion, Objective
from ouvrage.incidents.models import AdverseEvent, Crex
from ouvrage.ownframe.models import CollectiveSession, OwnFrame
from ouvrage.projet.models import Projet
from ouvrage.qualitydocs.models import ContactsCheck, CrisisExercise, DocumentVersion, QualityDocument
from ouvrage.realwork.models import WorkGap
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.safeguarding.models import Access, Signal
from ouvrage.surveys.models import EasyReadSurvey, SurveyQuestion
from ouvrage.surveys.services import submit
from tests.campaigns.factories import interview_for
from tests.campaigns.fixtures import rated_campaign
from tests.core.test_roles import MATRIX, NOT_IN_MATRIX
from tests.core.test_security import url_patterns
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

# The Word document of the projet: its queries are counted by the same rule, but building it twice
# costs seconds; the HTML page of the same projet is measured. (PDFs are produced by the worker.)
SLOW = {"projet:export"}


def pages() -> list[tuple[str, list[str]]]:
    return [
        (name, kwargs)
        for name, kwargs in url_patterns()
        if name not in NOT_IN_MATRIX and name not in SLOW and MATRIX[name][0] is not None
    ]


def count_queries(client: Client, values: dict) -> dict[str, int]:
    counts = {}
    for name, kwargs in pages():
        path = reverse(name, kwargs={k: values[k] for k in kwargs})
        client.get(path)  # warm caches (frame facts, templates) as a running server has them
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        assert status in {200, 302}, f"{name}: {status}"
        counts[name] = len(queries)
    return counts


def grow(a: dict, admin) -> None:
    """More of everything an organisation's pages list."""
    establishment = EstablishmentFactory._meta.model.objects.get(pk=a["pk"])
    organisation = establishment.organisation
    has = Criterion.objects.filter(version__frame__slug="has-essms")
    for n in range(3):
        other = EstablishmentFactory(organisation=organisation, name=f"Établissement {n}", publics=["PA"])
        other.next_evaluation_due = date(2027, 1, 1) + timedelta(days=n)
        other.save()
        rated_campaign(other, admin, marks="3")
        Projet.objects.create(
            establishment=other, adopted_on=date(2023, 1, 1), cvs_consulted_on=date(2022, 12, 1)
        )
        CvsMeeting.objects.create(establishment=other, held_on=date(2027, 2, 1) + timedelta(days=n))
    rated_campaign(establishment, admin, marks="2", title="Deuxième", starts_on=date(2027, 1, 5))
    campaign = establishment.campaigns.get(pk=a["campaign_pk"])
    interview = Interview.objects.get(pk=a["interview_pk"])
    for row in [r for part in grid_for(interview).parts for c in part.criteria for r in c.rows]:
        from tests.campaigns.factories import rate

        rate(interview, row.element, admin, "4", version=row.version)
    for code in ("P-101", "P-102", "P-103"):
        person = Person.objects.create(establishment=establishment, code=code, attributes={"public": "PA"})
        interview_for(campaign, "accompagne_traceur", person=person, title=f"AT {code}")
    refresh_summary(campaign)
    for n in range(5):
        action = Action.objects.create(
            establishment=establishment, campaign=campaign, title=f"Action {n}", due_on=date(2025, 1, 1)
        )
        action.criteria.set(has.filter(code__in=["2.2.1", "3.13.1"]))
        evidence = Evidence.objects.create(
            establishment=establishment, kind="observation", title=f"Preuve {n}"
        )
        EvidenceUse.objects.create(
            evidence=evidence, campaign=campaign, element=has.get(code="2.1.1").elements.first()
        )
        WorkGap.objects.create(
            establishment=establishment,
            occurred_on=date(2026, 1, n + 1),
            situation="s",
            prescription_kind="other",
            prescription=f"p{n}",
            missing=["time"],
        )
        ReportingDuty.objects.create(
            establishment=establishment,
            title=f"Duty {n}",
            recipient="ars",
            frequency="annual",
            hours_per_occurrence=1,
            role="x",
            data_items="effectifs",
        )
        CollectiveSession.objects.create(
            establishment=establishment, held_on=date(2026, 2, n + 1), title=f"S{n}"
        )
    survey = EasyReadSurvey.objects.get(pk=a["survey_pk"])
    questions = [
        SurveyQuestion.objects.create(
            survey=survey, position=i, text=f"Q{i}", criterion=has.get(code="1.14.1")
        )
        for i in range(1, 4)
    ]
    for _ in range(4):
        submit(survey=survey, answers={q.pk: "Oui" for q in questions})
    for n in range(5):
        complaint = Complaint.objects.create(
            establishment=establishment,
            channel="letter" if n % 2 else "oral",
            theme="meals",
            received_on=date(2026, 1, n + 1),
            acknowledge_due=date(2026, 1, n + 9),
            answer_due=date(2026, 2, n + 1),
            subject=f"Réclamation {n}",
            description="d",
        )
        complaint.actions.add(*Action.objects.filter(establishment=establishment)[:2])
    Complaint.objects.get(pk=a["complaint_pk"]).actions.add(
        *Action.objects.filter(establishment=establishment)
    )
    for n in range(5):
        event = AdverseEvent.objects.create(
            establishment=establishment,
            occurred_on=date(2026, 1, n + 1),
            place="p",
            category="fall",
            what="w",
            qualification="eig" if n % 2 else "ei",
            severity=n % 5 + 1,
            causes={"team": "t"},
        )
        event.actions.add(*Action.objects.filter(establishment=establishment)[:2])
        crex = Crex.objects.create(
            establishment=establishment, held_on=date(2026, 2, n + 1), participants={"care": 3}
        )
        crex.events.add(event, AdverseEvent.objects.get(pk=a["event_pk"]))
        crex.actions.add(*Action.objects.filter(establishment=establishment)[:2])
    for n in range(5):
        signal = Signal.objects.create(
            establishment=establishment,
            occurred_on=date(2026, 1, n + 1),
            place="p",
            nature="neglect",
            reporter_role="professional",
            what="w",
            status="closed" if n % 2 else "reported",
        )
        signal.actions.add(*Action.objects.filter(establishment=establishment)[:2])
    for n in range(5):
        quality_document = QualityDocument.objects.create(
            establishment=establishment,
            kind="crisis_plan" if n % 2 else "procedure",
            title=f"Procédure {n}",
            reader_roles=["admin", "professional"],
            version=2,
        )
        quality_document.readers.add(admin)
        for number in (1, 2):
            read = quality_document.versions.create(number=number, effective_on=date(2026, 1, 1), text="t")
            read.acknowledgements.create(user=admin)
        exercise = CrisisExercise.objects.create(
            establishment=establishment, held_on=date(2026, 1, n + 1), scenario="s"
        )
        exercise.actions.add(*Action.objects.filter(establishment=establishment)[:2])
        ContactsCheck.objects.create(
            establishment=establishment, checked_on=date(2026, 1, n + 1), checked_by=admin
        )
    objectives = list(has.values_list("objective", flat=True).distinct()[:3])
    for n, objective_id in enumerate(objectives):
        objective = Objective.objects.get(pk=objective_id)
        expected = add_expected(establishment=establishment, actor=admin, objective=objective, text=f"E{n}")
        for day in (1, 2):
            add_observed(
                establishment=establishment,
                actor=admin,
                objective=objective,
                text=f"O{n}",
                observed_on=date(2026, 3, day),
                expected=expected if day == 1 else None,
                valence="positive",
                perspective="person",
            )
        marker = add_marker(
            establishment=establishment,
            actor=admin,
            partner=f"P{n}",
            level="like",
            text="t",
            objective=objective,
        )
        for day in (1, 2):
            observe_marker(marker=marker, actor=admin, observed_on=date(2026, 4, day), extent="low")
        write_criterion(establishment=establishment, actor=admin, text=f"C{n}", written_on=date(2026, 1, 1))
        story = record_story(
            establishment=establishment,
            actor=admin,
            told_by="person",
            domain=["daily_life", "health", "relationships"][n],
            what_changed="w",
            for_whom="f",
            why_it_matters="y",
            consent=True,
            told_on=date(2026, 1, 1),
        )
        select_story(
            session=CollectiveSession.objects.get(pk=a["session_pk"]), story=story, actor=admin, reasons="r"
        )
    projet = Projet.objects.get(pk=a["projet_pk"])
    for version in (2, 3):
        Projet.objects.create(establishment=establishment, version=version, sections=dict(projet.sections))


def seed_effects(establishment, admin, a: dict) -> None:
    """One of each thing the effects pages read, before the first count: a lane with an expected and
    an observed effect and a marker observed once, a story selected by a session, a criterion of work
    well done with a disagreement (each list then grows in `grow`)."""
    objective = Objective.objects.get(pk=a["objective_pk"])
    expected = add_expected(establishment=establishment, actor=admin, objective=objective, text="E")
    add_observed(
        establishment=establishment,
        actor=admin,
        objective=objective,
        text="O",
        observed_on=date(2026, 3, 1),
        expected=expected,
        valence="positive",
        perspective="person",
    )
    marker = add_marker(
        establishment=establishment, actor=admin, partner="P", level="like", text="t", objective=objective
    )
    observe_marker(marker=marker, actor=admin, observed_on=date(2026, 4, 1), extent="low")
    criterion = write_criterion(
        establishment=establishment, actor=admin, text="C", written_on=date(2026, 1, 1)
    )
    add_disagreement(criterion=criterion, actor=admin, said_on=date(2026, 1, 2), text="D")
    story = record_story(
        establishment=establishment,
        actor=admin,
        told_by="person",
        domain="participation",
        what_changed="w",
        for_whom="f",
        why_it_matters="y",
        consent=True,
        told_on=date(2026, 1, 1),
    )
    select_story(
        session=CollectiveSession.objects.get(pk=a["session_pk"]), story=story, actor=admin, reasons="r"
    )


def test_every_page_keeps_its_query_count_whatever_the_data(two_organisations, snapshot):
    a, _, admin = two_organisations
    document = Evidence(establishment_id=a["pk"], kind="document", title="Document", file_name="note.txt")
    document.file.save("note.txt", ContentFile(b"Compte rendu"), save=True)
    a["evidence_pk"] = document.pk
    ReportJob.objects.get(pk=a["job_pk"]).file.save("rapport.pdf", ContentFile(b"%PDF-1.7"), save=True)
    ReportJob.objects.get(pk=a["document_pk"]).file.save("projet.pdf", ContentFile(b"%PDF-1.7"), save=True)
    version = DocumentVersion.objects.get(document_id=a["qualitydoc_pk"], number=1)
    version.file_name, version.content_type = "procedure.txt", "text/plain; charset=utf-8"
    version.file.save("procedure.txt", ContentFile(b"Procedure"), save=True)
    a["element_pk"] = (
        grid_for(Interview.objects.get(pk=a["interview_pk"])).parts[0].criteria[0].rows[0].element.pk
    )
    establishment = EstablishmentFactory._meta.model.objects.get(pk=a["pk"])
    rated_campaign(establishment, admin, marks="4", title="Première", starts_on=date(2025, 1, 6))
    own = OwnFrame.objects.get(establishment=establishment)
    for campaign in Campaign.objects.filter(establishment=establishment):  # as the services leave them
        campaign.evaluative_versions.add(own.version)
        refresh_summary(campaign)
    seed_effects(establishment, admin, a)
    # The administrator reads the maltreatment signals' pages too (404 for a role not named).
    Access.objects.create(organisation=establishment.organisation, roles=["admin", "direction", "quality"])
    client = Client()
    client.force_login(admin)
    small = count_queries(client, a)
    assert small == snapshot
    grow(a, admin)
    large = count_queries(client, a)
    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert grew == {}, f"pages whose queries grow with the data (before, after): {grew}"
    assert max(small.values()) <= 40
