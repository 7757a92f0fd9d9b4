from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "ouvrage.establishments"
    verbose_name = "Établissements"
