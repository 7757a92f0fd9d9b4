from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "ouvrage.actions"
    verbose_name = "Plan d'action"
