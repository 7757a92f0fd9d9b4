"""Role × view matrix: for every URL of the application, which roles may read it (GET) and which
may send it a form (POST). A refused role gets 403 before anything is read or written; a method a
view does not serve is 405 for everyone. A new URL fails this test until its line is added here.
(The cross-organisation test beside it checks that ids of another organisation are 404.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ouvrage.campaigns.models import Interview
from ouvrage.campaigns.selectors import grid_for
from ouvrage.evidence.models import Evidence
from tests.core.test_security import PUBLIC, PUBLIC_BY_TOKEN, library_pages, url_patterns
from tests.factories import UserFactory, open_session, pending_invitation

pytestmark = pytest.mark.django_db

ROLES = ("admin", "direction", "quality", "professional", "evaluator", "read_only")
ALL = frozenset(ROLES)
# The external evaluator sees only the external evaluations they are attached to (the next test):
# nothing of an establishment, its self-evaluations, documents, journal or projet.
STAFF = ALL - {"evaluator"}
EDITORS = frozenset({"admin", "direction", "quality"})
CONTRIBUTORS = EDITORS | {"professional"}
ADMIN = frozenset({"admin"})
# Who sees and handles maltreatment signals by default; for everyone else those pages do not exist.
HANDLERS = frozenset({"direction", "quality"})
NOT_SERVED = None  # 405 for every role

# name: (roles allowed to GET, roles allowed to POST)
MATRIX: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {
    "home:index": (ALL, NOT_SERVED),
    "accounts:members": (ADMIN, NOT_SERVED),
    "accounts:signed_in_again": (ALL, NOT_SERVED),
    "accounts:member_active": (NOT_SERVED, ADMIN),
    "accounts:security": (ALL, NOT_SERVED),
    "accounts:sessions": (ALL, ALL),
    "accounts:session_end": (NOT_SERVED, ALL),
    "accounts:invite": (ADMIN, ADMIN),
    "accounts:member_edit": (ADMIN, ADMIN),
    "accounts:member_sessions": (NOT_SERVED, ADMIN),
    "accounts:invitation_resend": (NOT_SERVED, ADMIN),
    "accounts:invitation_cancel": (NOT_SERVED, ADMIN),
    "accounts:second_factor_rule": (NOT_SERVED, ADMIN),
    "audit:journal": (ADMIN, NOT_SERVED),
    "organisation:overview": (STAFF, NOT_SERVED),
    "organisation:xlsx": (STAFF, NOT_SERVED),
    "calendar:page": (STAFF, EDITORS),
    "calendar:feed_address": (NOT_SERVED, STAFF),
    "frames:catalogue": (ALL, NOT_SERVED),
    # Loading a shared frame's file: nobody in an installation of two organisations that names none.
    "frames:updates": (EDITORS, frozenset()),
    "frames:upload": (ADMIN, frozenset()),
    "establishments:list": (ALL, NOT_SERVED),
    "establishments:create": (EDITORS, EDITORS),
    "establishments:profile_from_category": (EDITORS, NOT_SERVED),
    "establishments:detail": (STAFF, NOT_SERVED),
    "establishments:edit": (EDITORS, EDITORS),
    "campaigns:create": (EDITORS, EDITORS),
    "campaigns:people": (STAFF, EDITORS),
    "campaigns:comparison": (STAFF, NOT_SERVED),
    "reporting_burden:register": (STAFF, EDITORS),
    "reporting_burden:edit": (EDITORS, EDITORS),
    "reporting_burden:xlsx": (STAFF, NOT_SERVED),
    "reporting_burden:pdf": (STAFF, STAFF),  # GET leads to the button; POST asks the worker
    "realwork:journal": (STAFF, CONTRIBUTORS),
    "realwork:use": (NOT_SERVED, CONTRIBUTORS),
    "incidents:register": (STAFF, NOT_SERVED),
    "incidents:declare": (CONTRIBUTORS, CONTRIBUTORS),
    "incidents:xlsx": (STAFF, NOT_SERVED),
    "incidents:crex": (STAFF, EDITORS),
    "incidents:event": (STAFF, NOT_SERVED),
    "incidents:qualify": (NOT_SERVED, EDITORS),
    "incidents:analyse": (NOT_SERVED, EDITORS),
    "incidents:action": (NOT_SERVED, EDITORS),
    "incidents:authorities": (NOT_SERVED, EDITORS),
    "incidents:close": (NOT_SERVED, EDITORS),
    "ownframe:page": (STAFF, EDITORS),
    "ownframe:question": (STAFF, EDITORS),
    "ownframe:sessions": (STAFF, EDITORS),
    "ownframe:session_action": (NOT_SERVED, EDITORS),
    "surveys:list": (STAFF, EDITORS),
    "surveys:results": (STAFF, EDITORS),
    "surveys:shared_tablet": (NOT_SERVED, STAFF),
    "surveys:response_aside": (NOT_SERVED, EDITORS),
    "complaints:organisation": (STAFF, NOT_SERVED),
    "safeguarding:register": (HANDLERS, NOT_SERVED),
    "safeguarding:xlsx": (HANDLERS, NOT_SERVED),
    "safeguarding:report": (STAFF, STAFF),
    "safeguarding:reported": (STAFF, NOT_SERVED),
    "safeguarding:signal": (HANDLERS, NOT_SERVED),
    "safeguarding:assess": (NOT_SERVED, HANDLERS),
    "safeguarding:authorities": (NOT_SERVED, HANDLERS),
    "safeguarding:action": (NOT_SERVED, HANDLERS),
    "safeguarding:close": (NOT_SERVED, HANDLERS),
    "safeguarding:access": (ADMIN, ADMIN),
    "safeguarding:registers": (STAFF, NOT_SERVED),
    "safeguarding:registers_xlsx": (STAFF, NOT_SERVED),
    "complaints:register": (STAFF, CONTRIBUTORS),
    "complaints:xlsx": (STAFF, NOT_SERVED),
    "complaints:link": (STAFF, EDITORS),
    "complaints:deadlines": (NOT_SERVED, EDITORS),
    "complaints:detail": (STAFF, NOT_SERVED),
    "complaints:qualify": (NOT_SERVED, EDITORS),
    "complaints:acknowledge": (NOT_SERVED, EDITORS),
    "complaints:answer": (NOT_SERVED, EDITORS),
    "complaints:close": (NOT_SERVED, EDITORS),
    "complaints:action": (NOT_SERVED, EDITORS),
    "effects:stories": (STAFF, CONTRIBUTORS),
    "effects:story_link": (STAFF, EDITORS),
    "effects:story": (STAFF, NOT_SERVED),
    "effects:story_withdraw": (NOT_SERVED, EDITORS),
    "effects:selection": (STAFF, EDITORS),
    "qualitydocs:register": (STAFF, NOT_SERVED),
    "qualitydocs:xlsx": (STAFF, NOT_SERVED),
    "qualitydocs:new": (EDITORS, EDITORS),
    "qualitydocs:detail": (STAFF, NOT_SERVED),
    "qualitydocs:version": (NOT_SERVED, EDITORS),
    "qualitydocs:read": (NOT_SERVED, STAFF),
    "qualitydocs:download": (STAFF, NOT_SERVED),
    "qualitydocs:crisis": (STAFF, NOT_SERVED),
    "qualitydocs:exercise": (NOT_SERVED, EDITORS),
    "qualitydocs:contacts": (NOT_SERVED, EDITORS),
    "qualitydocs:interval": (NOT_SERVED, EDITORS),
    "projet:page": (STAFF, NOT_SERVED),
    "projet:start": (NOT_SERVED, EDITORS),
    "projet:sections": (NOT_SERVED, EDITORS),
    "projet:life": (NOT_SERVED, EDITORS),
    "projet:objective": (NOT_SERVED, EDITORS),
    "projet:new_version": (NOT_SERVED, EDITORS),
    "projet:compare": (STAFF, NOT_SERVED),
    "projet:export": (STAFF, NOT_SERVED),
    "projet:pdf": (NOT_SERVED, STAFF),
    "documents:establishment_job": (STAFF, NOT_SERVED),
    "documents:establishment_download": (STAFF, NOT_SERVED),
    "evidence:list": (STAFF, CONTRIBUTORS),
    "actions:plan": (STAFF, NOT_SERVED),
    "actions:create": (EDITORS, EDITORS),
    "actions:plan_xlsx": (STAFF, NOT_SERVED),
    "frames:has_referentiel": (STAFF, NOT_SERVED),
    "frames:referentiel": (STAFF, NOT_SERVED),
    "frames:criterion": (STAFF, NOT_SERVED),
    "frames:proof_link": (NOT_SERVED, CONTRIBUTORS),
    "frames:readiness": (STAFF, NOT_SERVED),
    "campaigns:detail": (STAFF, NOT_SERVED),
    "campaigns:results": (STAFF, NOT_SERVED),
    "campaigns:simulation": (STAFF, NOT_SERVED),
    "actions:proposals": (STAFF, EDITORS),
    "ownframe:evaluation": (STAFF, CONTRIBUTORS),
    "ownframe:evaluate": (NOT_SERVED, EDITORS),
    "documents:corrective_plan": (STAFF, NOT_SERVED),
    "campaigns:interview_create": (EDITORS, EDITORS),
    "campaigns:edit": (EDITORS, EDITORS),
    "establishments:logo": (EDITORS, EDITORS),
    "campaigns:start": (EDITORS, EDITORS),
    "campaigns:close": (EDITORS, EDITORS),
    "campaigns:reopen": (EDITORS, EDITORS),
    "campaigns:archive": (EDITORS, EDITORS),
    "campaigns:abandon": (EDITORS, EDITORS),
    "campaigns:delete": (EDITORS, EDITORS),
    "campaigns:grid": (STAFF, NOT_SERVED),
    "campaigns:guide": (STAFF, STAFF),  # GET leads to the button; POST asks the worker
    "campaigns:rate": (NOT_SERVED, CONTRIBUTORS),  # a self-evaluation: not the external evaluator
    "evidence:element": (STAFF, CONTRIBUTORS),
    "evidence:new_for_element": (NOT_SERVED, CONTRIBUTORS),
    "documents:report": (STAFF, NOT_SERVED),
    "documents:own_report": (STAFF, NOT_SERVED),
    "documents:request": (NOT_SERVED, STAFF),  # producing a document is reading the results
    "documents:job": (STAFF, NOT_SERVED),
    "documents:download": (STAFF, NOT_SERVED),
    "campaigns:grids_xlsx": (STAFF, NOT_SERVED),
    "campaigns:grids_import": (STAFF, CONTRIBUTORS),
    "campaigns:open_data_xlsx": (STAFF, NOT_SERVED),
    "evidence:download": (STAFF, NOT_SERVED),
    "actions:detail": (STAFF, EDITORS),
    "actions:note": (NOT_SERVED, EDITORS),
    "national:published": (ADMIN, ADMIN),  # the published results are replaced by an administrator
    "national:import": (ADMIN, NOT_SERVED),
    "national:comparison": (STAFF, NOT_SERVED),
    "frames:registers_evidence": (NOT_SERVED, CONTRIBUTORS),
    "campaigns:results_context": (STAFF, NOT_SERVED),  # without HTMX: the criterion's page (302)
    "effects:home": (STAFF, NOT_SERVED),
    "effects:objective_lane": (STAFF, CONTRIBUTORS),
    "effects:question_lane": (STAFF, CONTRIBUTORS),
    "effects:markers": (STAFF, CONTRIBUTORS),
    "effects:marker_observe": (STAFF, CONTRIBUTORS),  # GET: the marker's observations and the form
    "effects:quality_work": (STAFF, CONTRIBUTORS),
    "effects:disagreement": (NOT_SERVED, CONTRIBUTORS),
    "effects:disagreement_outcome": (NOT_SERVED, CONTRIBUTORS),
    "effects:quality_reword": (NOT_SERVED, CONTRIBUTORS),
}
# Asked without what they serve (a file, a finished document, the evidence to cite): 404 for everyone.
# (One's own sessions only: the session of the fixture is somebody else's.)
ASKED_OF_NOTHING = {
    ("get", "evidence:download"),
    ("get", "documents:download"),
    ("get", "qualitydocs:download"),  # the version is a text, without a file
    ("post", "evidence:element"),
    ("post", "accounts:session_end"),
    ("get", "documents:establishment_download"),  # the projet's document is still waiting
}
# A refused role gets 404 there, not 403: the signals' pages do not say they exist (tests/safeguarding).
HIDDEN_WHEN_REFUSED = {name for name, (get, post) in MATRIX.items() if HANDLERS in (get, post)}
NOT_IN_MATRIX = {"accounts:login", "accounts:logout"} | PUBLIC_BY_TOKEN | PUBLIC | library_pages()


def test_every_view_is_in_the_matrix():
    names = {name for name, _ in url_patterns()} - NOT_IN_MATRIX
    assert names - MATRIX.keys() == set(), "add these URLs to MATRIX"
    assert MATRIX.keys() - names == set(), "these URLs no longer exist"


def test_each_role_gets_exactly_the_views_of_its_role(two_organisations, organisation):
    a, _, _ = two_organisations
    a["evidence_pk"] = Evidence.objects.create(
        establishment_id=a["pk"], kind="observation", title="Observation", text="vu"
    ).pk
    grid = grid_for(Interview.objects.get(pk=a["interview_pk"]))
    a["element_pk"] = grid.parts[0].criteria[0].rows[0].element.pk
    a["user_pk"] = UserFactory(organisation=organisation, role="read_only").pk
    a["invitation_pk"] = pending_invitation(organisation).pk
    a["usersession_pk"] = open_session(UserFactory(organisation=organisation)).pk
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(UserFactory(organisation=organisation, role=role))
    wrong = []
    for name, kwargs in url_patterns():
        if name in NOT_IN_MATRIX:
            continue
        path = reverse(name, kwargs={k: a[k] for k in kwargs})
        for method, allowed in zip(("get", "post"), MATRIX[name], strict=True):
            for role in ROLES:
                status = getattr(clients[role], method)(path).status_code
                if allowed is NOT_SERVED:
                    ok = status == 405
                elif role in allowed:
                    ok = status not in (403, 405) and status < 500
                    ok = ok and (status != 404 or (method, name) in ASKED_OF_NOTHING)
                elif role == "evaluator":  # refused for the role, or nothing in their scope
                    ok = status in (403, 404)
                else:
                    ok = status == (404 if name in HIDDEN_WHEN_REFUSED else 403)
                if not ok:
                    wrong.append(f"{method.upper()} {name} as {role}: {status}")
    assert not wrong, "\n".join(wrong)
