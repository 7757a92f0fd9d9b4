from django.urls import path

from ouvrage.www.surveys import views

app_name = "surveys"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/questionnaires/", views.surveys, name="list"),
    path(
        "etablissements/<int:establishment_pk>/questionnaires/<int:survey_pk>/",
        views.survey_results,
        name="results",
    ),
    path(
        "etablissements/<int:establishment_pk>/questionnaires/<int:survey_pk>/tablette/",
        views.shared_tablet,
        name="shared_tablet",
    ),
    path(
        "etablissements/<int:establishment_pk>/questionnaires/<int:survey_pk>/reponses/<int:response_pk>/",
        views.response_aside,
        name="response_aside",
    ),
    path("q/<str:token>/", views.start, name="start"),
    path("q/<str:token>/<int:n>/", views.question, name="question"),
    path("q/<str:token>/merci/", views.done, name="done"),
]
