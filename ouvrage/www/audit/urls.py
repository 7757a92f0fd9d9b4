from django.urls import path

from ouvrage.www.audit import views

app_name = "audit"
urlpatterns = [path("organisme/journal/", views.journal, name="journal")]
