from django.urls import path

from ouvrage.www.ownframe import views

app_name = "ownframe"
E = "etablissements/<int:establishment_pk>/"
urlpatterns = [
    path(f"{E}cadre-propre/", views.own_frame, name="page"),
    path(f"{E}cadre-propre/questions/<int:question_pk>/", views.question_edit, name="question"),
    path(f"{E}seances/", views.sessions, name="sessions"),
    path(f"{E}seances/<int:session_pk>/action/", views.session_action, name="session_action"),
    path(
        "evaluations/<int:campaign_pk>/evaluation-propre/", views.campaign_own_evaluation, name="evaluation"
    ),
    path(
        "evaluations/<int:campaign_pk>/evaluation-propre/ajouter/", views.evaluate_own_frame, name="evaluate"
    ),
]
