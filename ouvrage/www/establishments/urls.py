from django.urls import path

from ouvrage.www.establishments import views

app_name = "establishments"
urlpatterns = [
    path("etablissements/", views.establishment_list, name="list"),
    path("etablissements/nouveau/", views.establishment_create, name="create"),
    path("etablissements/profil-finess/", views.profile_from_category, name="profile_from_category"),
    path("etablissements/<int:pk>/", views.establishment_detail, name="detail"),
    path("etablissements/<int:pk>/modifier/", views.establishment_edit, name="edit"),
    path("etablissements/<int:pk>/logo/", views.establishment_logo, name="logo"),
]
