"""`ouvrage demo`: database, référentiel, demo organisation, then the server."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ouvrage.core.demo import DEMO_PASSWORD, load_demo, load_demo_campaigns


class Command(BaseCommand):
    help = "Préparer la base (migrations, cadres, données de démonstration) et démarrer le serveur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-server", action="store_true", help="préparer seulement, sans démarrer le serveur"
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="adresse et port (127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("frames", "import", stdout=self.stdout)
        accounts = load_demo()
        load_demo_campaigns()
        address = options["addrport"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Ouvrage est prêt. Ouvrez http://{address}/ dans un navigateur.")
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, role in accounts:
            self.stdout.write(f"  {email:36} {role}")
        self.stdout.write("")
        if not options["no_server"]:
            self.stdout.write("Arrêt du serveur : Ctrl+C.")
            call_command("runserver", address, use_reloader=False)
