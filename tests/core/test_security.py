"""Security baseline: every URL with an id is reached through the organisation; deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ouvrage.actions.models import Action
from ouvrage.documents.models import ReportJob
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence
from ouvrage.frames.loader import load_frame
from ouvrage.frames.models import Element, Frame
from ouvrage.frames.services import import_frame_version
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.ownframe.services import adopt_starter
from ouvrage.projet.models import Projet
from ouvrage.realwork.models import WorkGap
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.surveys.models import EasyReadSurvey
from tests.campaigns.factories import campaign_for, interview_for
from tests.conftest import HAS_DIR
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_IDS = {"kind": "self_evaluation", "token": "jeton-inconnu", "n": 1, "fmt": "pdf"}
# Easy-to-read questionnaires are answered without an account: their pages are reached by the
# survey's secret token, not through an organisation (tests/surveys checks they lead nowhere else);
# the iCalendar feed is read by a calendar application with the user's secret address.
PUBLIC_BY_TOKEN = {"surveys:start", "surveys:question", "surveys:done", "calendar:feed"}
# Open to anyone, holding nothing of an organisation: the service worker's script, the page it shows
# offline, and the security token a grid's script asks for (it says who is signed in, or nobody).
PUBLIC = {"home:service_worker", "home:offline", "accounts:token"}


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name with namespace, kwarg names) of every URL pattern of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            converters = list(getattr(entry.pattern, "converters", {}))
            for name, kwargs in url_patterns(entry.url_patterns, prefix + str(entry.pattern), ns):
                yield name, converters + kwargs
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(getattr(entry.pattern, "converters", {}))


@pytest.fixture
def two_organisations(organisation, other_organisation, has_version):
    """Objects of organisation B, including a frame of its own, and a director of A."""
    own = Frame.objects.create(slug="cadre-b", name="Cadre propre de B", organisation=other_organisation)
    spec = load_frame(HAS_DIR)
    from dataclasses import replace

    result = import_frame_version(spec=replace(spec, slug="cadre-b", checksum="b"))
    assert result.version.frame == own
    version_b = result.version
    b = {
        "pk": EstablishmentFactory(organisation=other_organisation).pk,
        "establishment_pk": None,
        "version_pk": version_b.pk,
        "criterion_pk": version_b.criteria.first().pk,
    }
    b["establishment_pk"] = b["pk"]
    b["user_pk"] = UserFactory(organisation=other_organisation).pk
    b_campaign = campaign_for(Establishment.objects.get(pk=b["pk"]), version_b)
    b["campaign_pk"] = b_campaign.pk
    b["interview_pk"] = interview_for(b_campaign, "traceur_cible").pk
    b["element_pk"] = Element.objects.filter(criterion__version=version_b, criterion__code="2.1.1").first().pk
    b["evidence_pk"] = Evidence.objects.create(
        establishment_id=b["pk"], kind="observation", title="Observation B", text="vu"
    ).pk
    b["action_pk"] = Action.objects.create(establishment_id=b["pk"], title="Action B").pk
    b["job_pk"] = ReportJob.objects.create(campaign=b_campaign, kind="self_evaluation").pk
    b_own = adopt_starter(
        establishment=Establishment.objects.get(pk=b["pk"]),
        actor=UserFactory(organisation=other_organisation),
    )
    b["question_pk"] = b_own.version.criteria.first().pk
    b["survey_pk"] = EasyReadSurvey.objects.create(establishment_id=b["pk"], title="B").pk
    b["session_pk"] = CollectiveSession.objects.create(
        establishment_id=b["pk"], held_on="2026-01-01", title="B"
    ).pk
    b["gap_pk"] = WorkGap.objects.create(
        establishment_id=b["pk"],
        occurred_on="2026-01-01",
        situation="s",
        prescription_kind="other",
        prescription="p",
    ).pk
    b["projet_pk"] = Projet.objects.create(establishment_id=b["pk"]).pk
    b["duty_pk"] = ReportingDuty.objects.create(
        establishment_id=b["pk"],
        title="B",
        recipient="ars",
        frequency="annual",
        hours_per_occurrence=1,
        role="x",
    ).pk
    a_establishment = EstablishmentFactory(organisation=organisation)
    a_campaign = campaign_for(a_establishment)
    a = {
        "pk": a_establishment.pk,
        "establishment_pk": a_establishment.pk,
        "user_pk": UserFactory(organisation=organisation).pk,
        "version_pk": has_version.pk,
        "criterion_pk": has_version.criteria.first().pk,
        "campaign_pk": a_campaign.pk,
        "interview_pk": interview_for(a_campaign, "traceur_cible").pk,
        "element_pk": Element.objects.filter(criterion__version=has_version, criterion__code="2.1.1")
        .first()
        .pk,
        "action_pk": Action.objects.create(establishment=a_establishment, title="Action A").pk,
        "job_pk": ReportJob.objects.create(campaign=a_campaign, kind="self_evaluation").pk,
        "question_pk": adopt_starter(
            establishment=a_establishment, actor=UserFactory(organisation=organisation)
        )
        .version.criteria.first()
        .pk,
        "survey_pk": EasyReadSurvey.objects.create(establishment=a_establishment, title="A").pk,
        "session_pk": CollectiveSession.objects.create(
            establishment=a_establishment, held_on="2026-01-01", title="A"
        ).pk,
        "gap_pk": WorkGap.objects.create(
            establishment=a_establishment,
            occurred_on="2026-01-01",
            situation="s",
            prescription_kind="other",
            prescription="p",
        ).pk,
        "projet_pk": Projet.objects.create(establishment=a_establishment).pk,
        "duty_pk": ReportingDuty.objects.create(
            establishment=a_establishment,
            title="A",
            recipient="ars",
            frequency="annual",
            hours_per_occurrence=1,
            role="x",
        ).pk,
    }
    # Parameters that are not ids keep one value for both organisations.
    for values in (a, b):
        values.update(NOT_IDS)
    return a, b, UserFactory(organisation=organisation, role="admin")


def test_every_url_with_an_id_is_404_for_another_organisation(client, two_organisations):
    a, b, user_a = two_organisations
    client.force_login(user_a)
    checked = []
    for name, kwargs in url_patterns():
        if not kwargs or name in PUBLIC_BY_TOKEN:
            continue
        unknown = [k for k in kwargs if k not in b]
        assert not unknown, f"{name}: add the id kind(s) {unknown} to this test"
        # All ids from B, then each id from B alone among ids from A.
        ids = [k for k in kwargs if k not in NOT_IDS]
        variants = [dict.fromkeys(ids)] + [{k: None} for k in ids] if len(ids) > 1 else [dict.fromkeys(ids)]
        for variant in variants:
            values = {k: (b[k] if k in variant else a[k]) for k in kwargs}
            path = reverse(name, kwargs=values)
            statuses = {}
            for method in (client.get, client.post):
                statuses[method.__name__] = status = method(path).status_code
                # 405 (method not allowed, said before any lookup) reveals nothing either…
                assert status in {404, 405}, f"{method.__name__.upper()} {path} ({name}) gave {status}"
            # …but the method the view serves must have looked the object up and said 404.
            assert 404 in statuses.values(), f"{path} ({name}): {statuses}"
            checked.append(path)
    assert len(checked) >= 15  # establishments, référentiel, criterion, campaigns, interviews, grids, ratings


def test_every_page_needs_a_login(client, ehpad, has_version):
    login = reverse("accounts:login")
    ids = {
        "pk": ehpad.pk,
        "establishment_pk": ehpad.pk,
        "version_pk": has_version.pk,
        "criterion_pk": 1,
        "campaign_pk": 1,
        "interview_pk": 1,
        "element_pk": 1,
        "evidence_pk": 1,
        "action_pk": 1,
        "job_pk": 1,
        "duty_pk": 1,
        "projet_pk": 1,
        "gap_pk": 1,
        "question_pk": 1,
        "session_pk": 1,
        "survey_pk": 1,
        "user_pk": 1,
        **NOT_IDS,
    }
    for name, kwargs in url_patterns():
        if name in {"accounts:login"} | PUBLIC_BY_TOKEN | PUBLIC:
            continue
        response = client.get(reverse(name, kwargs={k: ids[k] for k in kwargs}))
        assert response.status_code == 302 and response.url.startswith(login), name


def test_passwords_are_hashed_with_argon2():
    from config.settings import base  # test settings use a fast hasher; every other setting inherits this

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_login_is_throttled(client, organisation):
    user = UserFactory(organisation=organisation, email="cible@example.org")
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            login, {"username": user.email, "password": "faux-mot-de-passe"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200
    response = client.post(
        login, {"username": user.email, "password": "faux-mot-de-passe"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    # Locked: even the right password is refused for this account from this address…
    response = client.post(
        login, {"username": user.email, "password": "mot-de-passe-de-test-2026"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "Trop d'essais" in response.content.decode().replace("&#x27;", "'")
    # …but not from another address.
    response = client.post(
        login, {"username": user.email, "password": "mot-de-passe-de-test-2026"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_login_then_logout(client, organisation):
    user = UserFactory(organisation=organisation, email="ok@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "ok@example.org", "password": "mot-de-passe-de-test-2026"}
    )
    assert response.status_code == 302 and response.url == reverse("establishments:list")
    assert client.get(reverse("establishments:list")).context["user"] == user
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("establishments:list")).status_code == 302


def test_security_headers(director_client):
    response = director_client.get(reverse("establishments:list"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x7#" + "k" * 60 + "Qz9!pL",
        "DJANGO_ALLOWED_HOSTS": "ouvrage.example.org",
        "OUVRAGE_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod", "OUVRAGE_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY doit être défini" in result.stderr
