"""Every URL of Ouvrage: one namespace per area of the web layer (ouvrage/www/<area>/urls.py), each
holding the full paths it owns. The paths are the ones people bookmarked; do not change them."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from ouvrage.www import AREAS


def _closed(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("Page fermée dans Ouvrage.")


urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(f"ouvrage.www.{area}.urls")) for area in AREAS
]
# django-allauth's pages (passwords, second factor, sessions, single sign-on), after Ouvrage's own
# /compte/ pages. Addresses an organisation does not use are closed: nobody signs up alone, changes
# or confirms their address, or signs in by a code (the invitation sets the address and the password).
urlpatterns += [
    *(
        re_path(rf"^compte/{closed}", login_not_required(_closed))
        for closed in ("email/", "confirm-email/", "signup/", "phone/", "login/code/", "password/set/")
    ),
    path("compte/3rdparty/", login_not_required(_closed)),  # its error and cancel pages stay open
    path("compte/", include("allauth.urls")),
]

# Ouvrage's own error pages, in French with the site's layout (400 and 403 are Django's views
# rendering templates/400.html and 403.html; a CSRF refusal is settings.CSRF_FAILURE_VIEW).
handler404 = "ouvrage.www.home.views.not_found"
handler500 = "ouvrage.www.home.views.server_error"
