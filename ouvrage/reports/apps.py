from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ouvrage.reports"
    verbose_name = "Rapports et tableurs"
