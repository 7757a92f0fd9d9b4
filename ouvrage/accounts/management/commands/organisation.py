"""`ouvrage organisation NAME --admin EMAIL --url https://…`: open a new organisation and invite its
first administrator (who then invites everybody else from Ouvrage's pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.accounts.services import open_organisation


class Command(BaseCommand):
    help = "Ouvre un organisme et invite sa première personne d'administration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Nom de l'organisme, par exemple « Association Les Tilleuls »")
        parser.add_argument("--admin", required=True, help="Adresse électronique de l'administrateur")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Adresse d'Ouvrage, pour le lien de l'invitation"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation, link = open_organisation(
                name=options["name"], admin_email=options["admin"], base_url=options["url"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"« {organisation} » est ouvert. Invitation envoyée à {options['admin'].strip().lower()} ;"
            f" le lien (valable 7 jours, à usage unique) :\n{link}"
        )
