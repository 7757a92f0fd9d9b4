from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "ouvrage.evidence"
    verbose_name = "Preuves"
