from django.urls import path

from ouvrage.www.incidents import views

app_name = "incidents"
BASE = "etablissements/<int:establishment_pk>/evenements-indesirables/"
urlpatterns = [
    path(BASE, views.register, name="register"),
    path(f"{BASE}declarer/", views.declare, name="declare"),
    path(f"{BASE}tableur/", views.register_xlsx, name="xlsx"),
    path(f"{BASE}crex/", views.crex, name="crex"),
    path(f"{BASE}<int:event_pk>/", views.event, name="event"),
    path(f"{BASE}<int:event_pk>/qualifier/", views.qualify, name="qualify"),
    path(f"{BASE}<int:event_pk>/analyser/", views.analyse, name="analyse"),
    path(f"{BASE}<int:event_pk>/action/", views.action, name="action"),
    path(f"{BASE}<int:event_pk>/autorites/", views.authorities, name="authorities"),
    path(f"{BASE}<int:event_pk>/clore/", views.close, name="close"),
]
