from django.apps import AppConfig


class RealworkConfig(AppConfig):
    name = "ouvrage.realwork"
    verbose_name = "Travail prescrit, travail réel"
