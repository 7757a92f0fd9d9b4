from django.urls import path

from ouvrage.www.complaints import views

app_name = "complaints"
BASE = "etablissements/<int:establishment_pk>/reclamations/"
urlpatterns = [
    path(BASE, views.register, name="register"),
    path(f"{BASE}tableur/", views.export, name="xlsx"),
    path(f"{BASE}lien/", views.public_link, name="link"),
    path(f"{BASE}delais/", views.deadlines, name="deadlines"),
    path(f"{BASE}<int:complaint_pk>/", views.detail, name="detail"),
    path(f"{BASE}<int:complaint_pk>/qualifier/", views.qualify_view, name="qualify"),
    path(f"{BASE}<int:complaint_pk>/accuse/", views.acknowledge_view, name="acknowledge"),
    path(f"{BASE}<int:complaint_pk>/reponse/", views.answer_view, name="answer"),
    path(f"{BASE}<int:complaint_pk>/cloture/", views.close_view, name="close"),
    path(f"{BASE}<int:complaint_pk>/action/", views.action_view, name="action"),
    path("organisme/reclamations/", views.organisation, name="organisation"),
    path("reclamer/<str:token>/", views.public_form, name="public"),
    path("suivi/<str:token>/", views.follow, name="follow"),
]
