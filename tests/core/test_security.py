"""Security baseline: every URL with an id is reached through the organisation; deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ouvrage.actions.models import Action
from ouvrage.complaints.models import Complaint
from ouvrage.documents.models import ReportJob
from ouvrage.effects.models import ChangeStory, ProgressMarker, QualityCriterion
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence
from ouvrage.frames.loader import load_frame
from ouvrage.frames.models import Criterion, Element, Frame, FrameUpload, Proof
from ouvrage.frames.services import import_frame_version
from ouvrage.incidents.models import AdverseEvent
from ouvrage.national.models import PublishedImport
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.ownframe.services import adopt_starter
from ouvrage.projet.models import Projet
from ouvrage.qualitydocs.models import QualityDocument
from ouvrage.realwork.models import WorkGap
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.safeguarding.models import Signal
from ouvrage.surveys.models import EasyReadSurvey, SurveyResponse
from tests.campaigns.factories import campaign_for, interview_for
from tests.conftest import HAS_DIR
from tests.factories import EstablishmentFactory, UserFactory, open_session, pending_invitation
from tests.helpers import production_env

pytestmark = pytest.mark.django_db

NOT_IDS = {
    "kind": "self_evaluation",
    "token": "jeton-inconnu",
    "n": 1,
    "fmt": "pdf",
    "provider_id": "fournisseur-inconnu",
    "uidb36": "1",
    "key": "cle-inconnue",
}
# Easy-to-read questionnaires are answered without an account: their pages are reached by the
# survey's secret token, not through an organisation (tests/surveys checks they lead nowhere else);
# the iCalendar feed is read by a calendar application with the user's secret address.
# An invitation is accepted by its secret link before the person has an account.
PUBLIC_BY_TOKEN = {
    "surveys:start",
    "surveys:question",
    "surveys:done",
    "calendar:feed",
    "accounts:accept",
    # A complaint sent through an establishment's public link, and its follow-up (tests/complaints).
    "complaints:public",
    "complaints:follow",
    # A story of change told through the public link, and the teller's own link (tests/effects).
    "effects:tell",
    "effects:my_story",
}
# Open to anyone, holding nothing of an organisation: the service worker's script, the page it shows
# offline, the health check of a container or load balancer, and the security token a grid's script
# asks for (it says who is signed in, or nobody).
PUBLIC = {"home:service_worker", "home:offline", "home:health", "accounts:token"}
# django-allauth's pages a person uses before being signed in: signing in (the second factor too),
# a forgotten password, an inactive account, the answers of an identity provider.
LIBRARY_PUBLIC = {
    "accounts:login",
    "account_login",
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
}


def _kwargs(pattern) -> list[str]:
    return list(getattr(pattern, "converters", {}) or pattern.regex.groupindex)


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name with namespace, kwarg names) of every URL pattern of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, kwargs in url_patterns(entry.url_patterns, prefix + str(entry.pattern), ns):
                yield name, _kwargs(entry.pattern) + kwargs
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", _kwargs(entry.pattern)


def library_pages() -> set[str]:
    """The names of django-allauth's pages (config/urls.py mounts them under /compte/): sign-in,
    passwords, second factor, sessions, single sign-on. Ouvrage's matrix covers its own pages; these
    are checked for their sign-in rule and the ids they take (webauthn keys, providers)."""
    return {
        name
        for name, _ in url_patterns()
        if not name.startswith("accounts:") and _view_module(name).startswith("allauth")
    }


def _view_module(name: str) -> str:
    for entry in _flat(get_resolver().url_patterns):
        if entry.name == name.rsplit(":", 1)[-1]:
            return entry.callback.__module__
    return ""


def _flat(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _flat(entry.url_patterns)
        else:
            yield entry


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
    b["invitation_pk"] = pending_invitation(other_organisation, "b@example.org").pk
    b["usersession_pk"] = open_session(UserFactory(organisation=other_organisation)).pk
    b_campaign = campaign_for(Establishment.objects.get(pk=b["pk"]), version_b)
    b["campaign_pk"] = b_campaign.pk
    b["interview_pk"] = interview_for(b_campaign, "traceur_cible").pk
    b["element_pk"] = Element.objects.filter(criterion__version=version_b, criterion__code="2.1.1").first().pk
    b["proof_pk"] = Proof.objects.filter(criterion_id=b["criterion_pk"]).first().pk
    b["upload_pk"] = FrameUpload.objects.create(
        organisation=other_organisation, kind="xlsx", file_name="b.xlsx"
    ).pk
    b["evidence_pk"] = Evidence.objects.create(
        establishment_id=b["pk"], kind="observation", title="Observation B", text="vu"
    ).pk
    b["action_pk"] = Action.objects.create(establishment_id=b["pk"], title="Action B").pk
    b["job_pk"] = ReportJob.objects.create(campaign=b_campaign, kind="self_evaluation").pk
    b["import_pk"] = PublishedImport.objects.create(organisation=other_organisation, file_name="b.csv").pk
    b_own = adopt_starter(
        establishment=Establishment.objects.get(pk=b["pk"]),
        actor=UserFactory(organisation=other_organisation),
    )
    b["question_pk"] = b_own.version.criteria.first().pk
    b["objective_pk"] = b_own.version.objectives.first().pk  # an effects lane: only the HAS objectives
    b["survey_pk"] = EasyReadSurvey.objects.create(establishment_id=b["pk"], title="B").pk
    b["complaint_pk"] = _complaint(b["pk"])
    b["story_pk"] = _story(b["pk"])
    b.update(_markers(b["pk"]))
    b["response_pk"] = SurveyResponse.objects.create(survey_id=b["survey_pk"]).pk
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
    b["event_pk"] = AdverseEvent.objects.create(
        establishment_id=b["pk"], occurred_on="2026-01-01", place="p", category="fall", what="w"
    ).pk
    b["projet_pk"] = Projet.objects.create(establishment_id=b["pk"]).pk
    b["signal_pk"] = _signal(b["pk"])
    b["qualitydoc_pk"] = _quality_document(b["pk"])
    b["document_pk"] = ReportJob.objects.create(projet_id=b["projet_pk"], kind="projet").pk
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
        "invitation_pk": pending_invitation(organisation, "a@example.org").pk,
        "usersession_pk": None,
        "version_pk": has_version.pk,
        "criterion_pk": has_version.criteria.first().pk,
        "campaign_pk": a_campaign.pk,
        "interview_pk": interview_for(a_campaign, "traceur_cible").pk,
        "element_pk": Element.objects.filter(criterion__version=has_version, criterion__code="2.1.1")
        .first()
        .pk,
        "action_pk": Action.objects.create(establishment=a_establishment, title="Action A").pk,
        "job_pk": ReportJob.objects.create(campaign=a_campaign, kind="self_evaluation").pk,
        "import_pk": PublishedImport.objects.create(organisation=organisation, file_name="a.csv").pk,
        "question_pk": adopt_starter(
            establishment=a_establishment, actor=UserFactory(organisation=organisation)
        )
        .version.criteria.first()
        .pk,
        "objective_pk": has_version.objectives.first().pk,
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
        "event_pk": AdverseEvent.objects.create(
            establishment=a_establishment, occurred_on="2026-01-01", place="p", category="fall", what="w"
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
    a["usersession_pk"] = open_session(UserFactory(organisation=organisation)).pk
    a["proof_pk"] = Proof.objects.filter(criterion_id=a["criterion_pk"]).first().pk
    a["upload_pk"] = FrameUpload.objects.create(organisation=organisation, kind="xlsx", file_name="a.xlsx").pk
    a["document_pk"] = ReportJob.objects.create(projet_id=a["projet_pk"], kind="projet").pk
    a["response_pk"] = SurveyResponse.objects.create(survey_id=a["survey_pk"]).pk
    a["complaint_pk"] = _complaint(a["pk"])
    a["story_pk"] = _story(a["pk"])
    a.update(_markers(a["pk"]))
    a["signal_pk"] = _signal(a["pk"])
    a["qualitydoc_pk"] = _quality_document(a["pk"])
    # Parameters that are not ids keep one value for both organisations.
    for values in (a, b):
        values.update(NOT_IDS)
    return a, b, UserFactory(organisation=organisation, role="admin")


def _complaint(establishment_id: int) -> int:
    return Complaint.objects.create(
        establishment_id=establishment_id,
        channel="oral",
        received_on="2026-01-01",
        acknowledge_due="2026-01-09",
        answer_due="2026-01-31",
        subject="s",
        description="d",
    ).pk


def _markers(establishment_id: int) -> dict[str, int]:
    """A progress marker, a criterion of work well done and a disagreement about it (issue 20)."""
    criterion = QualityCriterion.objects.create(
        establishment_id=establishment_id, text="c", written_on="2026-01-01"
    )
    return {
        "marker_pk": ProgressMarker.objects.create(
            establishment_id=establishment_id, partner="p", level="expect", text="t"
        ).pk,
        "quality_criterion_pk": criterion.pk,
        "disagreement_pk": criterion.disagreements.create(said_on="2026-01-02", text="d").pk,
    }


def _story(establishment_id: int) -> int:
    return ChangeStory.objects.create(
        establishment_id=establishment_id,
        told_by="person",
        domain="health",
        what_changed="w",
        for_whom="f",
        why_it_matters="m",
        consent=True,
        consent_at="2026-01-01T10:00:00Z",
        channel="staff",
        told_on="2026-01-01",
    ).pk


def _quality_document(establishment_id: int) -> int:
    document = QualityDocument.objects.create(establishment_id=establishment_id, kind="procedure", title="P")
    document.versions.create(number=1, effective_on="2026-01-01", text="t")
    return document.pk


def _signal(establishment_id: int) -> int:
    return Signal.objects.create(
        establishment_id=establishment_id,
        occurred_on="2026-01-01",
        place="p",
        nature="neglect",
        reporter_role="professional",
        what="w",
    ).pk


def _ids_lead_nowhere(client, name, kwargs, theirs, ours, same=frozenset()) -> list[str]:
    """Ask the URL with every id from `theirs`, then each id from `theirs` alone among ids from
    `ours` (except the kinds in `same`, always ours): each must be 404 for the method the view
    serves (405 for the other one; 403 where the role is refused whatever the object)."""
    unknown = [k for k in kwargs if k not in theirs]
    assert not unknown, f"{name}: add the id kind(s) {unknown} to this test"
    ids = [k for k in kwargs if k not in NOT_IDS and k not in same]
    variants = [dict.fromkeys(ids)] + [{k: None} for k in ids] if len(ids) > 1 else [dict.fromkeys(ids)]
    checked = []
    for variant in variants:
        values = {k: (theirs[k] if k in variant else ours[k]) for k in kwargs}
        path = reverse(name, kwargs=values)
        statuses = {}
        for method in (client.get, client.post):
            statuses[method.__name__] = status = method(path).status_code
            if status == 403:  # the role, not the object: the same answer for one's own
                assert method(reverse(name, kwargs={k: ours[k] for k in kwargs})).status_code == 403
                continue
            # 405 (method not allowed, said before any lookup) reveals nothing either…
            assert status in {404, 405}, f"{method.__name__.upper()} {path} ({name}) gave {status}"
        # …but the method the view serves must have looked the object up and said 404.
        assert statuses.keys() and (404 in statuses.values() or 403 in statuses.values()), (
            f"{path} ({name}): {statuses}"
        )
        checked.append(path)
    return checked


def test_every_url_with_an_id_is_404_for_another_organisation(client, two_organisations):
    a, b, user_a = two_organisations
    client.force_login(user_a)
    checked = []
    library = library_pages()  # django-allauth finds a person's keys through the person only
    for name, kwargs in url_patterns():
        if not set(kwargs) - set(NOT_IDS) or name in PUBLIC_BY_TOKEN | library:
            continue  # no id (a password-reset link holds a secret, not an id)
        checked += _ids_lead_nowhere(client, name, kwargs, b, a)
    assert len(checked) >= 15  # establishments, référentiel, criterion, campaigns, interviews, grids, ratings


# Ids that are the organisation's (its members, its invitations): an establishment scope does not
# apply to them. An item the evaluator consults belongs to the shared frame: what is scoped is the
# establishment named beside it (and the evidence linked, checked by the view's service). So is a
# HAS objective, whose effects lane is the establishment's named beside it.
NOT_SCOPED = frozenset(
    {"user_pk", "invitation_pk", "usersession_pk", "import_pk", "proof_pk", "upload_pk", "objective_pk"}
)


@pytest.mark.parametrize("role", ["direction", "quality", "professional", "read_only"])
def test_every_url_of_an_establishment_out_of_scope_is_404(client, two_organisations, organisation, role):
    """A person restricted to some establishments of the organisation reaches nothing of the others,
    whatever the role, through every URL that names one of their objects (its own frame included)."""
    a, _, _ = two_organisations
    mine = EstablishmentFactory(organisation=organisation)
    scoped = UserFactory(organisation=organisation, role=role, all_establishments=False)
    scoped.establishments.add(mine)
    client.force_login(scoped)
    # Theirs: the objects of establishment A, its own frame standing for the référentiel.
    own_question = Criterion.objects.get(pk=a["question_pk"])
    theirs = {**a, "version_pk": own_question.version_id, "criterion_pk": own_question.pk}
    theirs["evidence_pk"] = Evidence.objects.create(
        establishment_id=a["pk"], kind="observation", title="Observation A", text="vu"
    ).pk
    a["evidence_pk"] = Evidence.objects.create(
        establishment=mine, kind="observation", title="O", text="vu"
    ).pk
    ours = {**a, "pk": mine.pk, "establishment_pk": mine.pk}
    library = library_pages()
    checked = []
    for name, kwargs in url_patterns():
        if not set(kwargs) - NOT_SCOPED - set(NOT_IDS) or name in PUBLIC_BY_TOKEN | library:
            continue
        checked += _ids_lead_nowhere(client, name, kwargs, theirs, ours, same=NOT_SCOPED)
    assert len(checked) >= 40
    # The pages that list establishments show the person's own only.
    listed = [e.pk for e, _ in client.get(reverse("establishments:list")).context["rows"]]
    assert listed == [mine.pk]


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
        "event_pk": 1,
        "question_pk": 1,
        "objective_pk": 1,
        "session_pk": 1,
        "survey_pk": 1,
        "user_pk": 1,
        "invitation_pk": 1,
        "usersession_pk": 1,
        "response_pk": 1,
        "complaint_pk": 1,
        "story_pk": 1,
        "marker_pk": 1,
        "quality_criterion_pk": 1,
        "disagreement_pk": 1,
        "signal_pk": 1,
        "qualitydoc_pk": 1,
        "document_pk": 1,
        "import_pk": 1,
        "proof_pk": 1,
        "upload_pk": 1,
        **NOT_IDS,
    }
    library = library_pages()
    for name, kwargs in url_patterns():
        if name in LIBRARY_PUBLIC | PUBLIC_BY_TOKEN | PUBLIC:
            continue
        response = client.get(reverse(name, kwargs={k: ids[k] for k in kwargs}))
        if name in library and response.status_code == 404:
            continue  # a library page Ouvrage closes (config/urls.py)
        assert response.status_code == 302 and response.url.startswith(login), name
    # The closed ones are closed indeed, signed in or not.
    for closed in ("/compte/signup/", "/compte/email/", "/compte/password/set/", "/compte/login/code/"):
        assert client.get(closed).status_code == 404


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
            login, {"login": user.email, "password": "faux-mot-de-passe"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200
    response = client.post(
        login, {"login": user.email, "password": "faux-mot-de-passe"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    # Locked: even the right password is refused for this account from this address…
    response = client.post(
        login, {"login": user.email, "password": "mot-de-passe-de-test-2026"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "Trop d'essais" in response.content.decode().replace("&#x27;", "'")
    # …but not from another address.
    response = client.post(
        login, {"login": user.email, "password": "mot-de-passe-de-test-2026"}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_login_then_logout(client, organisation):
    user = UserFactory(organisation=organisation, email="ok@example.org")
    response = client.post(
        reverse("accounts:login"), {"login": "ok@example.org", "password": "mot-de-passe-de-test-2026"}
    )
    assert response.status_code == 302 and response.url == reverse("home:index")  # the person's desk
    assert client.get(reverse("home:index")).context["user"] == user
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("establishments:list")).status_code == 302


def test_security_headers(director_client):
    response = director_client.get(reverse("establishments:list"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "base-uri 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_static_files_carry_the_security_headers_too():
    """WhiteNoise answers static files from its middleware: those that set the headers come before."""
    order = settings.MIDDLEWARE
    static = order.index("whitenoise.middleware.WhiteNoiseMiddleware")
    for header_setter in (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "ouvrage.www.middleware.PermissionsPolicyMiddleware",
    ):
        assert order.index(header_setter) < static, header_setter


def test_pages_reached_by_a_secret_address_are_never_cached(client, ehpad):
    from ouvrage.surveys.models import EasyReadSurvey

    survey = EasyReadSurvey.objects.create(establishment=ehpad, title="Votre avis")
    response = client.get(reverse("surveys:start", args=[survey.token]))
    assert response["Cache-Control"] == "no-store"
    response = client.get(reverse("calendar:feed", args=["jeton-inconnu"]))
    assert response["Cache-Control"] == "no-store"


def test_production_cookies_are_host_only(tmp_path):
    env = production_env(tmp_path)
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(  # noqa: S603 (this Python, our script)
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["__Host-ouvrage_session", "__Host-ouvrage_csrf", "True", "True"]


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = production_env(tmp_path)
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


def test_the_health_check_answers_without_an_account(client):
    response = client.get(reverse("home:health"))
    assert response.status_code == 200 and response.json() == {"etat": "ok"}
    assert response["Cache-Control"] == "no-store"
