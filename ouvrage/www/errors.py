"""Ouvrage's own error pages (404, 403, 400, CSRF refusal, 500), in French, with the site's layout
and a way back to the start page, whatever DEBUG says (config/urls.py, settings.CSRF_FAILURE_VIEW).

A page that knows why something is not found says it to the person with `SaidNotFound` (« Ce
questionnaire n'existe pas ou est fermé. »); any other 404 says only that the page is not there,
never Django's own words (« No Establishment matches the given query. ») nor the list of addresses.
"""

from __future__ import annotations

from django.http import Http404


class SaidNotFound(Http404):
    """A 404 whose message is written for the person reading the page, in French; `template` is the
    page that says it (an area may keep its own layout, as the easy-to-read questionnaires do)."""

    template = "404.html"
