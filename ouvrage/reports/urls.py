from django.urls import path

from ouvrage.reports import views

app_name = "reports"
urlpatterns = [
    path("<int:campaign_pk>/rapport/", views.report_html, name="report"),
    path("<int:campaign_pk>/rapport-propre/", views.own_report_html, name="own_report"),
    path("<int:campaign_pk>/documents/<str:kind>/", views.request_report, name="request"),
    path("<int:campaign_pk>/documents/suivi/<int:job_pk>/", views.job_status, name="job"),
    path("<int:campaign_pk>/documents/suivi/<int:job_pk>/pdf/", views.job_download, name="download"),
    path("<int:campaign_pk>/grilles.xlsx", views.grids_xlsx, name="grids_xlsx"),
    path("<int:campaign_pk>/grilles/import/", views.grids_import, name="grids_import"),
    path("<int:campaign_pk>/resultats-open-data.xlsx", views.open_data_xlsx, name="open_data_xlsx"),
]
