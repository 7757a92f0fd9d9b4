"""`ouvrage applicable`: the criteria of a frame that apply to a profile, and why the others do not."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.establishments.finess import categories
from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
from ouvrage.frames.applicability import applicability
from ouvrage.frames.management.commands.frames import find_version
from ouvrage.frames.selectors import criteria_of, mandatory_versions


class Command(BaseCommand):
    help = "Afficher les critères applicables à un profil (secteur, type de structure, publics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frame",
            help="cadre, éventuellement @version (par défaut : le cadre obligatoire, référentiel HAS)",
        )
        parser.add_argument("--finess-category", help="catégorie FINESS qui propose le profil (ex. 500)")
        parser.add_argument("--sector", choices=[s.value for s in Sector])
        parser.add_argument("--kind", choices=[k.value for k in StructureKind])
        parser.add_argument("--publics", help="publics séparés par des virgules : PA,PHA,PHE,PDS,AHI,PE-PJJ")
        parser.add_argument(
            "--excluded", action="store_true", help="lister aussi les critères exclus et pourquoi"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        profile = self._profile(options)
        if options["frame"]:
            version = find_version(options["frame"])
        else:
            mandatory = mandatory_versions()
            if not mandatory:
                raise CommandError("Aucun cadre obligatoire chargé : lancez « ouvrage frames import ».")
            version = mandatory[0]
        result = applicability(profile, criteria_of(version))
        self.stdout.write(f"Profil : {profile.describe()}")
        self.stdout.write(
            f"{len(result.applicable)} critères applicables sur {len(result.applicable) + len(result.excluded)}, "
            f"dont {result.imperative_count} impératifs"
        )
        for c in result.applicable:
            flags = " [impératif]" if c.imperative else ""
            self.stdout.write(f"  {c.code}{flags}\t{c.title}")
        if options["excluded"]:
            self.stdout.write(f"{len(result.excluded)} critères non applicables :")
            for c, why in result.excluded:
                self.stdout.write(f"  {c.code}\t{' ; '.join(e.message for e in why)}")

    def _profile(self, options: dict[str, Any]) -> Profile:
        sector, kind, publics = options["sector"], options["kind"], options["publics"]
        if options["finess_category"]:
            category = categories().get(options["finess_category"])
            if category is None:
                raise CommandError(f"Catégorie FINESS « {options['finess_category']} » inconnue de la table.")
            sector = sector or (category.sector.value if category.sector else None)
            kind = kind or (category.kind.value if category.kind else None)
            publics = publics or ",".join(p.value for p in category.publics)
        missing = [n for n, v in (("--sector", sector), ("--kind", kind), ("--publics", publics)) if not v]
        if missing:
            raise CommandError(f"Profil incomplet : précisez {', '.join(missing)}.")
        try:
            chosen = frozenset(Public(p.strip()) for p in publics.split(",") if p.strip())
        except ValueError as exc:
            raise CommandError(
                f"Public inconnu dans « {publics} » (attendu : PA, PHA, PHE, PDS, AHI, PE-PJJ)."
            ) from exc
        return Profile(Sector(sector), StructureKind(kind), chosen)
