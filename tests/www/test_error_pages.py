"""Ouvrage's own error pages, with DEBUG off as in production and in the demo: French, in the site's
layout, with a way back to the start page and the status kept; never Django's technical pages (the
review of 30 November 2026 saw the list of addresses for a closed questionnaire link, defect 21)."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import urls
from ouvrage.cli import settings_module
from ouvrage.www.home.views import server_error
from tests.factories import UserFactory
from tests.helpers import page_text, visible_text

pytestmark = pytest.mark.django_db

DJANGO_WORDS = ("Page not found", "URLconf", "Using the URLconf", "Forbidden", "Server Error", "Bad Request")


def is_ouvrage_page(response) -> str:
    """The page's words, after checking it is Ouvrage's: French, layout, a way back home."""
    html = page_text(response)
    assert '<html lang="fr">' in html and 'class="site-header"' in html and "ouvrage.css" in html
    assert 'href="/">Revenir à l\'accueil</a>' in html
    assert not any(words in html for words in DJANGO_WORDS), html[:500]
    return visible_text(response)


def test_debug_is_off_where_people_look():
    assert settings.DEBUG is False
    demo = importlib.import_module("config.settings.demo")
    assert demo.DEBUG is False
    assert (
        demo.STORAGES["staticfiles"]["BACKEND"]
        == "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    )
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in demo.MIDDLEWARE
    assert settings_module(["ouvrage", "demo", "--no-server"]) == "config.settings.demo"
    assert settings_module(["ouvrage", "migrate"]) == "config.settings.dev"


def test_404_for_an_unknown_address_and_for_another_organisation(
    client, organisation, ehpad, other_organisation
):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in is_ouvrage_page(response)
    stranger = UserFactory(organisation=other_organisation, role="direction")
    client.force_login(stranger)
    response = client.get(reverse("establishments:detail", args=[ehpad.pk]))
    assert response.status_code == 404
    text = is_ouvrage_page(response)
    assert "ne vous est pas ouverte" in text and "No Establishment matches" not in text
    assert "Se déconnecter" in text  # the signed-in layout, with its navigation


def test_a_closed_questionnaire_says_so_in_its_own_easy_to_read_page(client):
    response = client.get(reverse("surveys:start", args=["JETON-INCONNU"]))
    assert response.status_code == 404
    html = page_text(response)
    assert "Ce questionnaire n'est pas ouvert." in html and "easyread.css" in html
    assert "Page not found" not in html and "URLconf" not in html
    assert "<a " not in html  # the public pages lead nowhere else in Ouvrage


def test_403_keeps_its_status_and_says_why(client, organisation, ehpad):
    reader = UserFactory(organisation=organisation, role="read_only")
    client.force_login(reader)
    response = client.get(reverse("audit:journal"))
    assert response.status_code == 403
    text = is_ouvrage_page(response)
    assert "Accès refusé" in text and "administration de l'organisme" in text


def test_400_for_a_request_to_another_host():
    response = Client().get("/", HTTP_HOST="ailleurs.example.org")
    assert response.status_code == 400
    assert "Demande incorrecte" in is_ouvrage_page(response)


def test_csrf_refusal_is_a_french_page_with_what_to_do(organisation):
    member = UserFactory(organisation=organisation, role="direction")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("calendar:feed_address"))
    assert response.status_code == 403
    text = is_ouvrage_page(response)
    assert "Formulaire à renvoyer" in text and "rechargez-la" in text and "CSRF" not in text


def test_500_renders_without_a_database_query():
    assert urls.handler500 == "ouvrage.www.home.views.server_error"
    request = RequestFactory().get("/evaluations/1/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert len(queries) == 0
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html and 'href="/">Revenir à l\'accueil</a>' in html
    assert 'class="site-header"' in html and "ouvrage.css" in html


def test_500_answers_even_when_its_template_breaks(monkeypatch):
    from django.template import loader

    def broken(name):
        raise RuntimeError("gabarit illisible")

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Une erreur est survenue" in response.content.decode()
