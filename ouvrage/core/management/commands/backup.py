"""`ouvrage backup [--output FILE]`: the database and every stored file in one archive."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarder la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="fichier à écrire (par défaut var/sauvegardes/ouvrage-AAAAMMJJ-HHMMSS.tar.gz)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or (
            settings.VAR_DIR / "sauvegardes" / f"ouvrage-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {output} ({len(manifest['tables'])} tables, {rows} lignes, "
                f"{len(manifest['files'])} fichiers)."
            )
        )
