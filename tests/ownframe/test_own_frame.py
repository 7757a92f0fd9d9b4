from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ouvrage.complaints.models import Complaint
from ouvrage.evidence.models import Evidence
from ouvrage.frames.models import Frame
from ouvrage.ownframe.models import CrosswalkLink, EvaluativeAnswer, Mission
from ouvrage.ownframe.selectors import own_frame_of
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db


def adopt(client, establishment):
    client.post(reverse("ownframe:page", args=[establishment.pk]), {"form": "adopt"})
    return own_frame_of(establishment)


def test_adopt_the_starter_and_write_missions_needs_values(director_client, ehpad, organisation):
    own = adopt(director_client, ehpad)
    assert own.version.frame.organisation == organisation and own.version.criteria.count() == 14
    assert own.version.rules.answer_style == "evaluative"
    assert Frame.objects.get(slug=f"cadre-propre-{ehpad.pk}").organisation is not None
    url = reverse("ownframe:page", args=[ehpad.pk])
    director_client.post(
        url,
        {
            "form": "mission",
            "mission-text": "Accueillir des personnes âgées dépendantes",
            "mission-source": "authorisation",
            "mission-reference": "Arrêté du 3 janvier 2017",
        },
    )
    director_client.post(
        url,
        {
            "form": "need",
            "need-text": "Garder des liens avec le quartier",
            "need-observed": "Conseil de la vie sociale",
        },
    )
    director_client.post(url, {"form": "value", "value-text": "Prendre le temps"})
    assert "Écrivez la mission." in page_text(
        director_client.post(url, {"form": "mission", "mission-text": "", "mission-source": "cpom"})
    )
    text = visible_text(director_client.get(url))
    assert "Arrêté d'autorisation, Arrêté du 3 janvier 2017" in text and "Prendre le temps" in text
    assert Mission.objects.count() == 1


def test_questions_and_crosswalk(director_client, ehpad):
    own = adopt(director_client, ehpad)
    url = reverse("ownframe:page", args=[ehpad.pk])
    bad = director_client.post(
        url,
        {
            "form": "question",
            "question-dimension": "D5",
            "question-text": "Les sorties ont-elles repris ?",
            "question-crosswalk": "1.13.1, 9.9.9",
        },
    )
    assert "Critère(s) inconnu(s) dans les référentiels de l'établissement : 9.9.9." in page_text(bad)
    director_client.post(
        url,
        {
            "form": "question",
            "question-dimension": "D5",
            "question-text": "Les sorties ont-elles repris ?",
            "question-crosswalk": "1.13.1",
        },
    )
    question = own.version.criteria.get(title="Les sorties ont-elles repris ?")
    assert question.code == "Q5.3" and question.elements.get().text == question.title
    assert [link.criterion.code for link in CrosswalkLink.objects.filter(question=question)] == ["1.13.1"]
    edit = reverse("ownframe:question", args=[ehpad.pk, question.pk])
    director_client.post(
        edit,
        {
            "dimension": "D5",
            "text": "Les sorties au marché ont-elles repris ?",
            "crosswalk": "1.13.1, 1.13.2",
        },
    )
    question.refresh_from_db()
    assert question.title.startswith("Les sorties au marché")
    assert CrosswalkLink.objects.filter(question=question).count() == 2


