from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ouvrage.documents"
    label = "reports"  # the database tables and the journal keep the first name of this app
    verbose_name = "Documents produits"
