"""Fuzz every form of the application (hypothesis): whatever a person types or uploads, the answer is
never a server error, and a refused form writes nothing at all (no row, no history entry).

Field names come from every Django form class of the project and from the names views read from
request.POST; values are text of any kind, numbers, dates, huge strings, uploads of random bytes.
`python -m reliability` runs it with many more examples (OUVRAGE_FUZZ_EXAMPLES)."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ouvrage
from ouvrage.campaigns.models import Interview
from ouvrage.campaigns.selectors import grid_for
from ouvrage.evidence.models import Evidence
from tests.core.test_roles import MATRIX, NOT_SERVED
from tests.core.test_security import url_patterns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("OUVRAGE_FUZZ_EXAMPLES", "12"))  # the proof suite asks for more
ROOT = Path(ouvrage.__file__).parent


def field_names() -> list[str]:
    names: set[str] = set()
    for module in pkgutil.walk_packages([str(ROOT)], "ouvrage."):
        if module.name.endswith(".forms"):
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, forms.BaseForm) and hasattr(cls, "base_fields"):
                    names |= set(cls.base_fields)
    for path in ROOT.rglob("views.py"):
        names |= set(re.findall(r'request\.POST\.(?:get|getlist)\("([a-z_]+)"', path.read_text()))
    return sorted(names)


NAMES = field_names()
VALUES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=3000),
    st.integers(-(10**12), 10**12).map(str),
    st.dates().map(str),
    st.sampled_from(
        ["", " ", "0", "-1", "1", "4", "NC", "RI", "*", "9" * 40, "2026-02-30", "<script>", "\x00"]
    ),
)
FORM = st.dictionaries(st.sampled_from(NAMES), st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=8)
UPLOAD = st.one_of(st.none(), st.binary(max_size=4096))
POSTED = sorted(name for name, (_, post) in MATRIX.items() if post is not NOT_SERVED)
ERROR_MARKERS = ("errorlist", 'class="error"', 'aria-invalid="true"', 'role="alert"')


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.fixture
def world(two_organisations, organisation, settings):
    a, _, admin = two_organisations
    settings.FRAMES_ORGANISATION = str(organisation.pk)  # its administrators load the shared frames
    a["evidence_pk"] = Evidence.objects.create(establishment_id=a["pk"], kind="observation", title="O").pk
    a["element_pk"] = (
        grid_for(Interview.objects.get(pk=a["interview_pk"])).parts[0].criteria[0].rows[0].element.pk
    )
    a["user_pk"] = UserFactory(organisation=organisation, role="read_only").pk
    return a, admin


@pytest.mark.parametrize("name", POSTED)
def test_no_form_answers_a_server_error_or_half_writes(client, world, name):
    values, admin = world
    client.force_login(admin)
    url_kwargs = dict(url_patterns())[name]
    path = reverse(name, kwargs={k: values[k] for k in url_kwargs})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=FORM, upload=UPLOAD, htmx=st.booleans())
    def post(data, upload, htmx):
        payload = dict(data)
        if upload is not None:
            payload["file"] = SimpleUploadedFile("envoi.bin", upload)
        before = row_counts()
        response = client.post(path, payload, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        assert response.status_code < 500, f"{name}: {response.status_code} for {payload!r}"
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        refused = response.status_code >= 400 or any(marker in body for marker in ERROR_MARKERS)
        if refused:
            assert row_counts() == before, f"{name}: a refused form wrote something ({payload!r})"

    post()
