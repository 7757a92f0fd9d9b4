from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "ouvrage.surveys"
    verbose_name = "Questionnaires faciles à lire"
