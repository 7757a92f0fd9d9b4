from django.urls import path

from ouvrage.www.frames import views

app_name = "frames"
urlpatterns = [
    path("cadres/", views.frame_list, name="catalogue"),
    path("cadres/mises-a-jour/", views.frame_updates, name="updates"),
    path("cadres/fichiers/<int:upload_pk>/", views.frame_upload, name="upload"),
    path(
        "etablissements/<int:establishment_pk>/cadres/referentiel-has/",
        views.has_referentiel,
        name="has_referentiel",
    ),
    path(
        "etablissements/<int:establishment_pk>/cadres/<int:version_pk>/",
        views.referentiel,
        name="referentiel",
    ),
    path(
        "etablissements/<int:establishment_pk>/cadres/<int:version_pk>/criteres/<int:criterion_pk>/",
        views.criterion_detail,
        name="criterion",
    ),
    path(
        "etablissements/<int:establishment_pk>/cadres/<int:version_pk>/criteres/<int:criterion_pk>/consultations/<int:proof_pk>/preuves/",
        views.proof_link,
        name="proof_link",
    ),
    path(
        "etablissements/<int:establishment_pk>/cadres/<int:version_pk>/criteres/<int:criterion_pk>/registres-en-preuve/",
        views.registers_as_evidence,
        name="registers_evidence",
    ),
    path(
        "etablissements/<int:establishment_pk>/cadres/<int:version_pk>/preparation-de-la-visite/",
        views.visit_readiness,
        name="readiness",
    ),
]
