from django.urls import path

from ouvrage.www.campaigns import views

app_name = "campaigns"
GRID = "evaluations/<int:campaign_pk>/entretiens/<int:interview_pk>/"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/evaluations/nouvelle/", views.campaign_create, name="create"),
    path("etablissements/<int:establishment_pk>/personnes/", views.people, name="people"),
    path("etablissements/<int:establishment_pk>/comparaison/", views.comparison, name="comparison"),
    path("evaluations/<int:campaign_pk>/", views.campaign_detail, name="detail"),
    path("evaluations/<int:campaign_pk>/modifier/", views.campaign_edit, name="edit"),
    *(
        path(f"evaluations/<int:campaign_pk>/{slug}/", views.campaign_move, {"transition": t}, name=t)
        for slug, t in (
            ("commencer", "start"),
            ("cloturer", "close"),
            ("rouvrir", "reopen"),
            ("archiver", "archive"),
            ("abandonner", "abandon"),
            ("supprimer", "delete"),
        )
    ),
    path("evaluations/<int:campaign_pk>/resultats/", views.results, name="results"),
    path(
        "evaluations/<int:campaign_pk>/resultats/criteres/<int:criterion_pk>/",
        views.results_context,
        name="results_context",
    ),
    path("evaluations/<int:campaign_pk>/simulation/", views.simulation, name="simulation"),
    path(
        "evaluations/<int:campaign_pk>/entretiens/nouveau/", views.interview_create, name="interview_create"
    ),
    path(GRID, views.grid, name="grid"),
    path(f"{GRID}elements/<int:element_pk>/", views.rate, name="rate"),
    path(f"{GRID}guide.pdf", views.interview_guide, name="guide"),
    path("evaluations/<int:campaign_pk>/grilles.xlsx", views.grids_xlsx, name="grids_xlsx"),
    path("evaluations/<int:campaign_pk>/grilles/import/", views.grids_import, name="grids_import"),
    path(
        "evaluations/<int:campaign_pk>/resultats-open-data.xlsx", views.open_data_xlsx, name="open_data_xlsx"
    ),
]
