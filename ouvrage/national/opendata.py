"""Reading the HAS open-data results file (parquet, XLSX or CSV) the user downloaded themselves.
Columns: shared/referentiel/finess.md §4.1. Every problem names the row and column."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ouvrage.core.archives import OPERATOR, ArchiveRefused, check_archive
from ouvrage.core.problems import ProblemList
from ouvrage.national.published import read_imperatives

REQUIRED = ("finess_geo", "essms_categ_finess_code")
OPTIONAL = (
    "region_libelle",
    "eval_date_fin",
    "moy_objectifs_100",
    "taux_ci_sup_3_5",
    "nb_ci",
    "nb_ci_sup_3_5",
    "nb_ci_atteints",
    "indice_qualite",
    "cotation_chapitre_1",
    "cotation_chapitre_2",
    "cotation_chapitre_3",
)
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Row:
    finess_geo: str
    category: str
    region: str
    eval_end: date | None
    mean_100: Decimal | None
    imperative_rate: Decimal | None
    letter: str
    chapters: dict[str, float]
    applicable_imperatives: int | None = None
    imperatives_at_threshold: int | None = None  # ≥ 3.5
    imperatives_at_four: int | None = None


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for the progress bar (None if it cannot be told cheaply)."""
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if path.suffix.lower() == ".csv":
            with path.open("rb") as fh:
                return max(0, sum(1 for _ in fh) - 1)
        check_archive(path, OPERATOR)
        workbook = load_workbook(path, read_only=True)
        try:
            return max(0, (workbook.worksheets[0].max_row or 1) - 1)
        finally:
            workbook.close()
    except Exception:
        return None


def _rows(path: Path, problems: ProblemList) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq
        from pyarrow import ArrowException

        # In batches: a file of millions of rows is refused after MAX_ROWS, never read whole.
        number = 1
        try:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=2_048):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row
        except (ArrowException, OSError) as exc:
            problems.add(
                f"fichier parquet illisible ({type(exc).__name__})", where=f"après la ligne {number}"
            )
        return
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
            sample = text.read(2048)
            text.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            reader = csv.DictReader(text, delimiter=delimiter)
            try:
                for row in reader:
                    yield reader.line_num, row
            except csv.Error as exc:
                problems.add(f"ligne CSV illisible ({exc})", where=f"ligne {reader.line_num}")
        return
    try:
        check_archive(path, OPERATOR)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except ArchiveRefused as refused:
        problems.add(refused.message)
        return
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems.add(f"ce n'est pas un classeur .xlsx lisible ni un .csv ({type(exc).__name__})")
        return
    try:
        ws = workbook.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            yield number, dict(zip(header, values, strict=False))
    finally:
        workbook.close()


def _decimal(value: Any) -> Decimal | None:
    if value is None or str(value).strip() in {"", "NA", "nan", "None"}:
        return None
    number = Decimal(str(value).strip().replace(",", "."))
    if not number.is_finite():
        raise ValueError(f"{value} n'est pas un nombre fini")
    return number


MAX_FIELD = 500  # characters: the longest real value is a region's name


def _odd_field(row: dict[str, Any]) -> str | None:
    """The first column holding bytes or an overlong text, if any."""
    for column, value in row.items():
        if isinstance(value, bytes | bytearray) or (isinstance(value, str) and len(value) > MAX_FIELD):
            return str(column)[:60]
    return None


def _count(value: Any) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"{value} n'est pas un nombre d'impératifs")
    return int(number)


def _date(value: Any) -> date | None:
    if value is None or str(value).strip() in {"", "NA", "nan", "None"}:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def read_results(path: Path | str, progress: Callable[[int], None] | None = None) -> list[Row]:
    """Read and check the whole file; raise ProblemsFound (row and column named) if anything is wrong."""
    path = Path(path)
    problems = ProblemList(path.name)
    if not path.exists():
        problems.add("fichier introuvable")
        problems.raise_if_any()
    found: list[Row] = []
    checked_header = False
    for number, row in _rows(path, problems):
        if not checked_header:
            missing = [c for c in REQUIRED if c not in row]
            if missing:
                problems.add(
                    f"colonnes manquantes : {', '.join(missing)} (fichier open_data_par_essms attendu)",
                    where="ligne 1",
                )
                break
            checked_header = True
        if len(found) >= MAX_ROWS:
            problems.add(f"plus de {MAX_ROWS} lignes", where=f"ligne {number}")
            break
        odd = _odd_field(row)
        if odd is not None:
            problems.add(
                f"valeur binaire ou de plus de {MAX_FIELD} caractères", where=f"ligne {number}", field=odd
            )
            continue
        finess = str(row.get("finess_geo") or "").strip().zfill(9)
        if not finess.strip("0") or len(finess) != 9:
            problems.add("numéro FINESS manquant ou invalide", where=f"ligne {number}", field="finess_geo")
            continue
        try:
            mean = _decimal(row.get("moy_objectifs_100"))
            end = _date(row.get("eval_date_fin"))
            imperatives = read_imperatives(
                nb_ci=_count(row.get("nb_ci")),
                nb_ci_sup_3_5=_count(row.get("nb_ci_sup_3_5")),
                taux_ci_sup_3_5=_decimal(row.get("taux_ci_sup_3_5")),
                nb_ci_atteints=_count(row.get("nb_ci_atteints")),
                eval_end=end,
            )
            chapters = {
                str(n): float(v)
                for n in (1, 2, 3)
                if (v := _decimal(row.get(f"cotation_chapitre_{n}"))) is not None
            }
        except (InvalidOperation, ValueError) as exc:
            problems.add(f"valeur illisible ({exc})"[:200], where=f"ligne {number}")
            continue
        if mean is not None and not Decimal(0) <= mean <= Decimal(100):
            problems.add(f"moyenne {mean} hors de 0–100", where=f"ligne {number}", field="moy_objectifs_100")
            continue
        letter = str(row.get("indice_qualite") or "").strip().upper()
        if letter and letter not in {"A", "B", "C", "D"}:
            problems.add(
                f"lettre « {letter} » inconnue (A, B, C ou D)",
                where=f"ligne {number}",
                field="indice_qualite",
            )
            continue
        found.append(
            Row(
                finess,
                str(row.get("essms_categ_finess_code") or "").strip(),
                str(row.get("region_libelle") or "").strip(),
                end,
                mean,
                imperatives.rate,
                letter,
                chapters,
                imperatives.applicable,
                imperatives.at_threshold,
                imperatives.at_four,
            )
        )
        if progress and len(found) % 5000 == 0:
            progress(len(found))
    if not checked_header and not problems.items:
        problems.add("fichier vide")
    problems.raise_if_any()
    return found
