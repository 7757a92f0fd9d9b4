"""The progress markers (Outcome Mapping) and the criteria of work well done."""

from django.urls import path

from ouvrage.www.effects import markers_views as views

E = "etablissements/<int:establishment_pk>/effets/"
M = f"{E}marqueurs/"
Q = f"{E}travail-bien-fait/"
urlpatterns = [
    path(M, views.markers, name="markers"),
    path(f"{M}<int:marker_pk>/observation/", views.marker_observe, name="marker_observe"),
    path(Q, views.quality_work, name="quality_work"),
    path(f"{Q}<int:quality_criterion_pk>/desaccord/", views.disagreement, name="disagreement"),
    path(
        f"{Q}<int:quality_criterion_pk>/desaccord/<int:disagreement_pk>/devenir/",
        views.disagreement_outcome,
        name="disagreement_outcome",
    ),
    path(f"{Q}<int:quality_criterion_pk>/reformuler/", views.quality_reword, name="quality_reword"),
]