def test_one_piece_of_evidence_shows_under_both_frames(director_client, director, ehpad, has_version):
    own = adopt(director_client, ehpad)
    question = own.version.criteria.get(code="Q5.1")
    CrosswalkLink.objects.create(question=question, criterion=has_version.criteria.get(code="2.1.1"))
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    element = has_version.criteria.get(code="2.1.1").elements.first()
    rate(interview, element, director, "3")
    evidence = Evidence.objects.create(
        establishment=ehpad, kind="observation", title="Compte rendu de la réunion d'équipe", text="…"
    )
    url = reverse("ownframe:evaluation", args=[campaign.pk])
    prefix = f"q{question.pk}"
    response = director_client.post(
        url,
        {
            "question": question.pk,
            f"{prefix}-judgement": "En grande partie",
            f"{prefix}-analysis": "Les familles notent des progrès.",
            f"{prefix}-participants": "6 professionnels, 2 familles",
            f"{prefix}-evidence": evidence.pk,
        },
    )
    assert response.status_code == 302
    answer = EvaluativeAnswer.objects.get()
    assert answer.judgement == "En grande partie"
    # Under the own frame: the question, its evidence, the linked HAS criterion and its score.
    own_page = visible_text(director_client.get(url))
    assert "Preuves citées : Compte rendu de la réunion d'équipe" in own_page and "2.1.1 (3,00" in own_page
    # Under the HAS frame: the same evidence and the team's analysis, on the results page and the criterion page.
    results = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert "Ce que dit le travail de l'équipe" in results and "Compte rendu de la réunion d'équipe" in results
    assert "Les familles notent des progrès." in results
    criterion_page = visible_text(
        director_client.get(
            reverse("frames:criterion", args=[ehpad.pk, has_version.pk, element.criterion_id])
        )
    )
    assert (
        "Ce que dit le travail de l'équipe" in criterion_page
        and "Compte rendu de la réunion d'équipe" in criterion_page
    )


def test_judgement_outside_the_team_scale_is_refused(director_client, ehpad):
    own = adopt(director_client, ehpad)
    question = own.version.criteria.get(code="Q1.1")
    campaign = campaign_for(ehpad)
    prefix = f"q{question.pk}"
    response = director_client.post(
        reverse("ownframe:evaluation", args=[campaign.pk]),
        {"question": question.pk, f"{prefix}-judgement": "Excellent"},
    )
    assert "Q1.1" in page_text(response) and "Excellent" in page_text(response)
    assert not EvaluativeAnswer.objects.exists()


def test_no_other_organisation_sees_the_team_work(
    client, ehpad, has_version, other_organisation, director_client
):
    from tests.factories import EstablishmentFactory, UserFactory

    own = adopt(director_client, ehpad)
    CrosswalkLink.objects.create(
        question=own.version.criteria.get(code="Q5.1"), criterion=has_version.criteria.get(code="2.1.1")
    )
    other = EstablishmentFactory(organisation=other_organisation)
    client.force_login(UserFactory(organisation=other_organisation))
    page = visible_text(
        client.get(
            reverse(
                "frames:criterion", args=[other.pk, has_version.pk, has_version.criteria.get(code="2.1.1").pk]
            )
        )
    )
    assert "Ce que dit le travail de l'équipe" not in page


def test_collective_session_feeds_the_action_plan(director_client, ehpad):
    from ouvrage.actions.models import Action
    from ouvrage.ownframe.models import CollectiveSession

    own = adopt(director_client, ehpad)
    url = reverse("ownframe:sessions", args=[ehpad.pk])
    data = {
        "held_on": "2026-11-20",
        "title": "Liberté d'aller et venir",
        "professionals": "8",
        "people": "2",
        "families": "1",
        "cvs": "1",
        "partners": "0",
        "codes": "P-001, P-002",
        "questions": [own.version.criteria.get(code="Q2.1").pk],
        "said": "Les portes codées pèsent.",
        "decided": "Tester un code affiché pour les résidents volontaires.",
    }
    assert "pas de noms" in page_text(director_client.post(url, {**data, "codes": "Jeanne Martin"}))
    assert "Indiquez au moins un participant." in page_text(
        director_client.post(url, {**data, "professionals": "0", "people": "0", "families": "0", "cvs": "0"})
    )
    assert director_client.post(url, data).status_code == 302
    session = CollectiveSession.objects.get()
    assert session.participant_total == 12 and [q.code for q in session.questions.all()] == ["Q2.1"]
    response = director_client.post(reverse("ownframe:session_action", args=[ehpad.pk, session.pk]))
    action = Action.objects.get()
    assert response.url == reverse("actions:detail", args=[action.pk]) and action.origin == "session"
    assert "Tester un code affiché" in action.description


