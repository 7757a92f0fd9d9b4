from django.urls import path

from ouvrage.frames import views

app_name = "frames"
urlpatterns = [
    path("referentiel-has/", views.has_referentiel, name="has_referentiel"),
    path("<int:version_pk>/", views.referentiel, name="referentiel"),
    path("<int:version_pk>/criteres/<int:criterion_pk>/", views.criterion_detail, name="criterion"),
]
