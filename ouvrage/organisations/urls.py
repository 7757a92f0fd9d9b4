from django.urls import path

from ouvrage.organisations import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.xlsx", views.overview_xlsx, name="xlsx"),
]
