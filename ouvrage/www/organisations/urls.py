from django.urls import path

from ouvrage.www.organisations import views

app_name = "organisation"
urlpatterns = [
    path("organisme/", views.overview, name="overview"),
    path("organisme/export.xlsx", views.overview_xlsx, name="xlsx"),
]
