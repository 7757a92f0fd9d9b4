"""The inactivity delay is kept without writing the session on every page view (issue 17): the session
is written again at most once a minute, so a page read within the minute writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouvrage.accounts.security import TOUCHED

pytestmark = pytest.mark.django_db


def writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_a_page_view_writes_the_session_at_most_once_a_minute(director_client, settings):
    url = reverse("establishments:list")
    director_client.get(url)  # first touch
    assert not [w for w in writes(director_client, url) if "django_session" in w]
    session = director_client.session
    session[TOUCHED] = int(session[TOUCHED]) - settings.SESSION_TOUCH_EVERY  # a minute later
    session.save()
    assert [w for w in writes(director_client, url) if "django_session" in w]
