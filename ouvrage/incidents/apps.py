from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "ouvrage.incidents"
    verbose_name = "Événements indésirables et CREX"
