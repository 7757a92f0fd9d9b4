from django.urls import path

from ouvrage.surveys import views

app_name = "surveys"
urlpatterns = [
    path("<str:token>/", views.start, name="start"),
    path("<str:token>/<int:n>/", views.question, name="question"),
    path("<str:token>/merci/", views.done, name="done"),
]
