"""Reading the HAS open-data results file (parquet, XLSX or CSV) a person downloaded themselves.

Columns: `columns.py` (the 173 of `open_data_par_essms`). The header is matched case-insensitively
after trimming, in any order, extra columns ignored; a file missing a required column is refused
naming every missing one. The file is read as a stream (parquet: only the needed columns, by record
batches; CSV line by line; XLSX in read-only mode): what stays in memory is one compact `Row` per
evaluation. Every problem names the line and the column; a file with problems is refused whole.
"""

from __future__ import annotations

import csv
import math
import unicodedata
import zipfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineWorkbook

from ouvrage.core.archives import MB, OPERATOR, ArchiveRefused, Limits, check_archive
from ouvrage.core.problems import ProblemList
from ouvrage.national import columns as C
from ouvrage.national.published import read_imperatives

REQUIRED = C.REQUIRED
OPTIONAL = C.OPTIONAL
MAX_ROWS = 200_000
PROGRESS_EVERY = 1_000
# A workbook sent through the page: the HAS workbook of ~21,000 rows × 173 columns holds a few
# hundred megabytes of XML once decompressed; more is not an open-data file.
PAGE_UPLOAD = Limits(parts=200, total_bytes=600 * MB)
EMPTY = {"", "NA", "nan", "None", "null", "NULL"}  # as before: « NaN » is a value, refused
TRUE = {"1", "1.0", "oui", "o", "true", "vrai", "x", "yes"}
FALSE = {"0", "0.0", "non", "n", "false", "faux", "no"}


@dataclass(frozen=True, slots=True)
class Row:
    finess_geo: str
    category: str
    region: str
    eval_end: date | None
    mean_100: Decimal | None
    imperative_rate: Decimal | None
    letter: str
    scores: array  # floats in the order of columns.SCORES, NaN where the file says nothing
    applicable_imperatives: int | None = None
    imperatives_at_threshold: int | None = None  # ≥ 3.5
    imperatives_at_four: int | None = None
    category_label: str = ""
    region_code: str = ""
    department_code: str = ""
    sector: str = ""  # Sector value, or "" when the file does not say or says something else
    structure_kind: str = ""  # StructureKind value, or ""
    publics: tuple[str, ...] | None = None  # Public values; None when the flags are absent
    eval_code: str = ""
    eval_start: date | None = None
    multi_essms: bool | None = None
    evaluating_body: str = ""
    accreditation: str = ""
    criteria_counts: array | None = None  # per objective (columns.OBJECTIVES), -1 where unknown

    def group(self, name: str) -> dict[str, float]:
        """The scores of one group (« chapters », « themes », « global_themes », « objectives »,
        « imperatives »), those given only."""
        return {
            key: value
            for (group, key, _), value in zip(C.SCORES, self.scores, strict=True)
            if group == name and not math.isnan(value)
        }

    @property
    def chapters(self) -> dict[str, float]:
        return self.group("chapters")

    def objective_criteria(self) -> dict[str, int]:
        if self.criteria_counts is None:
            return {}
        return {k: n for k, n in zip(C.OBJECTIVES, self.criteria_counts, strict=True) if n >= 0}


