"""`ouvrage frames list|show|validate|import|import-xlsx`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.problems import ProblemsFound
from ouvrage.frames.loader import discover, load_frame
from ouvrage.frames.models import Element, FrameVersion, Proof, Reference
from ouvrage.frames.services import apply_completion, import_frame_version
from ouvrage.frames.xlsx import mapping_from_options, read_completion


def find_version(ref: str) -> FrameVersion:
    """`slug` (latest version) or `slug@label`."""
    slug, _, label = ref.partition("@")
    qs = FrameVersion.objects.select_related("frame").filter(frame__slug=slug)
    version = qs.filter(label=label).first() if label else qs.latest_of(slug)
    if version is None:
        known = (
            ", ".join(f"{v.frame.slug}@{v.label}" for v in FrameVersion.objects.select_related("frame"))
            or "aucune"
        )
        raise CommandError(f"Version de cadre « {ref} » introuvable (versions chargées : {known}).")
    return version


def problems_error(exc: ProblemsFound, what: str) -> CommandError:
    lines = "\n".join(f"  - {p}" for p in exc.problems)
    return CommandError(f"{what} refusé : {len(exc.problems)} problème(s), rien n'a été enregistré.\n{lines}")


class Command(BaseCommand):
    help = "Cadres d'évaluation : lister, montrer, vérifier, importer, compléter depuis un fichier Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="actions")
        sub.add_parser("list", help="Lister les cadres chargés et leurs versions.")
        show = sub.add_parser("show", help="Montrer une version : structure, comptes, données incomplètes.")
        show.add_argument(
            "ref", help="identifiant du cadre, éventuellement suivi de @version (has-essms@1.1)"
        )
        validate = sub.add_parser("validate", help="Vérifier des dossiers de cadre sans rien charger.")
        validate.add_argument("paths", nargs="*", help="dossiers (par défaut : tous les cadres fournis)")
        imp = sub.add_parser("import", help="Importer (ou mettre à jour) des dossiers de cadre. Répétable.")
        imp.add_argument("paths", nargs="*", help="dossiers (par défaut : tous les cadres fournis)")
        xlsx = sub.add_parser(
            "import-xlsx",
            help="Compléter libellés et éléments d'une version depuis un fichier Excel (.xlsx).",
        )
        xlsx.add_argument("file", type=Path)
        xlsx.add_argument("--frame", required=True, help="version à compléter : has-essms ou has-essms@1.1")
        xlsx.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="RÔLE=COLONNE",
            help="criterion, title, element, rank, target = lettre (A) ou texte d'en-tête",
        )
        xlsx.add_argument(
            "--config", type=Path, help="fichier TOML de correspondance (sheet, header_row, [columns])"
        )
        xlsx.add_argument("--sheet", help="nom de la feuille (par défaut : la première)")
        xlsx.add_argument("--header-row", type=int, default=1, help="ligne d'en-tête (par défaut : 1)")
        xlsx.add_argument(
            "--dry-run", action="store_true", help="tout vérifier et rendre compte sans enregistrer"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def _paths(self, options: dict[str, Any]) -> list[Path]:
        paths = [Path(p) for p in options["paths"]] or discover(settings.FRAMES_DATA_DIR)
        if not paths:
            raise CommandError(f"Aucun dossier de cadre trouvé dans {settings.FRAMES_DATA_DIR}.")
        return paths

    def do_list(self, options: dict[str, Any]) -> None:
        versions = FrameVersion.objects.select_related("frame").order_by("frame__slug", "published_on")
        if not versions:
            self.stdout.write("Aucun cadre chargé. Lancez « ouvrage frames import ».")
        for v in versions:
            owner = v.frame.organisation or "partagé"
            self.stdout.write(
                f"{v.frame.slug}@{v.label}\t{v.frame.name}\t{v.criteria.count()} critères\t{owner}"
            )

    def do_show(self, options: dict[str, Any]) -> None:
        v = find_version(options["ref"])
        criteria = v.criteria.all()
        self.stdout.write(f"{v.frame.name} — version {v.label} ({v.published_on or 'date inconnue'})")
        self.stdout.write(v.attribution)
        self.stdout.write(
            f"{v.chapters.count()} chapitres, {v.themes.count()} thématiques, {v.objectives.count()} objectifs, "
            f"{criteria.count()} critères dont {criteria.filter(imperative=True).count()} impératifs"
        )
        for chapter in v.chapters.all():
            self.stdout.write(
                f"  Chapitre {chapter.code} – {chapter.title} ({chapter.get_method_display()}): "
                f"{criteria.filter(objective__chapter=chapter).count()} critères"
            )
        partial = list(criteria.filter(title_complete=False).values_list("code", flat=True))
        no_elements = list(criteria.filter(elements_complete=False).values_list("code", flat=True))
        untitled = list(v.objectives.filter(title="").values_list("code", flat=True))
        self.stdout.write(
            f"Impératifs : {', '.join(criteria.filter(imperative=True).values_list('code', flat=True))}"
        )
        self.stdout.write(f"Libellé incomplet ({len(partial)}) : {', '.join(partial) or 'aucun'}")
        self.stdout.write(
            f"Éléments d'évaluation non connus ({len(no_elements)}) : {', '.join(no_elements) or 'aucun'}"
        )
        self.stdout.write(f"Objectifs sans intitulé ({len(untitled)}) : {', '.join(untitled) or 'aucun'}")
        elements = Element.objects.filter(criterion__version=v, retired=False)
        by_target = Counter(elements.values_list("target", flat=True))
        labels = ", ".join(
            f"{t or 'sans cible'} {n}" for t, n in sorted(by_target.items(), key=lambda i: -i[1])
        )
        self.stdout.write(f"{elements.count()} éléments d'évaluation : {labels or 'aucun'}")
        placeholders = elements.filter(placeholder=True).count()
        retired = Element.objects.filter(criterion__version=v, retired=True).count()
        self.stdout.write(
            f"Éléments provisoires : {placeholders or 'aucun'} ; éléments retirés gardés : {retired or 'aucun'}"
        )
        self.stdout.write(
            f"Ce que l'évaluateur consultera : {Proof.objects.filter(criterion__version=v).count()} ; "
            f"références : {Reference.objects.filter(criterion__version=v).count()}"
        )
        if v.source_title:
            self.stdout.write(f"Source des pages : {v.source_title}. {v.source_note}")

    def do_validate(self, options: dict[str, Any]) -> None:
        failed = False
        for path in self._paths(options):
            try:
                spec = load_frame(path)
            except ProblemsFound as exc:
                failed = True
                self.stderr.write(str(problems_error(exc, f"Dossier {path}")))
                continue
            counts = ", ".join(f"{k} {v}" for k, v in spec.counts().items())
            self.stdout.write(self.style.SUCCESS(f"{path} : valide ({spec.slug}@{spec.version} ; {counts})"))
        if failed:
            raise CommandError("Au moins un dossier de cadre est invalide.")

    def do_import(self, options: dict[str, Any]) -> None:
        specs = []
        for path in self._paths(options):
            try:
                specs.append((path, load_frame(path)))
            except ProblemsFound as exc:
                raise problems_error(exc, f"Import de {path}") from exc
        # Frames first, then the extensions that complete them.
        for path, spec in sorted(specs, key=lambda item: bool(item[1].extends)):
            try:
                result = import_frame_version(spec=spec, actor_label="ligne de commande")
            except ProblemsFound as exc:
                raise problems_error(exc, f"Import de {path}") from exc
            state = "déjà à jour" if result.unchanged else ("créée" if result.created else "mise à jour")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{spec.slug}@{spec.version} {state} : {result.counts['criteria']} critères, "
                    f"{result.counts['imperatives']} impératifs, {result.counts['objectives']} objectifs"
                )
            )

    def do_import_xlsx(self, options: dict[str, Any]) -> None:
        version = find_version(options["frame"])
        try:
            mapping = mapping_from_options(
                options["map"], options["sheet"], options["header_row"], options["config"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        known = set(version.criteria.values_list("code", flat=True))
        try:
            completion = read_completion(options["file"], mapping, known)
        except ProblemsFound as exc:
            raise problems_error(exc, f"Fichier {options['file']}") from exc
        for row in completion.unmatched:
            self.stderr.write(f"Ligne non rapprochée : {row}")
        summary = (
            f"{completion.rows_read} lignes lues ; {len(completion.titles)} libellés, "
            f"{sum(len(e) for e in completion.elements.values())} éléments pour {len(completion.elements)} critères ; "
            f"{len(completion.unmatched)} ligne(s) non rapprochée(s)"
        )
        if options["dry_run"]:
            self.stdout.write(f"Vérification seule, rien n'est enregistré : {summary}")
            return
        result = apply_completion(version=version, completion=completion, actor_label="ligne de commande")
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary}. Enregistré : {result.titles_completed} libellé(s) complété(s), "
                f"{result.criteria_with_elements} critère(s) avec leurs éléments ({result.elements_written} éléments)."
            )
        )
