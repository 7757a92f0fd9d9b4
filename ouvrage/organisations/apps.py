from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ouvrage.organisations"
    verbose_name = "Organisations"