class _Source:
    """A file's header, then its rows reduced to the wanted columns."""

    def __init__(self, path: Path, problems: ProblemList, limits: Limits):
        self.path = path
        self.problems = problems
        self.limits = limits
        self.header: list[str] | None = None
        self.total: int | None = None  # data rows, where the format tells them once opened
        self._workbook: Any = None

    def open(self) -> list[str] | None:
        suffix = self.path.suffix.lower()
        try:
            if suffix == ".parquet":
                import pyarrow.parquet as pq

                self._parquet = pq.ParquetFile(self.path)
                self.header = list(self._parquet.schema_arrow.names)
                self.total = int(self._parquet.metadata.num_rows)
            elif suffix == ".csv":
                self._text = self.path.open(encoding="utf-8-sig", errors="replace", newline="")
                sample = self._text.read(4096)
                self._text.seek(0)
                delimiter = ";" if sample.count(";") > sample.count(",") else ","
                self._reader = csv.reader(self._text, delimiter=delimiter)
                self.header = next(self._reader, None)
            else:
                check_archive(self.path, self.limits)
                # calamine (Rust) reads the sheet about ten times faster than openpyxl; the archive
                # was checked first (sizes, parts, no document type declared).
                self._workbook = CalamineWorkbook.from_path(str(self.path))
                sheet = self._workbook.get_sheet_by_index(0)
                self.total = max(0, sheet.height - 1)
                self._sheet_rows = iter(sheet.iter_rows())
                first = next(self._sheet_rows, None)
                self.header = None if first is None else ["" if h is None else str(h) for h in first]
        except ArchiveRefused as refused:
            self.problems.add(refused.message)
        except (
            InvalidFileException,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            IndexError,
            CalamineError,
        ) as exc:
            if suffix == ".parquet":  # pyarrow's ArrowInvalid is a ValueError
                self.problems.add(f"fichier parquet illisible ({type(exc).__name__})")
                return None
            self.problems.add(
                f"ce n'est pas un classeur .xlsx lisible ni un .csv ni un .parquet ({type(exc).__name__})"
            )
        except OSError as exc:
            what = "fichier parquet illisible" if suffix == ".parquet" else "fichier illisible"
            self.problems.add(f"{what} ({type(exc).__name__})")
        except Exception as exc:  # pyarrow's own errors (ArrowInvalid…) are not all OSError
            self.problems.add(f"fichier parquet illisible ({type(exc).__name__})")
        return self.header

    def rows(self, indexes: Sequence[int]) -> Iterator[tuple[int, list[Any]]]:
        """(line number as a spreadsheet shows it, values at `indexes`)."""
        suffix = self.path.suffix.lower()
        if suffix == ".parquet":
            yield from self._parquet_rows(indexes)
        elif suffix == ".csv":
            try:
                for values in self._reader:
                    if not any(values):
                        continue
                    yield self._reader.line_num, [values[i] if i < len(values) else None for i in indexes]
            except csv.Error as exc:
                self.problems.add(f"ligne CSV illisible ({exc})", where=f"ligne {self._reader.line_num}")
        else:
            for number, values in enumerate(self._sheet_rows, start=2):
                if not any(v is not None and v != "" for v in values):
                    continue
                yield number, [values[i] if i < len(values) else None for i in indexes]

    def _parquet_rows(self, indexes: Sequence[int]) -> Iterator[tuple[int, list[Any]]]:
        from pyarrow import ArrowException

        assert self.header is not None  # noqa: S101 (opened)
        names = [self.header[i] for i in indexes]
        number = 1
        try:
            # Only the needed columns, in batches: a file of millions of rows is refused past
            # MAX_ROWS, never read whole.
            for batch in self._parquet.iter_batches(batch_size=2_048, columns=names):
                lists = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for values in zip(*lists, strict=True):
                    number += 1
                    yield number, list(values)
        except (ArrowException, OSError) as exc:
            self.problems.add(
                f"fichier parquet illisible ({type(exc).__name__})", where=f"après la ligne {number}"
            )

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
        text = getattr(self, "_text", None)
        if text is not None:
            text.close()


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for the progress bar, where it can be told before reading it (a CSV's
    lines, a parquet file's metadata); a spreadsheet's are told by `read_results(on_total=…)` once it
    is opened (counting them apart would read the whole sheet twice)."""
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if path.suffix.lower() == ".csv":
            with path.open("rb") as fh:
                return max(0, sum(1 for _ in fh) - 1)
    except Exception:
        return None
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in EMPTY


def _decimal(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"« {value} » n'est pas un nombre")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet reader gives 140.0 for the 140 a person typed
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"« {str(value)[:40]} » n'est pas un nombre") from None
    if not number.is_finite():
        raise ValueError(f"{value} n'est pas un nombre fini")
    return number


def _score(value: Any) -> float:
    """A published score (1 to 4) as a float, NaN when blank: the 141 score columns of each row read
    without building a Decimal (the same values and messages as `_decimal`, ten times faster)."""
    if value is None:
        return math.nan
    if isinstance(value, float) and not isinstance(value, bool):
        if math.isnan(value):
            return math.nan
        number = value
    else:
        text = str(value).strip()
        if text in EMPTY:
            return math.nan
        if isinstance(value, bool):
            raise ValueError(f"« {value} » n'est pas un nombre")
        try:
            number = float(Decimal(text.replace(",", ".").replace("\u202f", "").replace(" ", "")))
        except InvalidOperation:
            raise ValueError(f"« {text[:40]} » n'est pas un nombre") from None
    if not math.isfinite(number):
        raise ValueError(f"{value} n'est pas un nombre fini")
    if not 1 <= number <= 4:
        shown = int(number) if number.is_integer() else Decimal(str(value).strip().replace(",", "."))
        raise ValueError(f"cotation {shown} hors de 1–4")
    return number


def _count(value: Any) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0 or number > 10_000:
        raise ValueError(f"{value} n'est pas un nombre entier positif")
    return int(number)


def _date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()[:10]
    try:
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def _flag(value: Any) -> bool | None:
    if _blank(value):
        return None
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"« {str(value)[:40]} » n'est ni oui ni non (1/0, oui/non, vrai/faux)")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _sector(value: Any) -> str:
    text = _fold(str(value or "")).strip()
    if "medico" in text:
        return "medico_social"
    return "social" if text == "social" else ""


def _structure(value: Any) -> str:
    text = _fold(str(value or "")).strip()
    if text.startswith("etablissement"):
        return "etablissement"
    return "service" if text.startswith("service") else ""


MAX_FIELD = 500  # characters: the longest real value is an evaluating body's or a region's name


def _text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Shared(dict[str, str]):
    """One string object per distinct region, label, body…: 21,000 rows repeat a few hundred."""

    def __missing__(self, key: str) -> str:
        self[key] = key
        return key


def read_results(
    path: Path | str,
    progress: Callable[[int], None] | None = None,
    *,
    limits: Limits = OPERATOR,
    on_total: Callable[[int], None] | None = None,
) -> list[Row]:
    """Read and check the whole file; raise ProblemsFound (line and column named) if anything is
    wrong. `progress(rows read)` is called every PROGRESS_EVERY rows."""
    path = Path(path)
    problems = ProblemList(path.name)
    if not path.exists():
        problems.add("fichier introuvable")
        problems.raise_if_any()
    source = _Source(path, problems, limits)
    try:
        header = source.open()
        if on_total is not None and source.total is not None:
            on_total(source.total)
        if header is None:
            if not problems.items:
                problems.add("fichier vide")
            problems.raise_if_any()
        return _read(source, header or [], problems, progress)
    finally:
        source.close()


def _read(
    source: _Source, header: list[str], problems: ProblemList, progress: Callable[[int], None] | None
) -> list[Row]:
    position = {str(name).strip().lower(): i for i, name in enumerate(header) if name is not None}
    missing = [c for c in REQUIRED if c.lower() not in position]
    if missing:
        shown = ", ".join(missing[:40]) + (f" et {len(missing) - 40} autres" if len(missing) > 40 else "")
        problems.add(
            f"{len(missing)} colonne{'s' if len(missing) > 1 else ''} manquante{'s' if len(missing) > 1 else ''} : "
            f"{shown} (fichier open_data_par_essms de la HAS attendu)",
            where="ligne 1",
        )
        problems.raise_if_any()
    wanted = [c for c in (*REQUIRED, *OPTIONAL) if c.lower() in position]
    at = {c: i for i, c in enumerate(wanted)}
    has_flags = all(column.lower() in position for _, column in C.PUBLIC_FLAGS)
    has_counts = all(column.lower() in position for column in C.CRITERIA_COUNTS)
    shared = _Shared()
    found: list[Row] = []
    read = 0
    for number, values in source.rows([position[c.lower()] for c in wanted]):
        read += 1
        if progress and read % PROGRESS_EVERY == 0:
            progress(read)
        if read > MAX_ROWS:
            problems.add(f"plus de {MAX_ROWS} lignes", where=f"ligne {number}")
            break
        row = _row(number, values, at, problems, shared, has_flags=has_flags, has_counts=has_counts)
        if row is not None:
            found.append(row)
    if progress and read % PROGRESS_EVERY:
        progress(read)
    if read == 0 and not problems.items:
        problems.add("fichier vide : aucune ligne de résultats sous l'en-tête")
    problems.raise_if_any()
    return found


def _row(
    number: int,
    values: list[Any],
    at: dict[str, int],
    problems: ProblemList,
    shared: _Shared,
    *,
    has_flags: bool,
    has_counts: bool,
) -> Row | None:
    where = f"ligne {number}"

    def get(column: str) -> Any:
        i = at.get(column)
        return None if i is None else values[i]

    for column, i in at.items():
        value = values[i]
        if isinstance(value, bytes | bytearray) or (isinstance(value, str) and len(value) > MAX_FIELD):
            problems.add(f"valeur binaire ou de plus de {MAX_FIELD} caractères", where=where, field=column)
            return None
    finess = _text(get("finess_geo")).zfill(9)
    if not finess.strip("0") or len(finess) != 9 or not finess.isalnum():
        problems.add("numéro FINESS manquant ou invalide", where=where, field="finess_geo")
        return None
    category = _text(get("essms_categ_finess_code"))
    if not category or len(category) > 4:
        problems.add("catégorie FINESS manquante ou invalide", where=where, field="essms_categ_finess_code")
        return None
    column = ""
    try:
        column = "moy_objectifs_100"
        mean = _decimal(get(column))
        if mean is not None and not Decimal(0) <= mean <= Decimal(100):
            raise ValueError(f"moyenne {mean} hors de 0–100")
        column = "eval_date_fin"
        end = _date(get(column))
        column = "eval_date_debut"
        start = _date(get(column))
        counts = {}
        for column in ("nb_ci", "nb_ci_sup_3_5", "nb_ci_atteints"):
            counts[column] = _count(get(column))
        column = "taux_ci_sup_3_5"
        rate = _decimal(get(column))
        if rate is not None and not Decimal(0) <= rate <= Decimal(100):
            raise ValueError(f"taux {rate} hors de 0–100")
        scores = array("d")
        for _, _, column in C.SCORES:
            scores.append(_score(get(column)))
        criteria_counts = None
        if has_counts:
            criteria_counts = array("h")
            for column in C.CRITERIA_COUNTS:
                n = _count(get(column))
                criteria_counts.append(-1 if n is None else min(n, 999))
        publics: tuple[str, ...] | None = None
        if has_flags:
            chosen = []
            for code, column in C.PUBLIC_FLAGS:
                if _flag(get(column)):
                    chosen.append(code)
            publics = tuple(chosen)
        column = "multi_essms"
        multi = _flag(get(column))
    except (InvalidOperation, ValueError) as exc:
        problems.add(f"valeur illisible : {exc}"[:200], where=where, field=column)
        return None
    letter = _text(get("indice_qualite")).upper()
    if letter and letter not in {"A", "B", "C", "D"}:
        problems.add(f"lettre « {letter[:10]} » inconnue (A, B, C ou D)", where=where, field="indice_qualite")
        return None
    imperatives = read_imperatives(
        nb_ci=counts["nb_ci"],
        nb_ci_sup_3_5=counts["nb_ci_sup_3_5"],
        taux_ci_sup_3_5=rate,
        nb_ci_atteints=counts["nb_ci_atteints"],
        eval_end=end,
    )
    return Row(
        finess_geo=finess,
        category=shared[category],
        region=shared[_text(get("region_libelle"))[:100]],
        eval_end=end,
        mean_100=mean,
        imperative_rate=imperatives.rate,
        letter=letter,
        scores=scores,
        applicable_imperatives=imperatives.applicable,
        imperatives_at_threshold=imperatives.at_threshold,
        imperatives_at_four=imperatives.at_four,
        category_label=shared[_text(get("essms_categ_finess_libelle"))[:200]],
        region_code=shared[_text(get("region_code"))[:3]],
        department_code=shared[_text(get("departement_code"))[:3]],
        sector=_sector(get("essms_secteur")),
        structure_kind=_structure(get("essms_type_structure")),
        publics=publics,
        eval_code=_text(get("eval_code"))[:40],
        eval_start=start,
        multi_essms=multi,
        evaluating_body=shared[_text(get("oe_nom"))[:200]],
        accreditation=shared[_text(get("oe_numero_accreditation"))[:40]],
        criteria_counts=criteria_counts,
    )
