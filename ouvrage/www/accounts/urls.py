from allauth.account import views as allauth_views
from django.urls import path

from ouvrage.www.accounts import views

app_name = "accounts"
# Sign-in, passwords, the second factor and sessions are django-allauth's pages (config/urls.py
# mounts them under /compte/); these are the French addresses people see and Ouvrage's own pages.
urlpatterns = [
    path("compte/connexion/", allauth_views.login, name="login"),
    path("compte/deconnexion/", allauth_views.logout, name="logout"),
    path("compte/", views.security, name="security"),
    # Ouvrage's list of open sessions stands at django-allauth's address (its own list writes on GET).
    path("compte/sessions/", views.sessions, name="sessions"),
    path("compte/sessions/<int:usersession_pk>/fermer/", views.session_end, name="session_end"),
    path("compte/jeton/", views.token, name="token"),
    path("compte/reconnecte/", views.signed_in_again, name="signed_in_again"),
    path("compte/invitation/<str:token>/", views.accept, name="accept"),
    path("compte/membres/", views.members, name="members"),
    path("compte/membres/inviter/", views.invite_member, name="invite"),
    path("compte/membres/<int:user_pk>/", views.member_edit, name="member_edit"),
    path("compte/membres/<int:user_pk>/actif/", views.member_active, name="member_active"),
    path("compte/membres/<int:user_pk>/sessions/", views.member_sessions, name="member_sessions"),
    path(
        "compte/invitations/<int:invitation_pk>/renvoyer/", views.invitation_resend, name="invitation_resend"
    ),
    path(
        "compte/invitations/<int:invitation_pk>/annuler/", views.invitation_cancel, name="invitation_cancel"
    ),
    path("compte/organisme/double-authentification/", views.second_factor_rule, name="second_factor_rule"),
]
