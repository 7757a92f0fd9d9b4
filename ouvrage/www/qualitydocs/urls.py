from django.urls import path

from ouvrage.www.qualitydocs import views

app_name = "qualitydocs"
BASE = "etablissements/<int:establishment_pk>/documents-qualite/"
CRISIS = "etablissements/<int:establishment_pk>/plan-de-crise/"
urlpatterns = [
    path(CRISIS, views.crisis, name="crisis"),
    path(f"{CRISIS}exercice/", views.exercise, name="exercise"),
    path(f"{CRISIS}contacts/", views.contacts, name="contacts"),
    path(f"{CRISIS}intervalle/", views.interval, name="interval"),
    path(BASE, views.register, name="register"),
    path(f"{BASE}tableur/", views.register_xlsx, name="xlsx"),
    path(f"{BASE}nouveau/", views.new, name="new"),
    path(f"{BASE}<int:qualitydoc_pk>/", views.detail, name="detail"),
    path(f"{BASE}<int:qualitydoc_pk>/version/", views.new_version, name="version"),
    path(f"{BASE}<int:qualitydoc_pk>/lu/", views.read, name="read"),
    path(f"{BASE}<int:qualitydoc_pk>/versions/<int:n>/fichier/", views.download, name="download"),
]
