from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ouvrage.actions.models import Action
from ouvrage.actions.proposals import propose
from ouvrage.actions.selectors import plan_for, quarter_end
from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.selectors import results_for
from tests.campaigns.fixtures import closed, rated_campaign
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (date(2026, 1, 15), date(2026, 3, 31)),
        (date(2026, 5, 1), date(2026, 6, 30)),
        (date(2026, 9, 30), date(2026, 9, 30)),
        (date(2026, 11, 24), date(2026, 12, 31)),
    ],
)
def test_quarter_end(today, end):
    assert quarter_end(today) == end


def test_proposals_put_unmet_imperatives_first(ehpad, director):
    campaign = rated_campaign(ehpad, director)
    results = results_for(campaign).results
    proposals = propose(results, {})
    reasons = [p.reason for p in proposals]
    assert reasons == sorted(reasons)  # "imperative" before "low_score"
    imperatives = [p.code for p in proposals if p.reason == "imperative"]
    unmet = {c for c, r in results.criteria.items() if r.imperative and not r.strictly_met}
    assert set(imperatives) == unmet and unmet
    assert all(results.criteria[p.code].score < 3 for p in proposals if p.reason == "low_score")
    assert not {p.code for p in propose(results, {}, already_followed=imperatives)} & set(imperatives)


def test_build_the_plan_from_the_proposals(director_client, director, ehpad):
    campaign = rated_campaign(ehpad, director)
    url = reverse("actions:proposals", args=[campaign.pk])
    page = director_client.get(url)
    proposals = page.context["proposals"]
    first, second, third = proposals[0], proposals[1], proposals[2]
    response = director_client.post(url, {"codes": [first.code]})
    assert response.status_code == 302
    response = director_client.post(
        url, {"codes": [second.code, third.code], "merge": "1", "merged_title": "Droits : plan commun"}
    )
    assert response.status_code == 302
    merged = Action.objects.get(title="Droits : plan commun")
    assert sorted(c.code for c in merged.criteria.all()) == sorted([second.code, third.code])
    assert merged.campaign == campaign and merged.priority == "high"
    # The wording says each score as French people write it: « note 2,50 », never « note 2.50 ».
    scores = [line.split(" : note ")[1].split(" ")[0] for line in merged.description.splitlines()]
    assert scores and all(s == "non" or ("," in s and "." not in s) for s in scores), scores
    # Followed criteria are no longer proposed.
    again = {p.code for p in director_client.get(url).context["proposals"]}
    assert not again & {first.code, second.code, third.code}
    assert "Cochez au moins une proposition" in page_text(director_client.post(url, {}, follow=True))


def test_plan_groups_late_quarter_and_owner_and_shows_movement(director_client, director, ehpad):
    first = rated_campaign(ehpad, director, marks="2", title="Première")
    later = rated_campaign(ehpad, director, marks="4", title="Seconde")
    later.starts_on = first.starts_on + timedelta(days=400)
    later.save()
    criterion = first.frame_version.criteria.get(code="2.2.1")
    today = date.today()
    late = Action.objects.create(
        establishment=ehpad,
        campaign=first,
        title="En retard",
        due_on=today - timedelta(days=3),
        owner=director,
    )
    late.criteria.add(criterion)
    Action.objects.create(establishment=ehpad, title="Ce trimestre", due_on=quarter_end(today))
    Action.objects.create(
        establishment=ehpad, title="Finie", status="done", due_on=today - timedelta(days=30)
    )
    plan = plan_for(ehpad, today)
    assert [r.action.title for r in plan.late] == ["En retard"]
    assert [r.action.title for r in plan.this_quarter] == ["Ce trimestre"]
    assert [r.action.title for r in plan.closed] == ["Finie"]
    movement = plan.late[0].movements[0]
    assert movement.after is None  # the later evaluation is under way: it proves nothing yet
    closed(later, director)
    movement = plan_for(ehpad, today).late[0].movements[0]
    assert (movement.code, str(movement.before), str(movement.after), movement.direction) == (
        "2.2.1",
        "2.00",
        "4.00",
        "monte",
    )
    assert plan.by_owner[0][0] == str(director) and plan.by_owner[0][2] == 1
    text = visible_text(director_client.get(reverse("actions:plan", args=[ehpad.pk])))
    assert "En retard (1)" in text and "2.2.1 : 2,00 → 4,00 (monte, Seconde)" in text


def test_edit_action_notes_and_abandon_needs_a_reason(director_client, director, ehpad, has_version):
    action = Action.objects.create(establishment=ehpad, title="Former l'équipe")
    url = reverse("actions:detail", args=[action.pk])
    base = {
        "title": "Former l'équipe",
        "priority": "high",
        "status": "abandoned",
        "criteria_codes": "2.2.1, 9.9.9",
    }
    text = page_text(director_client.post(url, base))
    assert (
        "Critère(s) inconnu(s) dans le référentiel : 9.9.9." in text
        and "Dites pourquoi l'action est abandonnée." in text
    )
    response = director_client.post(
        url, {**base, "criteria_codes": "2.2.1, 3.13.1", "abandon_reason": "Remplacée par le plan régional"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "abandoned" and sorted(c.code for c in action.criteria.all()) == [
        "2.2.1",
        "3.13.1",
    ]
    assert AuditEvent.objects.filter(action="action.updated", target_id=str(action.pk)).exists()
    note = reverse("actions:note", args=[action.pk])
    response = director_client.post(note, {"written_on": "2026-11-20", "text": "Session 1 faite"})
    assert response.status_code == 302 and action.notes.get().text == "Session 1 faite"
    assert "Décrivez l'avancement." in page_text(director_client.post(note, {"written_on": "2026-11-20"}))


def test_read_only_cannot_change_the_plan(client, organisation, ehpad):
    from tests.factories import UserFactory

    action = Action.objects.create(establishment=ehpad, title="A")
    client.force_login(UserFactory(organisation=organisation, role="read_only"))
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200
    assert (
        client.post(
            reverse("actions:note", args=[action.pk]), {"written_on": "2026-01-01", "text": "x"}
        ).status_code
        == 403
    )


def test_comparison_of_two_campaigns(director_client, director, ehpad):
    first = rated_campaign(ehpad, director, marks="2", title="Première")
    second = rated_campaign(ehpad, director, marks="4", title="Seconde")
    second.starts_on = first.starts_on + timedelta(days=400)
    second.ends_on = second.starts_on + timedelta(days=100)
    second.save()
    Action.objects.create(establishment=ehpad, campaign=first, title="Action entre les deux")
    page = director_client.get(
        reverse("campaigns:comparison", args=[ehpad.pk]), {"avant": first.pk, "apres": second.pk}
    )
    comparison = page.context["c"]
    row = next(r for r in comparison.imperatives if r.code == "2.2.1")
    assert (str(row.before), str(row.after), row.direction) == ("2.00", "4.00", "en hausse")
    assert all(r.direction in {"en hausse", "non comparable"} for r in comparison.objectives)
    assert comparison.letters[1] != comparison.letters[0]
    assert "Action entre les deux" in visible_text(page)
    same = director_client.get(
        reverse("campaigns:comparison", args=[ehpad.pk]), {"avant": first.pk, "apres": first.pk}
    )
    assert same.context["c"] is None and "Choisissez deux évaluations différentes." in visible_text(same)
