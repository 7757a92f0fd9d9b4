"""GET never writes (ouvrage/www/readonly.py): the guard refuses a write during a page that is read,
lets a form's POST write, and every page of the application passes under it (the role matrix and the
query snapshots visit them all)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from ouvrage.organisations.models import Organisation
from ouvrage.www.readonly import ReadOnlySafeMethodsMiddleware, WriteDuringSafeRequest

pytestmark = pytest.mark.django_db


def writing_view(request):
    Organisation.objects.create(name="écrit par une page")
    return HttpResponse("ok")


def reading_view(request):
    return HttpResponse(str(Organisation.objects.count()))


def test_a_write_during_a_get_is_refused_and_nothing_is_written():
    guarded = ReadOnlySafeMethodsMiddleware(writing_view)
    with pytest.raises(WriteDuringSafeRequest, match="Écriture refusée"), transaction.atomic():
        guarded(RequestFactory().get("/"))
    assert not Organisation.objects.filter(name="écrit par une page").exists()


def test_a_post_may_write_and_a_get_may_read():
    assert ReadOnlySafeMethodsMiddleware(writing_view)(RequestFactory().post("/")).status_code == 200
    assert ReadOnlySafeMethodsMiddleware(reading_view)(RequestFactory().get("/")).content == b"1"


def test_the_guard_is_installed_last():
    from django.conf import settings

    assert settings.MIDDLEWARE[-1] == "ouvrage.www.readonly.ReadOnlySafeMethodsMiddleware"
