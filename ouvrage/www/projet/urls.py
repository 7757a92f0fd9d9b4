from django.urls import path

from ouvrage.www.projet import views

app_name = "projet"
E = "etablissements/<int:establishment_pk>/"
P = f"{E}projet/<int:projet_pk>/"
urlpatterns = [
    path(f"{E}projet/", views.projet_page, name="page"),
    path(f"{E}projet/commencer/", views.projet_start, name="start"),
    path(f"{P}contenu/", views.projet_sections, name="sections"),
    path(f"{P}etapes/", views.projet_life, name="life"),
    path(f"{P}objectifs/", views.projet_objective, name="objective"),
    path(f"{P}nouvelle-version/", views.projet_new_version, name="new_version"),
    path(f"{E}projet/comparer/", views.projet_compare, name="compare"),
    path(f"{E}projet.<str:fmt>", views.projet_export, name="export"),
    path(f"{E}projet/pdf/", views.projet_pdf_request, name="pdf"),
]
