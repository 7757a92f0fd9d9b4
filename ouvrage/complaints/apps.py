from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "ouvrage.complaints"
    verbose_name = "Réclamations et plaintes"
