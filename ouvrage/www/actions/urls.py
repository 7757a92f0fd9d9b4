from django.urls import path

from ouvrage.www.actions import views

app_name = "actions"
urlpatterns = [
    path("actions/<int:action_pk>/", views.action_detail, name="detail"),
    path("actions/<int:action_pk>/avancement/", views.action_note, name="note"),
    path("etablissements/<int:establishment_pk>/plan-action/", views.action_plan, name="plan"),
    path("etablissements/<int:establishment_pk>/plan-action/nouvelle/", views.action_create, name="create"),
    path("etablissements/<int:establishment_pk>/plan-action.xlsx", views.action_plan_xlsx, name="plan_xlsx"),
    path("evaluations/<int:campaign_pk>/propositions/", views.proposals, name="proposals"),
]
