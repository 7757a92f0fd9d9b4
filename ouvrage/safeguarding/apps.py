from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "ouvrage.safeguarding"
    verbose_name = "Signalements de maltraitance"
