from django.urls import path

from ouvrage.evidence import views

app_name = "evidence"
urlpatterns = [path("<int:evidence_pk>/", views.evidence_download, name="download")]
