from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.calendar.entries import Kind
from ouvrage.calendar.selectors import entries_for
from ouvrage.core.formatting import long_date
from ouvrage.qualitydocs import services
from ouvrage.qualitydocs.models import Acknowledgement, DocumentVersion, QualityDocument
from ouvrage.qualitydocs.selectors import register_of, to_read_for
from ouvrage.www.registers import figures_by_code
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

ONCE = "0123456789abcdef0123456789abcdef"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def quality(organisation):
    return UserFactory(organisation=organisation, role="quality")


@pytest.fixture
def nurse(organisation):
    return UserFactory(organisation=organisation, role="professional")


def created(ehpad, actor, **kw):
    data = {
        "kind": "procedure",
        "title": "Procédure de prévention des chutes",
        "owner": actor,
        "review_on": timezone.localdate() + timedelta(days=200),
        "reader_roles": ["professional"],
        "readers": [],
        "effective_on": timezone.localdate(),
        "text": "Évaluer le risque de chute à l'entrée.",
    }
    return services.create_document(establishment=ehpad, actor=actor, **(data | kw))


def test_a_new_version_keeps_the_old_ones(ehpad, quality):
    document = created(ehpad, quality)
    services.add_version(
        document=document,
        actor=quality,
        effective_on=timezone.localdate(),
        note="Nouvelle échelle",
        review_on=None,
        text="Version révisée.",
    )
    document.refresh_from_db()
    assert document.version == 2
    assert list(document.versions.values_list("number", "text")) == [
        (2, "Version révisée."),
        (1, "Évaluer le risque de chute à l'entrée."),
    ]
    actions = list(AuditEvent.objects.filter(target_id=str(document.pk)).values_list("action", flat=True))
    assert (
        AuditAction.QUALITY_DOCUMENT_CREATED in actions and AuditAction.QUALITY_DOCUMENT_VERSIONED in actions
    )


def test_only_the_version_in_force_is_acknowledged_once(ehpad, quality, nurse):
    document = created(ehpad, quality)
    assert to_read_for(nurse) == [document]
    services.acknowledge(document=document, actor=nurse, number=1)
    services.acknowledge(document=document, actor=nurse, number=1)  # a second click: nothing more
    assert Acknowledgement.objects.count() == 1 and to_read_for(nurse) == []
    services.add_version(
        document=document,
        actor=quality,
        effective_on=timezone.localdate(),
        note="",
        review_on=None,
        text="v2",
    )
    assert to_read_for(nurse) == [QualityDocument.objects.get()]  # the new version is to read again
    with pytest.raises(ValidationError):
        services.acknowledge(document=document, actor=nurse, number=1)
    row = register_of(ehpad, quality, timezone.localdate())[0]
    assert (row.concerned, row.read) == (1, 0)


def test_roles_are_checked_again(ehpad, quality, nurse, other_organisation):
    with pytest.raises(PermissionDenied):
        created(ehpad, nurse)
    document = created(ehpad, quality)
    with pytest.raises(PermissionDenied):
        services.add_version(
            document=document,
            actor=nurse,
            effective_on=timezone.localdate(),
            note="",
            review_on=None,
            text="x",
        )
    with pytest.raises(PermissionDenied):
        services.acknowledge(
            document=document, actor=UserFactory(role="evaluator", organisation=ehpad.organisation), number=1
        )
    with pytest.raises(PermissionDenied):
        services.acknowledge(document=document, actor=UserFactory(organisation=other_organisation), number=1)


def test_a_document_needs_a_file_or_a_text(ehpad, quality):
    with pytest.raises(ValidationError):
        created(ehpad, quality, text="  ")


