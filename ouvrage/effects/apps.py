from django.apps import AppConfig


class EffectsConfig(AppConfig):
    name = "ouvrage.effects"
    verbose_name = "Effets : récits de changement, regards croisés, marqueurs de progrès"
