"""`ouvrage backup [--output FILE]`: the database and every stored file in one archive."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.backup import BackupError, backup
from ouvrage.core.sealing import SealError, new_key, read_key


class Command(BaseCommand):
    help = "Sauvegarder la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="fichier à écrire (par défaut var/sauvegardes/ouvrage-AAAAMMJJ-HHMMSS.tar.gz)",
        )
        parser.add_argument(
            "--key-file",
            type=Path,
            default=os.environ.get("OUVRAGE_BACKUP_KEY_FILE") or None,
            help="sceller l'archive avec cette clé (gardez-la ailleurs : sans elle, rien ne se restaure)",
        )
        parser.add_argument(
            "--portable",
            action="store_true",
            help="(PostgreSQL) joindre une copie SQLite, pour restaurer sur une machine sans PostgreSQL",
        )
        parser.add_argument(
            "--new-key",
            type=Path,
            metavar="FICHIER",
            help="écrire une nouvelle clé de scellement, puis s'arrêter",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            try:
                new_key(options["new_key"])
            except SealError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"Clé écrite dans {options['new_key']} (lisible par vous seul). Gardez-en une copie hors du "
                    "serveur : sans elle, les sauvegardes scellées ne se restaurent pas."
                )
            )
            return
        output = options["output"] or (
            settings.VAR_DIR / "sauvegardes" / f"ouvrage-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            key = read_key(options["key_file"]) if options["key_file"] else None
            manifest = backup(output, key=key, portable=options["portable"])
        except (BackupError, SealError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {output} ({len(manifest['tables'])} tables, {rows} lignes, "
                f"{len(manifest['files'])} fichiers){', scellée' if key else ''}."
            )
        )
