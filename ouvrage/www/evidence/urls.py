from django.urls import path

from ouvrage.www.evidence import views

app_name = "evidence"
urlpatterns = [
    path("preuves/<int:evidence_pk>/", views.evidence_download, name="download"),
    path("etablissements/<int:establishment_pk>/preuves/", views.evidence_list, name="list"),
    path(
        "evaluations/<int:campaign_pk>/entretiens/<int:interview_pk>/elements/<int:element_pk>/preuves/",
        views.element_evidence,
        name="element",
    ),
    path(
        "evaluations/<int:campaign_pk>/entretiens/<int:interview_pk>/elements/<int:element_pk>/preuves/nouvelle/",
        views.new_for_element,
        name="new_for_element",
    ),
]
