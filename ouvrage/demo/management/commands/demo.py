"""`ouvrage demo`: database, référentiel, demo organisation, then the background worker and the server,
as production behaves (config/settings/demo.py: DEBUG off, Ouvrage's own error pages, static files
collected and served by WhiteNoise)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import override_settings

from ouvrage.demo.data import DEMO_PASSWORD, load_everything


class _NoMigrations:
    """MIGRATION_MODULES for every app: none (as Django's test databases do without migrations)."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def create_schema() -> None:
    """A new, empty database: its tables created from the models at once, then every migration
    recorded as applied — the schema the 220 migrations (Ouvrage's and its libraries') would build,
    in a second instead of seven. Their data steps only change existing rows: an empty database has
    none. An existing database is migrated as usual."""
    with override_settings(MIGRATION_MODULES=_NoMigrations()):
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    call_command("migrate", fake=True, interactive=False, verbosity=0)


class Command(BaseCommand):
    help = (
        "Préparer la base (migrations, cadres, données de démonstration), démarrer le worker et le serveur."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-server", action="store_true", help="préparer seulement, sans démarrer le serveur"
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="adresse et port (127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not connection.introspection.table_names():
            create_schema()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("frames", "import", stdout=self.stdout)
        accounts = load_everything()
        call_command("summaries", stdout=self.stdout)
        if not settings.DEBUG:
            # As in production: static files collected once, with hashed names, served by WhiteNoise.
            call_command("collectstatic", interactive=False, verbosity=0)
        address = options["addrport"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Ouvrage est prêt. Ouvrez http://{address}/ dans un navigateur.")
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, role in accounts:
            self.stdout.write(f"  {email:36} {role}")
        self.stdout.write("")
        if options["no_server"]:
            return
        # Reports are produced in the background by the tasks worker (`ouvrage worker`).
        worker = subprocess.Popen([sys.executable, "-m", "ouvrage.cli", "worker", "--no-reload", "-v", "0"])
        self.stdout.write(f"Worker des tâches de fond démarré (processus {worker.pid}). Arrêt : Ctrl+C.")
        try:
            call_command("runserver", address, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
