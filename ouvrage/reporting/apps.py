from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ouvrage.reporting"
    verbose_name = "Obligations de reporting"
