from django.urls import path

from ouvrage.www.home import views

app_name = "home"
urlpatterns = [path("", views.home, name="index")]
