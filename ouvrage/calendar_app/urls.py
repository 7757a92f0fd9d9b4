from django.urls import path

from ouvrage.calendar_app import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_page, name="page"),
    path("flux/<str:token>.ics", views.ics_feed, name="feed"),
]
