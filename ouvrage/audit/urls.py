from django.urls import path

from ouvrage.audit import views

app_name = "audit"
urlpatterns = [path("", views.journal, name="journal")]
