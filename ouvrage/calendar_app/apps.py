from django.apps import AppConfig


class CalendarAppConfig(AppConfig):
    name = "ouvrage.calendar_app"
    label = "calendar_app"
    verbose_name = "Calendrier"
