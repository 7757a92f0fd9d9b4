"""CSRF on every form, user text always escaped, sessions that end."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ouvrage.actions.models import Action
from ouvrage.evidence.models import Evidence
from tests.core.test_roles import MATRIX, NOT_SERVED
from tests.core.test_security import url_patterns
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2] / "ouvrage"
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_every_form_refuses_a_post_without_the_csrf_token(two_organisations, organisation):
    a, _, admin = two_organisations
    a["user_pk"] = UserFactory(organisation=organisation).pk
    a["evidence_pk"] = Evidence.objects.create(establishment_id=a["pk"], kind="observation", title="O").pk
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    checked = 0
    for name, kwargs in url_patterns():
        if MATRIX.get(name, (None, "public"))[1] is NOT_SERVED or name in {"accounts:logout"}:
            continue
        values = {k: a.get(k, "x") for k in kwargs}
        response = client.post(reverse(name, kwargs=values), {"title": "sans jeton"})
        assert response.status_code == 403, f"POST {name} without CSRF token: {response.status_code}"
        assert "CSRF" in response.content.decode() or "jeton" in response.content.decode().lower()
        checked += 1
    assert checked >= 25
    # The login form too.
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(reverse("accounts:login"), {"login": admin.email, "password": "x"})
    assert response.status_code == 403


def test_no_template_switches_escaping_off():
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.html")
        if re.search(r"\|\s*safe\b|autoescape\s+off|safeseq", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_html_built_in_python_is_only_where_it_was_reviewed():
    # Each of these escapes user text before marking the result safe (see the noqa comments).
    reviewed = {
        "www/organisations/views.py",  # heat map cells: values escaped, classes ours
        "core/templatetags/typo.py",  # French typography: conditional_escape first
        "www/public_links.py",  # QR code SVG produced by segno from our own URL
        "www/lines.py",  # grid rows and cotations of the results page: every value escaped
        "core/templatetags/status.py",  # status tags: format_html escapes the words
    }
    found = {
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if re.search(r"mark_safe|format_html|SafeString\(", p.read_text(encoding="utf-8"))
    }
    assert found == reviewed


def test_user_text_is_shown_escaped(client, organisation, has_version):
    user = UserFactory(organisation=organisation, role="quality")
    establishment = EstablishmentFactory(organisation=organisation, name=f"EHPAD {PAYLOAD}")
    action = Action.objects.create(establishment=establishment, title=f"Action {PAYLOAD}")
    Evidence.objects.create(
        establishment=establishment, kind="observation", title=f"Preuve {PAYLOAD}", text=PAYLOAD
    )
    client.force_login(user)
    pages = [
        reverse("establishments:list"),
        reverse("establishments:detail", args=[establishment.pk]),
        reverse("evidence:list", args=[establishment.pk]),
        reverse("actions:plan", args=[establishment.pk]),
        reverse("actions:detail", args=[action.pk]),
        reverse("organisation:overview"),
    ]
    # Written in Python (www/lines.py): a grid row's comment and justification, a cotation's
    # interview and justification on the results page.
    from ouvrage.campaigns.models import Rating
    from tests.campaigns.factories import campaign_for, interview_for

    campaign = campaign_for(establishment)
    interview = interview_for(
        campaign, "traceur_cible", target="professionnels", title=f"Entretien {PAYLOAD}"
    )
    from ouvrage.campaigns.selectors import grid_for

    element = grid_for(interview).criteria[0].rows[0].element
    Rating.objects.create(
        interview=interview, element=element, mark="NC", comment=PAYLOAD, justification=PAYLOAD
    )
    pages += [
        reverse("campaigns:grid", args=[campaign.pk, interview.pk]),
        reverse("campaigns:results", args=[campaign.pk]),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert" in html, page


def test_an_expired_session_signs_out(client, organisation):
    client.force_login(UserFactory(organisation=organisation))
    assert client.get(reverse("establishments:list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("establishments:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_session_cookie_lasts_at_most_a_working_day(client, organisation):
    user = UserFactory(organisation=organisation, email="jour@example.org")
    client.post(reverse("accounts:login"), {"login": user.email, "password": "mot-de-passe-de-test-2026"})
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timedelta(hours=8, seconds=5)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # ends with the browser
