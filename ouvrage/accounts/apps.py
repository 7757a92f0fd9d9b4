from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ouvrage.accounts"
    verbose_name = "Comptes"
