"""The demo (`ouvrage demo`): the development settings, but as production behaves — DEBUG off, so
that a person trying Ouvrage sees its own French error pages (never Django's technical pages with
the list of addresses), and static files served by WhiteNoise from `collectstatic`, with hashed names,
as in production (`ouvrage demo` collects them before starting the server). Not compressed: gzip
and Brotli copies of every file took two of the demo's start-up seconds for a server on one's own
machine.

`DJANGO_DEBUG=1 ouvrage runserver` (the development settings) shows the technical pages again."""

from .dev import *

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
