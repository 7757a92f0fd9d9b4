from django.apps import AppConfig


class ReportingBurdenConfig(AppConfig):
    name = "ouvrage.reporting_burden"
    label = "reporting"  # the database tables and the journal keep the first name of this app
    verbose_name = "Obligations de reporting"
