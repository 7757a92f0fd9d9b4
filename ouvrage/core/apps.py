from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ouvrage.core"
    verbose_name = "Ouvrage"

    def ready(self) -> None:
        from ouvrage.core import checks  # noqa: F401  (registers the start-up checks)
