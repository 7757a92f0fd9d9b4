from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "ouvrage.projects"
    verbose_name = "Projet d'établissement"
