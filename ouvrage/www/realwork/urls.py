from django.urls import path

from ouvrage.www.realwork import views

app_name = "realwork"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/journal/", views.journal, name="journal"),
    path("etablissements/<int:establishment_pk>/journal/<int:gap_pk>/", views.gap_use, name="use"),
]
