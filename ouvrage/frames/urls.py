from django.urls import path

from ouvrage.frames import views

app_name = "catalogue"
urlpatterns = [path("", views.frame_list, name="list")]
