from django.urls import path

from ouvrage.www.documents import views

app_name = "documents"
JOB = "evaluations/<int:campaign_pk>/documents/suivi/<int:job_pk>/"
urlpatterns = [
    path("evaluations/<int:campaign_pk>/rapport/", views.report_html, name="report"),
    path("evaluations/<int:campaign_pk>/rapport-propre/", views.own_report_html, name="own_report"),
    path("evaluations/<int:campaign_pk>/plan-correctif/", views.corrective_plan, name="corrective_plan"),
    path("evaluations/<int:campaign_pk>/documents/<str:kind>/", views.request_report, name="request"),
    path(JOB, views.job_status, name="job"),
    path(f"{JOB}pdf/", views.job_download, name="download"),
    path(
        "etablissements/<int:establishment_pk>/documents/<int:document_pk>/",
        views.establishment_job,
        name="establishment_job",
    ),
    path(
        "etablissements/<int:establishment_pk>/documents/<int:document_pk>/pdf/",
        views.establishment_download,
        name="establishment_download",
    ),
]
