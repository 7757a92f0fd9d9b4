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
from tests.core.test_security import PUBLIC, PUBLIC_BY_TOKEN, url_patterns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("admin", "direction", "quality", "professional", "evaluator", "read_only")
ALL = frozenset(ROLES)
EDITORS = frozenset({"admin", "direction", "quality"})
CONTRIBUTORS = EDITORS | {"professional"}
RATERS = CONTRIBUTORS | {
    "evaluator"
}  # an evaluator's cotations are then refused outside external evaluations
ADMIN = frozenset({"admin"})
NOT_SERVED = None  # 405 for every role

# name: (roles allowed to GET, roles allowed to POST)
MATRIX: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {
    "home:index": (ALL, NOT_SERVED),
    "accounts:members": (ADMIN, NOT_SERVED),
    "accounts:signed_in_again": (ALL, NOT_SERVED),
    "accounts:member_active": (NOT_SERVED, ADMIN),
    "audit:journal": (ADMIN, NOT_SERVED),
    "organisation:overview": (ALL, NOT_SERVED),
    "organisation:xlsx": (ALL, NOT_SERVED),
    "calendar:page": (ALL, EDITORS),
    "calendar:feed_address": (NOT_SERVED, ALL),
    "frames:catalogue": (ALL, NOT_SERVED),
    "establishments:list": (ALL, NOT_SERVED),
    "establishments:create": (EDITORS, EDITORS),
    "establishments:profile_from_category": (EDITORS, NOT_SERVED),
    "establishments:detail": (ALL, NOT_SERVED),
    "establishments:edit": (EDITORS, EDITORS),
    "campaigns:create": (EDITORS, EDITORS),
    "campaigns:people": (ALL, EDITORS),
    "campaigns:comparison": (ALL, NOT_SERVED),
    "reporting_burden:register": (ALL, EDITORS),
    "reporting_burden:edit": (EDITORS, EDITORS),
    "reporting_burden:xlsx": (ALL, NOT_SERVED),
    "reporting_burden:pdf": (ALL, NOT_SERVED),
    "realwork:journal": (ALL, CONTRIBUTORS),
    "realwork:use": (NOT_SERVED, CONTRIBUTORS),
    "ownframe:page": (ALL, EDITORS),
    "ownframe:question": (ALL, EDITORS),
    "ownframe:sessions": (ALL, EDITORS),
    "ownframe:session_action": (NOT_SERVED, EDITORS),
    "surveys:list": (ALL, EDITORS),
    "surveys:results": (ALL, EDITORS),
    "projet:page": (ALL, NOT_SERVED),
    "projet:start": (NOT_SERVED, EDITORS),
    "projet:sections": (NOT_SERVED, EDITORS),
    "projet:life": (NOT_SERVED, EDITORS),
    "projet:objective": (NOT_SERVED, EDITORS),
    "projet:new_version": (NOT_SERVED, EDITORS),
    "projet:compare": (ALL, NOT_SERVED),
    "projet:export": (ALL, NOT_SERVED),
    "evidence:list": (ALL, CONTRIBUTORS),
    "actions:plan": (ALL, NOT_SERVED),
    "actions:create": (EDITORS, EDITORS),
    "actions:plan_xlsx": (ALL, NOT_SERVED),
    "frames:has_referentiel": (ALL, NOT_SERVED),
    "frames:referentiel": (ALL, NOT_SERVED),
    "frames:criterion": (ALL, NOT_SERVED),
    "campaigns:detail": (ALL, NOT_SERVED),
    "campaigns:results": (ALL, NOT_SERVED),
    "campaigns:simulation": (ALL, NOT_SERVED),
    "actions:proposals": (ALL, EDITORS),
    "ownframe:evaluation": (ALL, CONTRIBUTORS),
    "ownframe:evaluate": (NOT_SERVED, EDITORS),
    "documents:corrective_plan": (ALL, NOT_SERVED),
    "campaigns:interview_create": (EDITORS, EDITORS),
    "campaigns:edit": (EDITORS, EDITORS),
    "establishments:logo": (EDITORS, EDITORS),
    "campaigns:start": (EDITORS, EDITORS),
    "campaigns:close": (EDITORS, EDITORS),
    "campaigns:reopen": (EDITORS, EDITORS),
    "campaigns:archive": (EDITORS, EDITORS),
    "campaigns:abandon": (EDITORS, EDITORS),
    "campaigns:delete": (EDITORS, EDITORS),
    "campaigns:grid": (ALL, NOT_SERVED),
    "campaigns:guide": (ALL, NOT_SERVED),
    "campaigns:rate": (NOT_SERVED, CONTRIBUTORS),  # a self-evaluation: not the external evaluator
    "evidence:element": (ALL, CONTRIBUTORS),
    "evidence:new_for_element": (NOT_SERVED, CONTRIBUTORS),
    "documents:report": (ALL, NOT_SERVED),
    "documents:own_report": (ALL, NOT_SERVED),
    "documents:request": (NOT_SERVED, ALL),  # producing a document is reading the results
    "documents:job": (ALL, NOT_SERVED),
    "documents:download": (ALL, NOT_SERVED),
    "campaigns:grids_xlsx": (ALL, NOT_SERVED),
    "campaigns:grids_import": (ALL, RATERS),
    "campaigns:open_data_xlsx": (ALL, NOT_SERVED),
    "evidence:download": (ALL, NOT_SERVED),
    "actions:detail": (ALL, EDITORS),
    "actions:note": (NOT_SERVED, EDITORS),
}
NOT_IN_MATRIX = {"accounts:login", "accounts:logout"} | PUBLIC_BY_TOKEN | PUBLIC


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
                else:
                    ok = status == 403
                if not ok:
                    wrong.append(f"{method.upper()} {name} as {role}: {status}")
    assert not wrong, "\n".join(wrong)
