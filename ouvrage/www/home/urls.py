from django.urls import path

from ouvrage.www.desk.views import desk
from ouvrage.www.home import views

app_name = "home"
urlpatterns = [
    path("", desk, name="index"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("hors-ligne/", views.offline, name="offline"),
    path("sante/", views.health, name="health"),
]