def test_creation_is_idempotent_and_uses_the_evidence_checks(client, ehpad, quality, nurse):
    client.force_login(quality)
    url = reverse("qualitydocs:new", args=[ehpad.pk])
    data = {
        "once": ONCE,
        "kind": "protocol",
        "title": "Protocole canicule",
        "owner": quality.pk,
        "reader_roles": ["professional"],
        "readers": [nurse.pk],
        "effective_on": timezone.localdate().isoformat(),
        "file": SimpleUploadedFile("canicule.pdf", PDF, content_type="application/pdf"),
    }
    first = client.post(url, data)
    assert first.status_code == 302
    data["file"] = SimpleUploadedFile("canicule.pdf", PDF, content_type="application/pdf")
    client.post(url, data)
    assert QualityDocument.objects.count() == 1
    version = DocumentVersion.objects.get()
    assert version.content_type == "application/pdf" and version.file_name == "canicule.pdf"
    download = client.get(reverse("qualitydocs:download", args=[ehpad.pk, version.document_id, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    refused = client.post(
        url,
        data
        | {
            "once": "f" * 32,
            "file": SimpleUploadedFile("script.pdf", b"<html><script>", content_type="application/pdf"),
        },
    )
    assert refused.status_code == 400
    assert "n'est pas d'un type accepté" in visible_text(refused)
    assert QualityDocument.objects.count() == 1


def test_a_professional_acknowledges_from_the_desk(client, ehpad, quality, nurse):
    document = created(ehpad, quality)
    client.force_login(nurse)
    desk = client.get("/")
    assert "Documents à lire" in visible_text(desk) and document.title in visible_text(desk)
    response = client.post(
        reverse("qualitydocs:read", args=[ehpad.pk, document.pk]), {"version": 1, "next": "desk"}
    )
    assert response.status_code == 302 and response.url == "/"
    assert "Documents à lire" not in visible_text(client.get("/"))
    client.force_login(quality)
    page = visible_text(client.get(reverse("qualitydocs:register", args=[ehpad.pk])))
    assert "1 sur 1" in page


def test_another_organisation_gets_404(client, ehpad, quality, other_organisation):
    document = created(ehpad, quality)
    client.force_login(UserFactory(organisation=other_organisation, role="admin"))
    assert client.get(reverse("qualitydocs:register", args=[ehpad.pk])).status_code == 404
    assert client.get(reverse("qualitydocs:detail", args=[ehpad.pk, document.pk])).status_code == 404
    assert (
        client.post(reverse("qualitydocs:read", args=[ehpad.pk, document.pk]), {"version": 1}).status_code
        == 404
    )
    mine = EstablishmentFactory(organisation=quality.organisation)
    client.force_login(quality)  # the right organisation, the wrong establishment in the URL
    assert client.get(reverse("qualitydocs:detail", args=[mine.pk, document.pk])).status_code == 404


def test_reviews_due_are_in_the_calendar_and_the_figures(ehpad, quality, nurse):
    today = timezone.localdate()
    document = created(ehpad, quality, review_on=today + timedelta(days=10))
    created(ehpad, quality, kind="crisis_plan", title="Plan bleu", review_on=today - timedelta(days=1))
    entries = [e for e in entries_for(quality) if e.kind is Kind.DOCUMENT_REVIEW]
    assert [e.text for e in entries] == [
        "Document qualité à réviser : Plan bleu, version 1",
        f"Document qualité à réviser : {document.title}, version 1",
    ]
    figures = figures_by_code(ehpad, today)
    texts = {
        code: [f.text for f in found if f.register in ("Documents qualité", "Plan de crise")]
        for code, found in figures.items()
    }
    assert texts["3.14.1"] == [
        f"Plan de crise version 1 du {long_date(today)}, 0 exercice en 12 mois, liste des contacts jamais vérifiée"
    ]
    assert texts["3.10.2"] == ["1 document qualité, à jour, 0 lecture sur 1 attendue"]


def test_the_figures_take_a_constant_number_of_queries(ehpad, quality, nurse):
    today = timezone.localdate()
    created(ehpad, quality)
    with CaptureQueriesContext(connection) as few:
        figures_by_code(ehpad, today)
    for n in range(6):
        document = created(ehpad, quality, title=f"Procédure {n}", readers=[quality])
        services.acknowledge(document=document, actor=nurse, number=1)
    with CaptureQueriesContext(connection) as many:
        figures_by_code(ehpad, today)
    assert len(many) == len(few)


def test_the_crisis_plan_exercises_and_contacts(client, ehpad, quality, nurse):
    today = timezone.localdate()
    created(ehpad, quality, kind="crisis_plan", title="Plan bleu", effective_on=date(2026, 3, 2))
    exercise = services.record_exercise(
        establishment=ehpad,
        actor=quality,
        held_on=today - timedelta(days=20),
        scenario="Canicule",
        lessons="Pièce rafraîchie trop petite.",
        action_title="Équiper une seconde pièce rafraîchie",
    )
    assert [a.title for a in exercise.actions.all()] == ["Équiper une seconde pièce rafraîchie"]
    assert exercise.actions.get().establishment == ehpad
    with pytest.raises(ValidationError):
        services.record_exercise(
            establishment=ehpad, actor=quality, held_on=today + timedelta(days=1), scenario="x", lessons=""
        )
    with pytest.raises(PermissionDenied):
        services.note_contacts_checked(establishment=ehpad, actor=nurse, checked_on=today)
    services.note_contacts_checked(establishment=ehpad, actor=quality, checked_on=today - timedelta(days=40))
    texts = {
        code: [f.text for f in found if f.register == "Plan de crise"]
        for code, found in figures_by_code(ehpad, today).items()
    }
    assert texts["3.14.1"] == [
        "Plan de crise version 1 du 2 mars 2026, 1 exercice en 12 mois, contacts vérifiés il y a 40 jours"
    ]
    services.set_contacts_interval(organisation=ehpad.organisation, actor=quality, days=30)
    assert figures_by_code(ehpad, today)["3.14.3"][-1].text.endswith("il y a 40 jours (en retard)")

    client.force_login(quality)
    url = reverse("qualitydocs:crisis", args=[ehpad.pk])
    page = visible_text(client.get(url))
    assert "Canicule" in page and "vérification en retard" in page and "choix de l'organisme" in page
    data = {"once": ONCE, "held_on": today.isoformat(), "scenario": "Panne électrique", "lessons": ""}
    client.post(reverse("qualitydocs:exercise", args=[ehpad.pk]), data)
    client.post(reverse("qualitydocs:exercise", args=[ehpad.pk]), data)
    assert ehpad.crisis_exercises.filter(scenario="Panne électrique").count() == 1
    refused = client.post(reverse("qualitydocs:contacts", args=[ehpad.pk]), {"checked_on": "2999-01-01"})
    assert refused.status_code == 400 and "Choisissez une date passée" in visible_text(refused)
    client.force_login(nurse)
    assert client.get(url).status_code == 200
    assert client.post(reverse("qualitydocs:exercise", args=[ehpad.pk]), data).status_code == 403


def test_a_review_overdue_is_on_the_editors_desk(client, ehpad, quality, nurse):
    today = timezone.localdate()
    created(ehpad, quality, title="Protocole des chutes", review_on=today - timedelta(days=3))
    client.force_login(quality)
    desk = visible_text(client.get("/"))
    assert "Documents qualité à réviser" in desk and "Protocole des chutes" in desk
    client.force_login(nurse)
    assert "Documents qualité à réviser" not in visible_text(client.get("/"))


def test_the_register_as_a_spreadsheet(client, ehpad, quality, nurse):
    created(ehpad, quality)
    client.force_login(nurse)
    response = client.get(reverse("qualitydocs:xlsx", args=[ehpad.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Intitulé", "Type", "Version en vigueur"]
    row = [c.value for c in sheet[2]]
    assert row[0] == "Procédure de prévention des chutes" and row[2] == 1
    assert row[6:] == [1, 0]  # one professional concerned, not read yet
