"""Every URL of Ouvrage: one namespace per area of the web layer (ouvrage/www/<area>/urls.py), each
holding the full paths it owns. The paths are the ones people bookmarked; do not change them."""

from django.urls import include, path

from ouvrage.www import AREAS

urlpatterns = [path("", include(f"ouvrage.www.{area}.urls")) for area in AREAS]

handler404 = "ouvrage.www.home.views.not_found"
