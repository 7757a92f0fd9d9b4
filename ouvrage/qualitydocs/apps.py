from django.apps import AppConfig


class QualitydocsConfig(AppConfig):
    name = "ouvrage.qualitydocs"
    verbose_name = "Documents qualité et plan de crise"
