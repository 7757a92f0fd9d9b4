from django.apps import AppConfig


class FramesConfig(AppConfig):
    name = "ouvrage.frames"
    verbose_name = "Cadres d'évaluation"
