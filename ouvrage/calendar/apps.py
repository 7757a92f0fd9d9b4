from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "ouvrage.calendar"
    label = "calendar_app"  # the database tables and the journal keep the first name of this app
    verbose_name = "Calendrier"
