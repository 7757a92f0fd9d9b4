from django.contrib.auth import views as auth_views
from django.urls import path

from ouvrage.www.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "compte/connexion/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("compte/deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("compte/jeton/", views.token, name="token"),
    path("compte/reconnecte/", views.signed_in_again, name="signed_in_again"),
    path("compte/membres/", views.members, name="members"),
    path("compte/membres/<int:user_pk>/actif/", views.member_active, name="member_active"),
]
