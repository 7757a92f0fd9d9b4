from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ouvrage.audit"
    verbose_name = "Journal des modifications"
