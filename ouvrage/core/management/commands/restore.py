"""`ouvrage restore FILE`: restore a backup into a fresh installation and check it is identical."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.backup import BackupError, restore
from ouvrage.core.sealing import SealError, read_key


class Command(BaseCommand):
    help = (
        "Restaurer une sauvegarde dans une base neuve et un dossier de fichiers vide, puis vérifier "
        "chaque table (nombre de lignes, somme de contrôle) et chaque fichier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="archive écrite par « ouvrage backup »")
        parser.add_argument(
            "--key-file",
            type=Path,
            default=os.environ.get("OUVRAGE_BACKUP_KEY_FILE") or None,
            help="la clé d'une archive scellée",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = read_key(options["key_file"]) if options["key_file"] else None
            result = restore(options["archive"], key=key)
        except (BackupError, SealError) as exc:
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