def test_the_has_grid_shows_what_the_team_work_says(director_client, director, ehpad, has_version):
    from ouvrage.ownframe.services import answer_question

    own = adopt(director_client, ehpad)
    question = own.version.criteria.get(code="Q5.1")
    CrosswalkLink.objects.create(question=question, criterion=has_version.criteria.get(code="2.1.1"))
    campaign = campaign_for(ehpad)
    answer_question(
        campaign=campaign,
        question=question,
        actor=director,
        judgement="Un peu",
        analysis="…",
        participants="",
    )
    interview = interview_for(campaign, "traceur_cible")
    text = visible_text(director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])))
    assert "Ce que dit le travail de l'équipe : Q5.1" in text and "— Un peu" in text


def test_a_campaign_names_the_frames_it_evaluates(director_client, director, ehpad, has_version):
    """The rated frame and, if the team wants it, its own frame of evaluative questions; how each is
    answered comes from the frames' data."""
    from django.core.exceptions import ValidationError

    from ouvrage.audit.models import AuditEvent
    from ouvrage.campaigns.models import Campaign
    from ouvrage.campaigns.selectors import evaluated_frames
    from ouvrage.campaigns.services import create_campaign
    from ouvrage.ownframe.services import answer_question

    own = adopt(director_client, ehpad)
    form = director_client.get(reverse("campaigns:create", args=[ehpad.pk])).context["form"]
    assert form.initial["also"] == [own.version.pk]  # proposed, checked
    data = {
        "kind": "self",
        "title": "Sans le cadre propre",
        "starts_on": "2027-01-04",
        "ends_on": "2027-06-30",
    }
    director_client.post(
        reverse("campaigns:create", args=[ehpad.pk]),
        {**data, "frame_version": has_version.pk, "rounding": "two_decimals"},
    )
    campaign = Campaign.objects.get(title="Sans le cadre propre")
    assert [f.answer_style for f in evaluated_frames(campaign)] == ["cotation"]
    question = own.version.criteria.get(code="Q1.1")
    with pytest.raises(ValidationError, match="n'évalue pas le cadre propre"):
        answer_question(
            campaign=campaign, question=question, actor=director, judgement="", analysis="x", participants=""
        )
    page = visible_text(director_client.get(reverse("ownframe:evaluation", args=[campaign.pk])))
    assert "n'évalue pas encore le cadre propre" in page
    director_client.post(reverse("ownframe:evaluate", args=[campaign.pk]))
    assert [f.answer_style for f in evaluated_frames(campaign)] == ["cotation", "evaluative"]
    assert AuditEvent.objects.filter(action="campaign.frames_changed", target_id=str(campaign.pk)).exists()
    answer_question(
        campaign=campaign,
        question=question,
        actor=director,
        judgement="Un peu",
        analysis="x",
        participants="",
    )
    with pytest.raises(ValidationError):  # the own frame cannot be the rated one, nor HAS an evaluative one
        create_campaign(
            establishment=ehpad, frame_version=own.version, actor=director, data={**data, "title": "x"}
        )
    with pytest.raises(ValidationError):
        create_campaign(
            establishment=ehpad,
            frame_version=has_version,
            actor=director,
            data={**data, "title": "y"},
            also=[has_version],
        )


def test_own_questions_cite_the_registers_through_the_crosswalk(
    director_client, director, ehpad, has_version
):
    """Issue 19: an own question linked to a criterion a register speaks to (3.12.1, complaints) shows
    the register's live figures in the team's evaluation, with the way to the question's effects lane."""
    own = adopt(director_client, ehpad)
    question = own.version.criteria.order_by("position").first()
    CrosswalkLink.objects.create(question=question, criterion=has_version.criteria.get(code="3.12.1"))
    Complaint.objects.create(
        establishment=ehpad,
        channel="oral",
        received_on=date(2026, 11, 2),
        acknowledge_due=date(2026, 11, 10),
        answer_due=date(2026, 12, 2),
        subject="Repas froids",
        description="Les repas arrivent froids le soir.",
    )
    campaign = campaign_for(ehpad, has_version)
    director_client.post(reverse("ownframe:evaluate", args=[campaign.pk]), {"version": own.version.pk})
    text = visible_text(director_client.get(reverse("ownframe:evaluation", args=[campaign.pk])))
    assert "Ce que disent les registres : Réclamations et plaintes : 1 réclamation" in text
    assert "Couloir des effets de cette question" in text
