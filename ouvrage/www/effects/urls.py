"""The effects lanes (issue 20), one namespace: the lanes (views.py), the stories of change and their
selection (stories_urls.py), the progress markers and the criteria of work well done (markers_urls.py)."""

from django.urls import path

from ouvrage.www.effects import markers_urls, stories_urls, views

app_name = "effects"
E = "etablissements/<int:establishment_pk>/effets/"
urlpatterns = [
    path(E, views.home, name="home"),
    path(f"{E}objectif/<int:objective_pk>/", views.objective_lane, name="objective_lane"),
    path(f"{E}question/<int:question_pk>/", views.question_lane, name="question_lane"),
    *stories_urls.urlpatterns,
    *markers_urls.urlpatterns,
]
