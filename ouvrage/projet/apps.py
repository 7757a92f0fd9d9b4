from django.apps import AppConfig


class ProjetConfig(AppConfig):
    name = "ouvrage.projet"
    label = "projects"  # the database tables and the journal keep the first name of this app
    verbose_name = "Projet d'établissement"
