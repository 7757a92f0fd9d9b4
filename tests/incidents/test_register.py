"""Declaring (names refused, without one's name, once), qualifying, analysing, deciding an action,
closing; the CREX; scopes; the figures the criteria show, in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.actions.models import Action
from ouvrage.audit.models import AuditEvent
from ouvrage.core.models import Submission
from ouvrage.incidents import services
from ouvrage.incidents.models import AdverseEvent, Crex, EventStatus
from ouvrage.incidents.selectors import counts_for, criterion_figures, declaration_text
from ouvrage.www.registers import figures_by_code
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

EVENT = {
    "what": "Chute dans le couloir au retour du repas.",
    "occurred_on": "2026-11-20",
    "occurred_at": "13:40",
    "place": "Couloir du 1er étage",
    "category": "fall",
    "person_code": "R-017",
    "immediate_measures": "Relevée, infirmière appelée, famille prévenue.",
}


def _declare(establishment, actor, **extra):
    data = {**EVENT, "occurred_on": date(2026, 11, 20), "occurred_at": None, **extra}
    return services.declare_event(establishment=establishment, actor=actor, data=data, anonymous=False)


def test_a_professional_declares_without_their_name_once(client, organisation, ehpad):
    professional = UserFactory(organisation=organisation, role="professional", full_name="Lucas Petit")
    client.force_login(professional)
    url = reverse("incidents:declare", args=[ehpad.pk])
    token = "a" * 32
    assert client.post(url, {**EVENT, "anonymous": "on", "once": token}).status_code == 302
    assert client.post(url, {**EVENT, "anonymous": "on", "once": token}).status_code == 302  # sent again
    event = AdverseEvent.objects.get()
    assert event.declarant is None and event.person_code == "R-017" and event.status == EventStatus.DECLARED
    journal = AuditEvent.objects.get(action="adverse_event.declared")
    assert journal.actor is None and journal.actor_label == "anonyme"
    # Nor does the double-click guard keep who sent it or where it led.
    assert (
        Submission.objects.get(token=token).user is None
        and Submission.objects.get(token=token).location == ""
    )
    assert "lucas" not in str(journal.changes).lower()
    text = page_text(client.get(reverse("incidents:event", args=[ehpad.pk, event.pk])))
    assert "sans nom" in text and "Lucas Petit" not in text.split("Événements indésirables")[-1]


def test_names_are_refused_next_to_the_field(client, organisation, ehpad):
    client.force_login(UserFactory(organisation=organisation, role="professional"))
    response = client.post(
        reverse("incidents:declare", args=[ehpad.pk]), {**EVENT, "person_code": "Jeanne Martin"}
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "sans espace : un pseudonyme, pas un nom." in text
    empty = page_text(client.post(reverse("incidents:declare", args=[ehpad.pk]), {"occurred_on": "hier"}))
    assert "Décrivez ce qui s'est passé." in empty and "Date invalide" in empty and "Dites où" in empty
    assert not AdverseEvent.objects.exists()
    with pytest.raises(ValidationError):  # the service refuses a name too
        _declare(ehpad, UserFactory(organisation=organisation, role="quality"), person_code="Mme Martin")


def test_qualify_analyse_act_close(director_client, director, ehpad):
    event = _declare(ehpad, director)
    base = [ehpad.pk, event.pk]
    bad = director_client.post(reverse("incidents:analyse", args=base), {"analysis": "x"})
    assert bad.status_code == 400 and "Qualifiez l'événement avant de l'analyser." in page_text(bad)
    assert (
        director_client.post(
            reverse("incidents:qualify", args=base),
            {"qualification": "eig", "severity": "9", "frequency": "2"},
        ).status_code
        == 400
    )
    r = director_client.post(
        reverse("incidents:qualify", args=base), {"qualification": "eig", "severity": "4", "frequency": "2"}
    )
    assert r.status_code == 302
    event.refresh_from_db()
    assert event.status == "qualified" and event.must_declare and event.authority_deadline is None
    page = page_text(director_client.get(reverse("incidents:event", args=base)))
    assert "À déclarer aux autorités" in page and "à compléter" in page and "L331-8-1" in page
    assert "R-017" in declaration_text(event) and "Couloir du 1er étage" in declaration_text(event)
    r = director_client.post(
        reverse("incidents:analyse", args=base),
        {
            "cause_person": "Troubles de l'équilibre connus",
            "cause_team": "Relève non faite",
            "analysis": "Deux facteurs.",
        },
    )
    assert r.status_code == 302
    event.refresh_from_db()
    assert event.status == "analysed" and set(event.causes) == {"person", "team"}
    r = director_client.post(
        reverse("incidents:action", args=base), {"title": "Revoir la relève du midi", "priority": "high"}
    )
    action = Action.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("actions:detail", args=[action.pk])
    assert list(event.actions.all()) == [action] and action.origin == "adverse_event"
    assert (
        director_client.post(
            reverse("incidents:authorities", args=base), {"declared_on": "2026-11-21"}
        ).status_code
        == 302
    )
    assert director_client.post(reverse("incidents:close", args=base), {"feedback": ""}).status_code == 400
    assert (
        director_client.post(
            reverse("incidents:close", args=base), {"feedback": "Merci, la relève change."}
        ).status_code
        == 302
    )
    event.refresh_from_db()
    assert event.status == "closed" and event.authorities_declared_on == date(2026, 11, 21)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "adverse_event.declared",
        "adverse_event.qualified",
        "adverse_event.analysed",
        "adverse_event.action_decided",
        "adverse_event.authorities",
        "adverse_event.closed",
        "action.created",
    } <= actions
    register = page_text(director_client.get(reverse("incidents:register", args=[ehpad.pk])))
    assert "Merci, la relève change." in register
    xlsx = director_client.get(reverse("incidents:xlsx", args=[ehpad.pk]))
    from io import BytesIO

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).value == event.number and sheet.cell(2, 7).value == "R-017"


def test_a_professional_may_declare_but_not_treat(client, organisation, ehpad):
    professional = UserFactory(organisation=organisation, role="professional")
    event = _declare(ehpad, professional)
    client.force_login(professional)
    assert (
        client.post(
            reverse("incidents:qualify", args=[ehpad.pk, event.pk]), {"qualification": "ei"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.close_event(event=event, actor=professional, feedback="x")
    with pytest.raises(PermissionDenied):
        _declare(ehpad, UserFactory(organisation=organisation, role="read_only"))


def test_scope_other_organisation_and_other_establishment(client, organisation, other_organisation, ehpad):
    theirs = EstablishmentFactory(organisation=other_organisation)
    their_event = _declare(theirs, UserFactory(organisation=other_organisation, role="quality"))
    mine = EstablishmentFactory(organisation=organisation)
    professional = UserFactory(organisation=organisation, role="professional", all_establishments=False)
    professional.establishments.add(mine)
    client.force_login(professional)
    ours = _declare(ehpad, UserFactory(organisation=organisation, role="quality"))
    for name, args in [
        ("incidents:register", [ehpad.pk]),
        ("incidents:declare", [ehpad.pk]),
        ("incidents:event", [ehpad.pk, ours.pk]),
        ("incidents:event", [mine.pk, ours.pk]),
        ("incidents:event", [theirs.pk, their_event.pk]),
        ("incidents:crex", [theirs.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    with pytest.raises(PermissionDenied):  # the service checks the organisation again
        services.declare_event(
            establishment=theirs,
            actor=professional,
            data={**EVENT, "occurred_on": date(2026, 1, 1)},
            anonymous=False,
        )


def test_crex_reviews_events_and_decides_actions(director_client, director, ehpad, organisation):
    event = _declare(ehpad, director)
    other = _declare(EstablishmentFactory(organisation=organisation), director)
    url = reverse("incidents:crex", args=[ehpad.pk])
    assert "combien de personnes" in page_text(director_client.post(url, {"held_on": "2026-11-25"}))
    r = director_client.post(
        url,
        {
            "held_on": "2026-11-25",
            "events": [event.pk],
            "role_quality": "1",
            "role_care": "4",
            "decisions": "Relève écrite.",
            "actions": "Fiche de relève\n\nFormation chutes",
        },
    )
    assert r.status_code == 302
    crex = Crex.objects.get()
    assert list(crex.events.all()) == [event] and crex.participants == {"quality": 1, "care": 4}
    assert sorted(a.title for a in crex.actions.all()) == ["Fiche de relève", "Formation chutes"]
    refused = director_client.post(url, {"held_on": "2026-11-25", "events": [other.pk], "role_care": "1"})
    assert refused.status_code == 400 and Crex.objects.count() == 1
    page = page_text(director_client.get(url))
    assert "Soignants : 4" in page and event.number in page


def test_figures_by_criterion_in_a_constant_number_of_queries(director, ehpad):
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            e = _declare(ehpad, director, occurred_on=today - timedelta(days=i))
            services.qualify_event(event=e, actor=director, qualification="ei", severity=2, frequency=2)
            services.analyse_event(event=e, actor=director, causes={"task": "t"}, analysis="")
            a = services.decide_action(event=e, actor=director, data={"title": f"A{i}"}, criteria=[])
            if i % 2:
                Action.objects.filter(pk=a.pk).update(status="done")

    add(2)
    with CaptureQueriesContext(connection) as few:
        criterion_figures(ehpad, today)
    add(5)
    with CaptureQueriesContext(connection) as more:
        criterion_figures(ehpad, today)
    assert len(few) == len(more) == 3
    figures = {
        code: [f for f in found if f.register == "Événements indésirables"]
        for code, found in figures_by_code(ehpad, today).items()
    }
    assert figures["3.13.3"][0].text.startswith(
        "7 événements déclarés en 12 mois, 7 analysés, délai médian d'analyse 0 jour"
    )
    assert "7 actions dont 3 réalisées" in figures["3.13.3"][0].text
    assert figures["3.13.3"][0].url == reverse("incidents:register", args=[ehpad.pk])
    assert counts_for(ehpad, today).declared == 7


def test_the_figures_show_where_the_criterion_is_shown(director_client, director, ehpad, has_version):
    from tests.campaigns.factories import campaign_for, interview_for

    event = _declare(ehpad, director, occurred_on=timezone.localdate())
    services.qualify_event(event=event, actor=director, qualification="ei", severity=1, frequency=1)
    criterion = has_version.criteria.get(code="3.13.3")
    sentence = "1 événement déclaré en 12 mois, 0 analysé"
    page = page_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk]))
    )
    assert "Ce que disent les registres" in page and sentence in page
    other = has_version.criteria.get(code="1.1.1")
    assert sentence not in page_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, other.pk]))
    )
    campaign = campaign_for(ehpad, has_version)
    url = reverse("campaigns:results_context", args=[campaign.pk, criterion.pk])
    assert (
        f'hx-get="{url}"'
        in director_client.get(reverse("campaigns:results", args=[campaign.pk])).content.decode()
    )
    assert sentence in director_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert director_client.get(url)["Location"] == reverse(
        "frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk]
    )
    interview = interview_for(campaign, "audit_systeme", target="professionnels")
    grid = page_text(director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])))
    assert sentence in grid


def test_a_name_in_what_happened_is_warned_not_refused(client, organisation, ehpad):
    client.force_login(UserFactory(organisation=organisation, role="professional"))
    response = client.post(
        reverse("incidents:declare", args=[ehpad.pk]),
        {**EVENT, "what": "Chute de Madame Dupont dans le couloir, relevée par l'équipe."},
        follow=True,
    )
    text = page_text(response)
    assert AdverseEvent.objects.count() == 1  # kept
    assert "semble nommer quelqu'un : « Madame Dupont »" in text
