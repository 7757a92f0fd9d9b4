from django.urls import path

from ouvrage.www.calendar import views

app_name = "calendar"
urlpatterns = [
    path("calendrier/", views.calendar_page, name="page"),
    path("calendrier/adresse/", views.feed_address, name="feed_address"),
    path("calendrier/flux/<str:token>.ics", views.ics_feed, name="feed"),
]
