from django.urls import path

from ouvrage.www.national import views

app_name = "national"
urlpatterns = [
    path("organisme/resultats-publies/", views.published, name="published"),
    path("organisme/resultats-publies/imports/<int:import_pk>/", views.import_status, name="import"),
    path("etablissements/<int:pk>/comparaison-nationale/", views.comparison, name="comparison"),
]
