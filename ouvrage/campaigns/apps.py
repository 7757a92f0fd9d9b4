from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "ouvrage.campaigns"
    verbose_name = "Évaluations"
