"""`ouvrage restore FILE`: restore a backup into a fresh installation and check it is identical."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaurer une sauvegarde dans une base neuve et un dossier de fichiers vide, puis vérifier "
        "chaque table (nombre de lignes, somme de contrôle) et chaque fichier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="archive écrite par « ouvrage backup »")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.differences:
            raise CommandError(
                "Restauration terminée mais différente de la sauvegarde :\n  "
                + "\n  ".join(result.differences)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration vérifiée : {result.tables} tables, {result.rows} lignes et {result.files} "
                "fichiers identiques à la sauvegarde."
            )
        )
