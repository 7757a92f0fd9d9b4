"""`ouvrage purge [--dry-run]`: apply the retention policy (docs/retention.md). Run it daily."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ouvrage.retention.purge import purge


class Command(BaseCommand):
    help = (
        "Anonymiser et supprimer ce qui a dépassé sa durée de conservation (personnes accompagnées, "
        "historique, traces de connexion, documents, fichiers orphelins). À lancer chaque jour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="dire ce qui partirait, sans rien changer")
        parser.add_argument("--today", help="date du jour à retenir (AAAA-MM-JJ), pour vérifier la politique")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today : « {options['today']} » n'est pas une date AAAA-MM-JJ.") from exc
        report = purge(today=today, dry_run=options["dry_run"])
        title = "Simulation (rien n'a été modifié)" if options["dry_run"] else "Purge effectuée"
        self.stdout.write(self.style.SUCCESS(f"{title} au {today:%d/%m/%Y} :"))
        for line in report.lines():
            self.stdout.write(f"  {line}")
