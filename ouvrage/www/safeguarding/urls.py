from django.urls import path

from ouvrage.www.safeguarding import views

app_name = "safeguarding"
BASE = "etablissements/<int:establishment_pk>/signalements/"
urlpatterns = [
    path(BASE, views.register, name="register"),
    path(f"{BASE}tableur/", views.register_xlsx, name="xlsx"),
    path(f"{BASE}signaler/", views.report, name="report"),
    path(f"{BASE}merci/", views.reported, name="reported"),
    path(f"{BASE}<int:signal_pk>/", views.signal, name="signal"),
    path(f"{BASE}<int:signal_pk>/evaluer/", views.assess, name="assess"),
    path(f"{BASE}<int:signal_pk>/autorites/", views.authorities, name="authorities"),
    path(f"{BASE}<int:signal_pk>/action/", views.action, name="action"),
    path(f"{BASE}<int:signal_pk>/clore/", views.close, name="close"),
    path("organisme/signalements/acces/", views.access, name="access"),
    # Every register of the organisation side by side (events, complaints, signals for those named).
    path("organisme/registres/", views.registers, name="registers"),
    path("organisme/registres/tableur/", views.registers_xlsx, name="registers_xlsx"),
]
