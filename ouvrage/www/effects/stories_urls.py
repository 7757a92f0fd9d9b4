"""The stories of change: told by staff or through the public link, selected by a session."""

from django.urls import path

from ouvrage.www.effects import stories_views as views

E = "etablissements/<int:establishment_pk>/effets/"
urlpatterns = [
    path(f"{E}recits/", views.stories, name="stories"),
    path(f"{E}recits/lien/", views.story_link, name="story_link"),
    path(f"{E}recits/<int:story_pk>/", views.story, name="story"),
    path(f"{E}recits/<int:story_pk>/retirer/", views.story_withdraw, name="story_withdraw"),
    path(f"{E}seances/<int:session_pk>/selection/", views.selection, name="selection"),
    path("raconter/<str:token>/", views.tell, name="tell"),
    path("mon-recit/<str:token>/", views.my_story, name="my_story"),
]
