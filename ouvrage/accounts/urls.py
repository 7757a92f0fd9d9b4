from django.contrib.auth import views as auth_views
from django.urls import path

from ouvrage.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("membres/", views.members, name="members"),
    path("membres/<int:user_pk>/actif/", views.member_active, name="member_active"),
]
