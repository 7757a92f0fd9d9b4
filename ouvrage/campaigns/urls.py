from django.urls import path

from ouvrage.actions import views as action_views
from ouvrage.campaigns import views
from ouvrage.evidence import views as evidence_views
from ouvrage.ownframe import views as ownframe_views

app_name = "campaigns"
urlpatterns = [
    path("<int:campaign_pk>/", views.campaign_detail, name="detail"),
    path("<int:campaign_pk>/resultats/", views.results, name="results"),
    path("<int:campaign_pk>/simulation/", views.simulation, name="simulation"),
    path("<int:campaign_pk>/propositions/", action_views.proposals, name="proposals"),
    path(
        "<int:campaign_pk>/evaluation-propre/", ownframe_views.campaign_own_evaluation, name="own_evaluation"
    ),
    path("<int:campaign_pk>/plan-correctif/", action_views.corrective_plan, name="corrective_plan"),
    path("<int:campaign_pk>/entretiens/nouveau/", views.interview_create, name="interview_create"),
    path("<int:campaign_pk>/entretiens/<int:interview_pk>/", views.grid, name="grid"),
    path(
        "<int:campaign_pk>/entretiens/<int:interview_pk>/elements/<int:element_pk>/",
        views.rate,
        name="rate",
    ),
    path(
        "<int:campaign_pk>/entretiens/<int:interview_pk>/elements/<int:element_pk>/preuves/",
        evidence_views.element_evidence,
        name="element_evidence",
    ),
]
