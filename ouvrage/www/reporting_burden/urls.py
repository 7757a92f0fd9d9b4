from django.urls import path

from ouvrage.www.reporting_burden import views

app_name = "reporting_burden"
E = "etablissements/<int:establishment_pk>/"
urlpatterns = [
    path(f"{E}reporting/", views.register, name="register"),
    path(f"{E}reporting/<int:duty_pk>/", views.duty_edit, name="edit"),
    path(f"{E}reporting.xlsx", views.register_xlsx, name="xlsx"),
    path(f"{E}reporting.pdf", views.register_pdf, name="pdf"),
]
