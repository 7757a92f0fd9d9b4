from django.urls import include, path

urlpatterns = [
    path("", include("ouvrage.core.urls")),
    path("compte/", include("ouvrage.accounts.urls")),
    path("etablissements/", include("ouvrage.establishments.urls")),
    path("etablissements/<int:establishment_pk>/cadres/", include("ouvrage.frames.urls_establishment")),
    path("cadres/", include("ouvrage.frames.urls")),
    path("evaluations/", include("ouvrage.campaigns.urls")),
    path("evaluations/", include("ouvrage.reports.urls")),
    path("preuves/", include("ouvrage.evidence.urls")),
    path("actions/", include("ouvrage.actions.urls")),
    path("q/", include("ouvrage.surveys.urls")),
    path("calendrier/", include("ouvrage.calendar_app.urls")),
    path("organisme/journal/", include("ouvrage.audit.urls")),
    path("organisme/", include("ouvrage.organisations.urls")),
]

handler404 = "ouvrage.core.views.not_found"
