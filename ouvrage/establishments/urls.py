from django.urls import path

from ouvrage.actions import views as action_views
from ouvrage.campaigns import views as campaign_views
from ouvrage.establishments import views
from ouvrage.evidence import views as evidence_views
from ouvrage.ownframe import views as ownframe_views
from ouvrage.projects import views as projet_views
from ouvrage.realwork import views as realwork_views
from ouvrage.reporting import views as reporting_views
from ouvrage.reports import views as report_views
from ouvrage.surveys import views as survey_views

app_name = "establishments"
urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("nouveau/", views.establishment_create, name="create"),
    path("profil-finess/", views.profile_from_category, name="profile_from_category"),
    path("<int:pk>/", views.establishment_detail, name="detail"),
    path("<int:pk>/modifier/", views.establishment_edit, name="edit"),
    path(
        "<int:establishment_pk>/evaluations/nouvelle/", campaign_views.campaign_create, name="campaign_create"
    ),
    path("<int:establishment_pk>/personnes/", campaign_views.people, name="people"),
    path("<int:establishment_pk>/comparaison/", campaign_views.comparison, name="comparison"),
    path("<int:establishment_pk>/reporting/", reporting_views.register, name="reporting"),
    path("<int:establishment_pk>/journal/", realwork_views.journal, name="journal"),
    path("<int:establishment_pk>/cadre-propre/", ownframe_views.own_frame, name="own_frame"),
    path("<int:establishment_pk>/seances/", ownframe_views.sessions, name="sessions"),
    path("<int:establishment_pk>/questionnaires/", survey_views.surveys, name="surveys"),
    path("<int:establishment_pk>/projet/", projet_views.projet_page, name="projet"),
    path("<int:establishment_pk>/projet/comparer/", projet_views.projet_compare, name="projet_compare"),
    path("<int:establishment_pk>/projet.<str:fmt>", projet_views.projet_export, name="projet_export"),
    path(
        "<int:establishment_pk>/questionnaires/<int:survey_pk>/", survey_views.survey_results, name="survey"
    ),
    path(
        "<int:establishment_pk>/seances/<int:session_pk>/action/",
        ownframe_views.session_action,
        name="session_action",
    ),
    path(
        "<int:establishment_pk>/cadre-propre/questions/<int:question_pk>/",
        ownframe_views.question_edit,
        name="own_question",
    ),
    path("<int:establishment_pk>/journal/<int:gap_pk>/", realwork_views.gap_use, name="journal_use"),
    path("<int:establishment_pk>/reporting/<int:duty_pk>/", reporting_views.duty_edit, name="reporting_edit"),
    path("<int:establishment_pk>/reporting.xlsx", reporting_views.register_xlsx, name="reporting_xlsx"),
    path("<int:establishment_pk>/reporting.pdf", reporting_views.register_pdf, name="reporting_pdf"),
    path("<int:establishment_pk>/preuves/", evidence_views.evidence_list, name="evidence"),
    path("<int:establishment_pk>/plan-action/", action_views.action_plan, name="action_plan"),
    path("<int:establishment_pk>/plan-action/nouvelle/", action_views.action_create, name="action_create"),
    path("<int:establishment_pk>/plan-action.xlsx", report_views.action_plan_xlsx, name="action_plan_xlsx"),
]
