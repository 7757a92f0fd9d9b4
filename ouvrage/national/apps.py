from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "ouvrage.national"
    verbose_name = "Résultats nationaux publiés"
