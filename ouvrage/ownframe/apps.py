from django.apps import AppConfig


class OwnframeConfig(AppConfig):
    name = "ouvrage.ownframe"
    verbose_name = "Cadre d'évaluation propre"
