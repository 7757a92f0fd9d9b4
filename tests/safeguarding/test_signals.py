"""Reporting (any member of staff, who sees nothing after), the stricter access (only the roles and
people the organisation names; 404 for everyone else), handling, the setting, the adverse event's
link, the figures fed to the evaluation (counts only, one query)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouvrage.actions.models import Action
from ouvrage.audit.models import AuditEvent
from ouvrage.incidents.models import AdverseEvent
from ouvrage.safeguarding import services
from ouvrage.safeguarding.models import Signal, SignalStatus
from ouvrage.safeguarding.selectors import figures_of, may_handle
from ouvrage.www.registers import figures_by_code
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

FORM = {
    "what": "Propos humiliants entendus au moment de la toilette.",
    "occurred_on": "2026-11-20",
    "place": "Chambre 12",
    "nature": "psychological",
    "reporter_role": "professional",
    "person_code": "R-017",
    "immediate_measures": "Changement d'intervenant pour la toilette.",
}


def _report(establishment, actor, **extra):
    data = {**FORM, "occurred_on": date(2026, 11, 20), **extra}
    return services.report_signal(establishment=establishment, actor=actor, data=data)


def _pages(establishment, signal):
    e, s = establishment.pk, signal.pk
    return [
        ("get", reverse("safeguarding:register", args=[e])),
        ("get", reverse("safeguarding:xlsx", args=[e])),
        ("get", reverse("safeguarding:signal", args=[e, s])),
        ("post", reverse("safeguarding:assess", args=[e, s])),
        ("post", reverse("safeguarding:authorities", args=[e, s])),
        ("post", reverse("safeguarding:action", args=[e, s])),
        ("post", reverse("safeguarding:close", args=[e, s])),
    ]


def test_a_professional_reports_once_and_sees_nothing_after(client, organisation, ehpad):
    professional = UserFactory(organisation=organisation, role="professional")
    client.force_login(professional)
    url = reverse("safeguarding:report", args=[ehpad.pk])
    token = "b" * 32
    response = client.post(url, {**FORM, "once": token})
    assert response.status_code == 302 and response["Location"] == reverse(
        "safeguarding:reported", args=[ehpad.pk]
    )
    assert client.post(url, {**FORM, "once": token}).status_code == 302  # a double click
    signal = Signal.objects.get()
    assert signal.person_code == "R-017" and signal.status == SignalStatus.REPORTED
    thanks = page_text(client.get(response["Location"]))
    assert "Merci" in thanks and "toilette" not in thanks and "R-017" not in thanks
    for method, page in _pages(ehpad, signal):
        assert getattr(client, method)(page).status_code == 404, page
    # The establishment's page offers to report, not the register.
    detail = client.get(reverse("establishments:detail", args=[ehpad.pk])).content.decode()
    assert reverse("safeguarding:report", args=[ehpad.pk]) in detail
    assert f'href="{reverse("safeguarding:register", args=[ehpad.pk])}"' not in detail
    # The journal names the signal, not what it says.
    journal = AuditEvent.objects.get(action="safeguarding.reported")
    assert "toilette" not in str(journal.changes) and "R-017" not in str(journal.changes)


def test_a_name_is_refused_as_a_code_and_warned_in_the_text(client, organisation, ehpad):
    client.force_login(UserFactory(organisation=organisation, role="professional"))
    url = reverse("safeguarding:report", args=[ehpad.pk])
    refused = client.post(url, {**FORM, "person_code": "Jeanne Martin"})
    assert refused.status_code == 400 and "code" in page_text(refused)
    assert not Signal.objects.exists()
    response = client.post(url, {**FORM, "what": "Madame Dupont a été bousculée."}, follow=True)
    assert "Dupont" in page_text(response) and "semble nommer" in page_text(response)
    with pytest.raises(ValidationError):
        _report(ehpad, UserFactory(organisation=organisation), person_code="Jeanne Martin")


def test_a_quality_manager_not_named_gets_404_everywhere(client, organisation, ehpad):
    director = UserFactory(organisation=organisation, role="direction")
    signal = _report(ehpad, director)
    quality = UserFactory(organisation=organisation, role="quality")
    admin = UserFactory(organisation=organisation, role="admin")
    services.set_access(organisation_id=organisation.pk, actor=admin, roles=["direction"], people=[])
    assert not may_handle(quality) and may_handle(director)
    client.force_login(quality)
    for method, page in _pages(ehpad, signal):
        assert getattr(client, method)(page).status_code == 404, page
    with pytest.raises(PermissionDenied):
        services.assess_signal(
            signal=signal, actor=quality, assessment="x", decisions="", authorities_concerned=False
        )
    # Named as a person, the same quality manager handles signals.
    services.set_access(organisation_id=organisation.pk, actor=admin, roles=["direction"], people=[quality])
    assert client.get(_pages(ehpad, signal)[1][1]).status_code == 200


def test_the_admin_sets_who_handles_and_no_one_else(client, organisation, director):
    url = reverse("safeguarding:access")
    client.force_login(director)
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_access(organisation_id=organisation.pk, actor=director, roles=["direction"], people=[])
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    assert url in client.get(reverse("organisation:overview")).content.decode()
    assert client.post(url, {}).status_code == 400  # nobody named: refused next to the form
    assert client.post(url, {"roles": ["quality"]}).status_code == 302
    assert AuditEvent.objects.filter(action="safeguarding.access_changed").count() == 1
    assert not may_handle(director)


def test_another_organisation_gets_404(client, organisation, other_organisation, ehpad):
    signal = _report(ehpad, UserFactory(organisation=organisation, role="direction"))
    client.force_login(UserFactory(organisation=other_organisation, role="direction"))
    for method, page in _pages(ehpad, signal):
        assert getattr(client, method)(page).status_code == 404, page
    assert client.get(reverse("safeguarding:report", args=[ehpad.pk])).status_code == 404


def test_the_director_handles_a_signal(client, organisation, ehpad, director):
    signal = _report(ehpad, UserFactory(organisation=organisation, role="professional"))
    client.force_login(director)
    register = page_text(client.get(reverse("safeguarding:register", args=[ehpad.pk])))
    assert signal.number in register
    page = page_text(client.get(reverse("safeguarding:signal", args=[ehpad.pk, signal.pk])))
    assert "toilette" in page and "À compléter" in page and "L331-8-1" in page
    close = reverse("safeguarding:close", args=[ehpad.pk, signal.pk])
    assert client.post(close, {"closing_note": "trop tôt"}).status_code == 400  # not assessed yet
    assess = reverse("safeguarding:assess", args=[ehpad.pk, signal.pk])
    assert client.post(assess, {"assessment": ""}).status_code == 400
    ok = {"assessment": "Faits confirmés.", "decisions": "Entretien.", "authorities_concerned": "on"}
    assert client.post(assess, ok).status_code == 302
    authorities = reverse("safeguarding:authorities", args=[ehpad.pk, signal.pk])
    assert client.post(authorities, {"reported_on": "2030-01-01"}).status_code == 400
    assert client.post(authorities, {"reported_on": str(timezone.localdate())}).status_code == 302
    action = reverse("safeguarding:action", args=[ehpad.pk, signal.pk])
    assert (
        client.post(action, {"title": "Former l'équipe à la bientraitance", "priority": "high"}).status_code
        == 302
    )
    created = Action.objects.get()
    assert created.origin == "safeguarding" and "toilette" not in created.description
    assert client.post(close, {"closing_note": "Mesures en place."}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED and signal.authorities_reported_on == timezone.localdate()
    assert set(
        AuditEvent.objects.filter(action__startswith="safeguarding.").values_list("action", flat=True)
    ) == {
        "safeguarding.reported",
        "safeguarding.assessed",
        "safeguarding.authorities",
        "safeguarding.action_decided",
        "safeguarding.closed",
    }
    assert client.post(assess, ok).status_code == 400  # closed: nothing changes any more


def test_an_adverse_event_of_maltreatment_proposes_a_signal(client, organisation, ehpad, director):
    event = AdverseEvent.objects.create(
        establishment=ehpad,
        occurred_on=date(2026, 11, 3),
        place="Salle à manger",
        category="behaviour",
        what="Madame Dupont bousculée",
        person_code="R-004",
        qualification="maltreatment",
    )
    client.force_login(director)
    page = client.get(reverse("incidents:event", args=[ehpad.pk, event.pk])).content.decode()
    link = f"{reverse('safeguarding:report', args=[ehpad.pk])}?evenement={event.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["from_event"] == event.number and form.initial["person_code"] == "R-004"
    assert form.initial["place"] == "Salle à manger" and "what" not in form.initial  # no names copied
    other = EstablishmentFactory(organisation=organisation)
    assert (
        "from_event"
        not in client.get(f"{reverse('safeguarding:report', args=[other.pk])}?evenement={event.pk}")
        .context["form"]
        .initial
    )


def test_the_evaluation_sees_counts_only_in_one_query(organisation, ehpad, director):
    today = timezone.localdate()
    for _ in range(3):
        signal = _report(ehpad, director, occurred_on=today)
    services.assess_signal(
        signal=signal, actor=director, assessment="a", decisions="", authorities_concerned=False
    )
    services.decide_action(signal=signal, actor=director, data={"title": "Action", "priority": "medium"})
    services.close_signal(signal=signal, actor=director, closing_note="fait")
    with CaptureQueriesContext(connection) as queries:
        figures = figures_of(ehpad, today)
    assert len(queries) == 1
    assert (figures.reported, figures.closed, figures.open, figures.actions) == (3, 1, 2, 1)
    found = figures_by_code(ehpad, today)
    texts = [f.text for f in found["3.11.2"] if f.register == "Signalements de maltraitance"]
    assert texts == ["3 signalements en 12 mois, 1 traité, 1 action"]
    assert all(f.url == "" for f in found["3.11.2"] if f.register == "Signalements de maltraitance")


def test_the_register_as_a_spreadsheet_for_those_who_handle_it(client, organisation, ehpad, director):
    signal = _report(ehpad, director, person_code="R-017")
    client.force_login(director)
    response = client.get(reverse("safeguarding:xlsx", args=[ehpad.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="signalements-')
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "N°" and sheet["E1"].value == "Personne (code)"
    assert sheet["A2"].value == signal.number and sheet["E2"].value == "R-017"
