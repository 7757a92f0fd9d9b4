from django.urls import path

from ouvrage.actions import views

app_name = "actions"
urlpatterns = [path("<int:action_pk>/", views.action_detail, name="detail")]
