"""The journal of changes in words (audit/details.py): the kinds of object, the recorded keys and
their values in French, never the stored codes (review of 30 November 2026, defect 19)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.details import dates_in_words, details, object_label
from ouvrage.audit.services import record
from ouvrage.calendar.models import CvsMeeting
from ouvrage.campaigns.models import Person
from ouvrage.projet.models import Projet
from ouvrage.realwork.models import WorkGap
from tests.factories import UserFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def words(action: AuditAction, target_type: str, changes: dict) -> str:
    return " ; ".join(f"{d.label} : {d.text}" for d in details(action.value, target_type, changes))


def test_what_was_missing_is_said_in_words_not_as_a_change():
    text = words(
        AuditAction.WORK_GAP_RECORDED,
        "realwork.WorkGap",
        {"prescription": "Projet d'animation", "missing": ["time", "staff"]},
    )
    assert text == "la prescription concernée : Projet d'animation ; ce qui a manqué : Temps, Personnel"


def test_choices_dates_and_ids_in_words():
    text = words(
        AuditAction.CAMPAIGN_CREATED,
        "campaigns.Campaign",
        {
            "kind": "external",
            "starts_on": "2027-03-01",
            "visit_starts_on": "None",
            "frames": ["Référentiel HAS — version 1.1"],
        },
    )
    assert "Évaluation externe" in text and "1er mars 2027" in text and "vide" in text
    assert "external" not in text and "2027-03-01" not in text and "starts_on" not in text
    cited = words(
        AuditAction.EVIDENCE_CITED, "evidence.EvidenceUse", {"campaign": 2, "element": "1.7.1 E.E. 1"}
    )
    assert cited == "évaluation : n° 2 ; élément d'évaluation : 1.7.1 E.E. 1"


def test_pairs_are_changes_only_where_the_service_recorded_a_change():
    rating = words(
        AuditAction.RATING_SAVED,
        "campaigns.Rating",
        {"mark": ["", "4"], "comment": ["", "Vu"], "campaign": 2, "element": "3.6.4 E.E. 2"},
    )
    assert rating.startswith("cotation : vide → 4") and "commentaire : vide → Vu" in rating
    action = words(
        AuditAction.ACTION_UPDATED,
        "actions.Action",
        {"status": ["planned", "done"], "priority": ["medium", "high"], "due_on": ["None", "2026-12-01"]},
    )
    assert (
        "Prévue → Réalisée" in action and "Moyenne → Haute" in action and "vide → 1er décembre 2026" in action
    )
    scope = words(
        AuditAction.USER_SCOPE_CHANGED,
        "accounts.User",
        {"établissements": [["EHPAD A"], ["EHPAD A", "IME B"]], "tous les établissements": [False, True]},
    )
    assert scope == "établissements : EHPAD A → EHPAD A, IME B ; tous les établissements : non → oui"


def test_projet_parts_people_and_lists_written_with_str():
    parts = words(AuditAction.PROJET_SECTIONS_SAVED, "projects.Projet", {"sections": ["reporting"]})
    assert "reporting" not in parts and "signalement" in parts
    person = words(
        AuditAction.PERSON_CREATED,
        "campaigns.Person",
        {"code": "P-001", "attributes": {"duree": "plus_3_ans", "autonomie": "dependante"}},
    )
    assert "Plus de 3 ans" in person and "Dépendante" in person and "_" not in person
    interview = words(AuditAction.INTERVIEW_PLANNED, "campaigns.Interview", {"themes": "['1.2', '2.3']"})
    assert interview.endswith(": 1.2, 2.3")
    invitation = words(AuditAction.INVITATION_SENT, "accounts.Invitation", {"évaluations": []})
    assert invitation == "évaluations : vide"


def test_a_key_about_another_object_is_named_for_it():
    linked = words(
        AuditAction.EVIDENCE_LINKED, "evidence.Evidence", {"criterion": "1.7.3", "item": 1, "text": "Dossier"}
    )
    assert linked == "critère : 1.7.3 ; élément consulté : n° 1 ; ce que l'évaluateur consultera : Dossier"


def test_french_names_for_every_kind_of_object_the_journal_lists():
    assert object_label("ownframe.OwnFrame") == "cadre propre"
    assert object_label("calendar_app.CvsMeeting") == "réunion du CVS"
    assert object_label("campaigns.Campaign") == "évaluation"
    assert object_label("ouvrage.retention") == "politique de conservation"
    assert dates_in_words("2026-10-21 – Projet d'animation") == "21 octobre 2026 – Projet d'animation"


def test_stored_labels_of_new_rows_are_in_words(ehpad):
    gap = WorkGap(establishment=ehpad, occurred_on=date(2026, 12, 1), prescription="Projet d'animation")
    assert str(gap) == "1er décembre 2026 – Projet d'animation"
    assert str(CvsMeeting(establishment=ehpad, held_on=date(2026, 12, 21))) == "CVS du 21 décembre 2026"


def test_the_journal_page_and_the_establishment_history_show_no_stored_code(client, organisation, ehpad):
    admin = UserFactory(organisation=organisation, role="admin")
    person = Person.objects.create(establishment=ehpad, code="P-001")
    gap = WorkGap.objects.create(
        establishment=ehpad, occurred_on=date(2026, 10, 21), situation="s", prescription="p", missing=["time"]
    )
    projet = Projet.objects.create(establishment=ehpad)
    for action, target, changes in (
        (AuditAction.WORK_GAP_RECORDED, gap, {"prescription": "p", "missing": ["time", "staff"]}),
        (AuditAction.PROJET_SECTIONS_SAVED, projet, {"sections": ["reporting", "risk_detection"]}),
        (AuditAction.PERSON_CREATED, person, {"code": "P-001", "attributes": {"duree": "plus_3_ans"}}),
        (AuditAction.ESTABLISHMENT_UPDATED, ehpad, {"sector": ["social", "medico_social"]}),
        (AuditAction.ESTABLISHMENT_LOGO_CHANGED, ehpad, {"logo": "2048 octets"}),
    ):
        record(action=action, target=target, actor=admin, organisation=organisation, changes=changes)
    client.force_login(admin)
    journal = visible_text(client.get(reverse("audit:journal")))
    history = visible_text(client.get(reverse("establishments:detail", args=[ehpad.pk])))
    for text in (journal, history):
        assert not re.search(r"\b(time|staff|risk_detection|plus_3_ans|medico_social|sections)\b", text)
    assert "repérage des risques de maltraitance" in journal  # « reporting » is a word of the page too
    assert "ce qui a manqué : Temps, Personnel" in journal
    assert (
        "Social → Médico-social" in history
        and "Logo de l'établissement changé : logo (2048 octets)" in history
    )
