"""`ouvrage opendata import FILE`: load the HAS open data of evaluation results (file
open_data_par_essms, parquet, XLSX or CSV) that you downloaded; Ouvrage never downloads it itself."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvrage.core.problems import ProblemsFound
from ouvrage.national.importing import replace_results
from ouvrage.national.opendata import count_rows, read_results


class Command(BaseCommand):
    help = "Importer les résultats d'évaluation publiés par la HAS (open_data_par_essms, .parquet, .xlsx ou .csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        total = count_rows(options["file"])

        def told(n: int) -> None:
            nonlocal total
            total = n

        def progress(label: str) -> Any:
            def show(n: int) -> None:
                elapsed = time.perf_counter() - started
                if total:
                    done = min(n / total, 1)
                    bar = "#" * round(30 * done) + "." * (30 - round(30 * done))
                    self.stdout.write(f"  {label:12} [{bar}] {done:4.0%} {n}/{total} ({elapsed:.1f} s)")
                else:
                    self.stdout.write(f"  {label:12} {n} lignes ({elapsed:.1f} s)")

            return show

        try:
            rows = read_results(options["file"], progress=progress("lues"), on_total=told)
        except ProblemsFound as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems[:50])
            raise CommandError(
                f"Fichier refusé, rien n'a été enregistré ({len(exc.problems)} problème(s)) :\n{lines}"
            ) from exc
        count = replace_results(rows=rows, source=options["file"].name, progress=progress("enregistrées"))
        self.stdout.write(
            self.style.SUCCESS(f"{count} résultats importés en {time.perf_counter() - started:.1f} s.")
        )
