from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ouvrage.core"
    verbose_name = "Ouvrage"
