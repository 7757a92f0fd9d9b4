"""An evaluation's life through the services and the pages: start (what applies is fixed), close
(named, dated, with what is missing in writing), reopen (with a reason), archive, abandon, delete;
a closed evaluation refuses every change, wherever it comes from."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.lifecycle import CampaignLocked, State
from ouvrage.campaigns.models import Campaign, Interview
from ouvrage.campaigns.selectors import applicable_criteria, grid_for, results_for, standings
from ouvrage.campaigns.services import (
    abandon_campaign,
    archive_campaign,
    close_campaign,
    delete_campaign,
    evaluate_also,
    plan_interview,
    reopen_campaign,
    start_campaign,
)
from ouvrage.evidence.models import Evidence
from ouvrage.evidence.services import cite_evidence
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.services import adopt_starter, answer_question
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.campaigns.fixtures import closed, rated_campaign
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def actions_of(campaign) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="campaigns.Campaign", target_id=str(campaign.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_starting_fixes_what_applies_and_a_later_profile_never_changes_it(director, ehpad):
    campaign = campaign_for(ehpad)
    interview_for(campaign, "traceur_cible")
    applicable = {c.code for c in applicable_criteria(campaign)}
    start_campaign(campaign=campaign, actor=director)
    campaign.refresh_from_db()
    assert campaign.lifecycle is State.IN_PROGRESS and campaign.started_at is not None
    assert campaign.frozen_profile == {"sector": "medico_social", "kind": "etablissement", "publics": ["PA"]}
    assert len(campaign.frozen_criteria) == len(applicable)
    assert "campaign.started" in actions_of(campaign)
    ehpad.publics = ["PA", "PHA", "PHE"]  # one ticked public used to turn 438 expected into 436
    ehpad.save()
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert {c.code for c in applicable_criteria(campaign)} == applicable
    before = results_for(campaign).completeness
    assert results_for(Campaign.objects.get(pk=campaign.pk)).completeness == before
    # Nor does a change of the frame's data: an impératif stays one for this campaign.
    imperative = next(c for c in applicable_criteria(campaign) if c.imperative)
    Criterion.objects.filter(pk=imperative.pk).update(imperative=False)
    assert any(c.pk == imperative.pk and c.imperative for c in applicable_criteria(campaign))
    assert results_for(campaign).results.criteria[imperative.code].imperative


def test_a_campaign_in_preparation_follows_the_profile(director, ehpad):
    campaign = campaign_for(ehpad)
    before = len(applicable_criteria(campaign))
    ehpad.sector = "social"
    ehpad.save()
    assert len(applicable_criteria(Campaign.objects.get(pk=campaign.pk))) != before


def test_the_first_cotation_starts_the_campaign(director, ehpad):
    campaign = campaign_for(ehpad)
    interview = interview_for(campaign, "traceur_cible")
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    assert rate(interview, row.element, director, "3").saved
    campaign.refresh_from_db()
    assert campaign.lifecycle is State.IN_PROGRESS and campaign.frozen_criteria
    assert actions_of(campaign).count("campaign.started") == 1


def test_closing_an_incomplete_evaluation_needs_what_is_missing_in_writing(director, ehpad):
    campaign = rated_campaign(ehpad, director)
    completeness = results_for(campaign).completeness
    assert not completeness.complete
    with pytest.raises(ValidationError, match="écrivez ce qui manque"):
        close_campaign(campaign=campaign, actor=director)
    assert Campaign.objects.get(pk=campaign.pk).lifecycle is State.IN_PROGRESS
    close_campaign(campaign=campaign, actor=director, statement="Pas d'accompagné traceur : grève.")
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.lifecycle is State.CLOSED and stored.closed_by == director and stored.closed_at
    assert stored.closing_statement == "Pas d'accompagné traceur : grève."
    assert stored.closing_completeness == {
        "rated": completeness.rated,
        "expected": completeness.expected,
        "uncovered": completeness.uncovered,
    }
    event = AuditEvent.objects.filter(action="campaign.closed").get()
    assert event.actor_id == director.pk and "grève" in json.dumps(event.changes, ensure_ascii=False)
    data = results_for(stored)
    assert data.letter_shown and data.closed_incomplete and not data.provisional


def test_a_closed_evaluation_refuses_every_change(director, ehpad):
    own = adopt_starter(establishment=ehpad, actor=director)
    campaign = rated_campaign(ehpad, director)
    evaluate_also(campaign=campaign, version=own.version, actor=director)
    interview = campaign.interviews.first()
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    evidence = Evidence.objects.create(establishment=ehpad, kind="observation", title="Vu")
    closed(campaign, director)
    campaign = Campaign.objects.get(pk=campaign.pk)
    events = AuditEvent.objects.count()
    outcome = rate(interview, row.element, director, "1", version=row.version)
    assert not outcome.saved and "clôturée" in outcome.problem
    with pytest.raises(CampaignLocked):
        plan_interview(campaign=campaign, actor=director, data={"method": "audit_systeme", "title": "Tard"})
    with pytest.raises(CampaignLocked):
        cite_evidence(evidence=evidence, campaign=campaign, element=row.element, actor=director)
    with pytest.raises(CampaignLocked):
        answer_question(
            campaign=campaign,
            question=own.version.criteria.first(),
            actor=director,
            judgement="",
            analysis="trop tard",
            participants="",
        )
    assert AuditEvent.objects.count() == events and Interview.objects.filter(title="Tard").count() == 0


def test_a_replay_from_a_device_offline_at_closing_is_refused_with_a_clear_message(
    director_client, director, ehpad
):
    campaign = rated_campaign(ehpad, director)
    interview = campaign.interviews.first()
    row = grid_for(interview).parts[0].criteria[0].rows[0]
    closed(campaign, director)
    url = reverse("campaigns:rate", args=[campaign.pk, interview.pk, row.element.pk])
    data = {"mark": "1", "version": str(row.version), "key": str(uuid.uuid4()), "user": str(director.pk)}
    answer = director_client.post(url, data, HTTP_X_OUVRAGE_SYNC="1")
    assert answer.status_code == 422 and answer.json()["state"] == "refused"
    assert "clôturée" in answer.json()["problem"]
    assert grid_for(interview).parts[0].criteria[0].rows[0].rating.mark == row.rating.mark


def test_closed_pages_show_no_way_to_change_and_forms_are_refused(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    interview = campaign.interviews.first()
    closed(campaign, director)
    grid = director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk]))
    assert "data-can-rate" not in grid.content.decode() and "ne se modifie plus" in visible_text(grid)
    detail = visible_text(director_client.get(reverse("campaigns:detail", args=[campaign.pk])))
    assert "Clôturée" in detail and "Planifier un accompagné traceur" not in detail and "Rouvrir" in detail
    planned = director_client.post(
        reverse("campaigns:interview_create", args=[campaign.pk]),
        {"method": "audit_systeme", "title": "Tard", "target": "gouvernance"},
        follow=True,
    )
    assert "rien ne s'y modifie plus" in visible_text(planned)
    assert not Interview.objects.filter(title="Tard").exists()
    upload = io.BytesIO(director_client.get(reverse("campaigns:grids_xlsx", args=[campaign.pk])).content)
    upload.name = "grilles.xlsx"
    imported = director_client.post(
        reverse("campaigns:grids_import", args=[campaign.pk]), {"file": upload}, follow=True
    )
    assert "rien ne s'y modifie plus" in visible_text(imported)
    edit = director_client.get(reverse("campaigns:edit", args=[campaign.pk]), follow=True)
    assert "rien ne s'y modifie plus" in visible_text(edit)


def test_reopen_needs_a_reason_and_is_recorded(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    closed(campaign, director)
    url = reverse("campaigns:reopen", args=[campaign.pk])
    refused = director_client.post(url, {"text": "  "})
    assert refused.status_code == 400 and "Dites pourquoi" in visible_text(refused)
    assert Campaign.objects.get(pk=campaign.pk).lifecycle is State.CLOSED
    assert director_client.post(url, {"text": "Cotation 2.2.1 saisie à tort."}).status_code == 302
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.lifecycle is State.IN_PROGRESS and stored.closed_at is None
    event = AuditEvent.objects.get(action="campaign.reopened")
    assert event.changes["raison"] == "Cotation 2.2.1 saisie à tort."
    with pytest.raises(ValidationError):
        reopen_campaign(campaign=stored, actor=director, reason="encore")  # not closed


def test_archive_is_for_good(director, ehpad):
    campaign = rated_campaign(ehpad, director)
    with pytest.raises(ValidationError):
        archive_campaign(campaign=campaign, actor=director)  # in progress
    closed(campaign, director)
    archive_campaign(campaign=campaign, actor=director)
    assert Campaign.objects.get(pk=campaign.pk).lifecycle is State.ARCHIVED
    with pytest.raises(ValidationError):
        reopen_campaign(campaign=campaign, actor=director, reason="erreur")
    assert standings([ehpad])[ehpad.pk].closed == campaign  # still « the last evaluation »


def test_delete_only_an_empty_campaign_in_preparation(director_client, director, ehpad):
    empty = campaign_for(ehpad, title="Prévue")
    interview_for(empty, "traceur_cible")
    page = visible_text(director_client.get(reverse("campaigns:delete", args=[empty.pk])))
    assert "efface l'évaluation et ses 1 entretien planifié" in page
    response = director_client.post(reverse("campaigns:delete", args=[empty.pk]))
    assert response.url == reverse("establishments:detail", args=[ehpad.pk])
    assert not Campaign.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(action="campaign.deleted", target_id=str(empty.pk)).exists()
    again = director_client.post(reverse("campaigns:delete", args=[empty.pk]))
    assert again.status_code == 404  # a double click finds nothing more to delete
    rated = rated_campaign(ehpad, director)
    with pytest.raises(ValidationError):
        delete_campaign(campaign=rated, actor=director)  # in progress
    refused = visible_text(director_client.get(reverse("campaigns:delete", args=[rated.pk])))
    assert "Impossible" in refused and "Supprimer définitivement" not in refused


def test_abandon_needs_a_reason_and_leaves_the_evaluation_readable(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    with pytest.raises(ValidationError):
        abandon_campaign(campaign=campaign, actor=director, reason="")
    director_client.post(reverse("campaigns:abandon", args=[campaign.pk]), {"text": "Fusion avec l'EHPAD B."})
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.lifecycle is State.ABANDONED and stored.abandon_reason == "Fusion avec l'EHPAD B."
    assert director_client.get(reverse("campaigns:results", args=[campaign.pk])).status_code == 200
    assert ehpad.pk not in standings([ehpad])  # neither the last evaluation nor the one under way


def test_closing_twice_by_a_double_click_closes_once(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    url = reverse("campaigns:close", args=[campaign.pk])
    page = visible_text(director_client.get(url))
    assert "Évaluation incomplète" in page and "cotations attendues" in page
    assert director_client.post(url, {}).status_code == 400  # incomplete, nothing written
    first = director_client.post(url, {"text": "Un audit système manque."})
    second = director_client.post(url, {"text": "Un audit système manque."})
    assert first.status_code == second.status_code == 302
    assert AuditEvent.objects.filter(action="campaign.closed").count() == 1


def test_the_evaluation_under_way_and_the_last_closed_one(director_client, director, ehpad):
    last_year = rated_campaign(ehpad, director, title="2025", starts_on=date(2025, 3, 1))
    closed(last_year, director)
    this_year = campaign_for(ehpad, title="2026", starts_on=date(2026, 10, 1))
    found = standings([ehpad])[ehpad.pk]
    assert found.closed == last_year and found.current == this_year
    page = director_client.get(reverse("organisation:overview"))
    row = page.context["view"].rows[0]
    assert row.campaign == last_year and row.quality is not None and row.current == this_year
    assert "En cours : 2026" in visible_text(page)


def test_external_evaluation_details(director_client, director, ehpad):
    url = reverse("campaigns:create", args=[ehpad.pk])
    version = ehpad.organisation and Criterion.objects.first().version
    base = {
        "frame_version": version.pk,
        "kind": "external",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        "rounding": "two_decimals",
        "evaluator": "Qualéval",
        "evaluator_accreditation": "3-1234",
        "lead_evaluator": "Jeanne Roux",
    }
    outside = director_client.post(
        url, {**base, "visit_starts_on": "2026-04-02", "visit_ends_on": "2026-04-03"}
    )
    assert (
        outside.status_code == 200
        and "doit tomber pendant l'évaluation (du 1er mars 2026 au 31 mars 2026)" in (visible_text(outside))
    )
    wrong_title = director_client.post(
        url,
        {
            **base,
            "title": "Auto-évaluation 2026",
            "visit_starts_on": "2026-03-10",
            "visit_ends_on": "2026-03-11",
        },
    )
    assert "L'intitulé dit « Auto-évaluation » pour une évaluation externe" in visible_text(wrong_title)
    assert not Campaign.objects.exists()
    created = director_client.post(
        url, {**base, "visit_starts_on": "2026-03-10", "visit_ends_on": "2026-03-11"}
    )
    campaign = Campaign.objects.get()
    assert created.url == reverse("campaigns:detail", args=[campaign.pk])
    assert campaign.title == "Évaluation externe 2026 — EHPAD A"
    assert (campaign.evaluator_accreditation, campaign.lead_evaluator) == ("3-1234", "Jeanne Roux")
    detail = visible_text(director_client.get(created.url))
    assert "accréditation Cofrac n° 3-1234" in detail and "Jeanne Roux" in detail


def test_the_profile_form_says_which_open_campaigns_it_would_change(director_client, director, ehpad):
    preparing = campaign_for(ehpad, title="En préparation")
    started = rated_campaign(ehpad, director, title="Commencée")
    form = {
        "name": ehpad.name,
        "finess": ehpad.finess,
        "finess_category": ehpad.finess_category,
        "sector": "medico_social",
        "kind": "etablissement",
        "publics": ["PA", "PHA"],
    }
    url = reverse("establishments:edit", args=[ehpad.pk])
    asked = director_client.post(url, form)
    text = visible_text(asked)
    assert (
        asked.status_code == 200
        and "« En préparation »" in text
        and "Commencée" not in text.split("Les évaluations déjà commencées")[0]
    )
    ehpad.refresh_from_db()
    assert ehpad.publics == ["PA"]  # nothing saved before the confirmation
    assert director_client.post(url, {**form, "confirm": "1"}).status_code == 302
    ehpad.refresh_from_db()
    assert ehpad.publics == ["PA", "PHA"]
    assert preparing.pk and started.frozen_criteria
