"""Read a frame version from its data files (format documented in docs/frame-format.md).

A folder holds `frame.toml` (the frame, its version, chapters, themes, scoring rules, expected
counts), `objectives.csv`, `criteria.csv` and `elements.csv`. One reader per file; each collects its
problems with file, line and field, and if there is one the whole folder is refused
(`ProblemsFound`). Plain Python.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ouvrage.core.problems import ProblemList, ProblemsFound
from ouvrage.establishments.profile import Public
from ouvrage.frames.applicability import Scope, SectorScope, StructureScope
from ouvrage.frames.domain import (
    METHOD_LABELS,
    ChapterSpec,
    CriterionSpec,
    ElementSpec,
    FrameSpec,
    ObjectiveSpec,
    ProofKind,
    ProofSpec,
    ReferenceSpec,
    Source,
    Target,
    ThemeSpec,
    placeholder_element,
)
from ouvrage.frames.scoring import CONDITION_KEYS, AnswerStyle, Rounding, ScoringRules, scale_from_data

FORMAT_VERSION = 1
FILES = ("frame.toml", "objectives.csv", "criteria.csv", "elements.csv", "proofs.csv", "references.csv")
OPTIONAL_FILES = ("proofs.csv", "references.csv")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

COLUMNS = {
    "objectives.csv": ("code", "chapter", "theme", "title"),
    "criteria.csv": (
        "code",
        "objective",
        "title",
        "title_complete",
        "imperative",
        "sector_scope",
        "structure_scope",
        "publics",
        "method",
    ),
    "elements.csv": ("criterion", "rank", "text"),
    "proofs.csv": ("criterion", "rank", "kind", "text"),
    "references.csv": ("criterion", "rank", "section", "text"),
}
PROOF_KINDS = {k.value: k for k in ProofKind} | {k.label.lower(): k for k in ProofKind}

YES = {"oui": True, "non": False}
SECTOR_SCOPES = {
    "tous essms": SectorScope.ALL,
    "médico-social": SectorScope.MEDICO_SOCIAL,
    "social": SectorScope.SOCIAL,
}
STRUCTURE_SCOPES = {
    "toutes structures": StructureScope.ALL,
    "établissement": StructureScope.ETABLISSEMENT,
    "etablissement": StructureScope.ETABLISSEMENT,
    "service": StructureScope.SERVICE,
}
METHODS = {label.lower(): method for method, label in METHOD_LABELS.items()}


def _choices(values: dict[str, Any]) -> str:
    return ", ".join(f"« {v} »" for v in values)


# ---------------------------------------------------------------- cells of CSV rows


class _Cells:
    """Parses cells of one CSV row and records problems with file, line and field."""

    def __init__(self, problems: ProblemList, file: str):
        self.problems = problems
        self.file = file
        self.line = 0

    def add(self, field: str, message: str) -> None:
        self.problems.add(message, where=f"ligne {self.line}", field=field, file=self.file)

    def required(self, row: dict[str, str], field: str) -> str:
        value = (row.get(field) or "").strip()
        if not value:
            self.add(field, "valeur obligatoire manquante")
        return value

    def code(self, row: dict[str, str], field: str) -> str:
        value = self.required(row, field)
        if value and not CODE_RE.match(value):
            self.add(
                field, f"code « {value} » invalide (lettres, chiffres, « . », « - » ou « _ », 32 au plus)"
            )
        return value

    def choice(self, row: dict[str, str], field: str, choices: dict[str, Any], default: Any = None) -> Any:
        raw = (row.get(field) or "").strip()
        if not raw and default is not None:
            return default
        value = choices.get(raw.lower())
        if value is None:
            self.add(field, f"valeur « {raw} » inconnue (attendu : {_choices(choices)})")
        return value

    def publics(self, row: dict[str, str], field: str) -> frozenset[Public]:
        raw = (row.get(field) or "").strip()
        if not raw or raw.lower() == "tous publics":
            return frozenset()
        found: set[Public] = set()
        for part in raw.split("/"):
            try:
                found.add(Public(part.strip()))
            except ValueError:
                known = "/".join(p.value for p in Public)
                self.add(field, f"public « {part.strip()} » inconnu (attendu : « Tous publics » ou {known})")
        return frozenset(found)

    def targets(self, row: dict[str, str], field: str) -> tuple[Target, ...]:
        raw = (row.get(field) or "").strip()
        found: list[Target] = []
        for part in filter(None, (p.strip() for p in raw.split("/"))):
            try:
                found.append(Target(part.lower()))
            except ValueError:
                self.add(field, f"cible « {part} » inconnue (attendu : {'/'.join(t.value for t in Target)})")
        return tuple(found)


def _rows(folder: Path, name: str, problems: ProblemList) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file whose header has the expected columns; blank rows skipped."""
    path = folder / name
    if not path.exists():
        if name not in OPTIONAL_FILES:
            problems.add("fichier manquant", file=name)
        return
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(f"le fichier n'est pas en UTF-8 (octet {exc.start})", file=name)
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS[name] if c not in header]
    if missing:
        problems.add(
            f"colonnes manquantes : {', '.join(missing)} (en-tête lu : {', '.join(header) or 'vide'})",
            where="ligne 1",
            file=name,
        )
        return
    try:
        for row in reader:
            if None in row:
                problems.add(
                    "plus de cellules que de colonnes dans l'en-tête",
                    where=f"ligne {reader.line_num}",
                    file=name,
                )
                continue
            if not any((v or "").strip() for v in row.values()):
                continue
            yield reader.line_num, row
    except csv.Error as exc:
        problems.add(f"CSV illisible : {exc}", where=f"ligne {reader.line_num}", file=name)


def _source(row: dict[str, str], prefix: str = "") -> Source:
    return Source(
        url=(row.get(f"{prefix}source_url") or "").strip(),
        confidence=(row.get(f"{prefix}confidence") or "").strip(),
        page=(row.get(f"{prefix}page") or "").strip(),
    )


def _either(first: Source, second: Source) -> Source:
    return first if first != Source() else second


# ---------------------------------------------------------------- frame.toml


class _Toml:
    """Reads the tables of frame.toml, recording problems with the table's place."""

    def __init__(self, problems: ProblemList):
        self.problems = problems

    def add(self, message: str, where: str = "", field: str = "") -> None:
        self.problems.add(message, where=where, field=field, file="frame.toml")

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.add("texte attendu", where, key)
            return ""
        if required and not value.strip():
            self.add("valeur obligatoire manquante", where, key)
        return value.strip()

    def tables(
        self, doc: dict[str, Any], key: str, noun: str, seen: dict[str, Any]
    ) -> Iterator[tuple[str, dict[str, Any], str]]:
        """(where, table, code) of each `[[key]]` table, reporting non-tables and duplicate codes."""
        for i, raw in enumerate(doc.get(key, []) or [], start=1):
            where = f"[[{key}]] n° {i}"
            if not isinstance(raw, dict):
                self.add("table attendue", where)
                continue
            code = self.text(raw, "code", where)
            if code in seen:
                self.add(f"{noun} « {code} » en double", where, "code")
            yield where, raw, code


@dataclass
class _Header:
    """What frame.toml says besides the scoring rules."""

    slug: str = ""
    name: str = ""
    publisher: str = ""
    description: str = ""
    extends: str = ""
    mandatory: bool = False
    version: str = ""
    published_on: date | None = None
    attribution: str = ""
    notes: str = ""
    source_title: str = ""
    source_note: str = ""


def _read_document(folder: Path, problems: ProblemList) -> dict[str, Any]:
    path = folder / "frame.toml"
    if not path.exists():
        problems.add("fichier manquant", file="frame.toml")
        return {}
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.add(f"fichier TOML illisible : {exc}", file="frame.toml")
        return {}


def read_header(doc: dict[str, Any], problems: ProblemList) -> _Header:
    """[frame] and [version] of frame.toml."""
    toml = _Toml(problems)
    if not doc:
        return _Header()
    if doc.get("format") != FORMAT_VERSION:
        toml.add(
            f"format « {doc.get('format')} » non pris en charge (attendu : {FORMAT_VERSION})", field="format"
        )
    for table in ("frame", "version"):
        if not isinstance(doc.get(table), dict):
            toml.add("table obligatoire manquante", f"[{table}]")
    frame = doc["frame"] if isinstance(doc.get("frame"), dict) else {}
    version = doc["version"] if isinstance(doc.get("version"), dict) else {}
    header = _Header()
    if frame:
        header.slug = toml.text(frame, "slug", "[frame]")
        if header.slug and not SLUG_RE.match(header.slug):
            toml.add(
                f"identifiant « {header.slug} » invalide (minuscules, chiffres et tirets, 64 au plus)",
                "[frame]",
                "slug",
            )
        header.name = toml.text(frame, "name", "[frame]")
        header.publisher = toml.text(frame, "publisher", "[frame]", required=False)
        header.description = toml.text(frame, "description", "[frame]", required=False)
        header.extends = toml.text(frame, "extends", "[frame]", required=False)
        mandatory = frame.get("mandatory", False)
        if not isinstance(mandatory, bool):
            toml.add("« true » ou « false » attendu", "[frame]", "mandatory")
        header.mandatory = mandatory is True
    if version:
        header.version = toml.text(version, "label", "[version]")
        header.attribution = toml.text(version, "attribution", "[version]", required=False)
        header.notes = toml.text(version, "notes", "[version]", required=False)
        header.source_title = toml.text(version, "source", "[version]", required=False)
        header.source_note = toml.text(version, "source_note", "[version]", required=False)
        published_on = version.get("published_on")
        if published_on is not None and not isinstance(published_on, date):
            toml.add("date attendue (AAAA-MM-JJ)", "[version]", "published_on")
        elif published_on is not None:
            header.published_on = published_on
    return header


def read_chapters(doc: dict[str, Any], problems: ProblemList) -> dict[str, ChapterSpec]:
    toml = _Toml(problems)
    chapters: dict[str, ChapterSpec] = {}
    for where, raw, code in toml.tables(doc, "chapters", "chapitre", chapters):
        method_raw = str(raw.get("method", "")).strip().lower()
        method = METHODS.get(method_raw) if method_raw else None
        if method_raw and method is None:
            toml.add(f"méthode « {method_raw} » inconnue (attendu : {_choices(METHODS)})", where, "method")
        targets: list[Target] = []
        for t in raw.get("targets", []) or []:
            try:
                targets.append(Target(str(t)))
            except ValueError:
                toml.add(f"cible « {t} » inconnue", where, "targets")
        chapters[code] = ChapterSpec(code, toml.text(raw, "title", where), method, tuple(targets))
    if doc and not chapters:
        toml.add("au moins un chapitre attendu", "[[chapters]]")
    return chapters


def read_themes(doc: dict[str, Any], problems: ProblemList) -> dict[str, ThemeSpec]:
    toml = _Toml(problems)
    themes: dict[str, ThemeSpec] = {}
    for where, raw, code in toml.tables(doc, "themes", "thématique", themes):
        themes[code] = ThemeSpec(code, toml.text(raw, "title", where))
    return themes


def read_scoring(doc: dict[str, Any], problems: ProblemList) -> ScoringRules:
    """The optional `[scoring]` table: rounding rule, answer style, judgement scale, quality scale."""
    toml = _Toml(problems)
    scoring = doc.get("scoring") or {}
    if not isinstance(scoring, dict):
        toml.add("table attendue", "[scoring]")
        return ScoringRules()
    rounding = scoring.get("rounding", Rounding.TWO_DECIMALS.value)
    if rounding not in {r.value for r in Rounding}:
        toml.add(
            f"règle « {rounding} » inconnue (attendu : {', '.join(r.value for r in Rounding)})",
            "[scoring]",
            "rounding",
        )
        rounding = Rounding.TWO_DECIMALS.value
    answer_style = scoring.get("answer_style", AnswerStyle.COTATION.value)
    if answer_style not in {s.value for s in AnswerStyle}:
        toml.add(
            f"« {answer_style} » inconnu (attendu : « cotation » ou « evaluative »)",
            "[scoring]",
            "answer_style",
        )
        answer_style = AnswerStyle.COTATION.value
    judgement_scale = scoring.get("judgement_scale", [])
    if not isinstance(judgement_scale, list) or not all(
        isinstance(x, str) and x.strip() for x in judgement_scale
    ):
        toml.add("liste de libellés attendue", "[scoring]", "judgement_scale")
        judgement_scale = []
    scale = scoring.get("quality_scale") or {}
    scale_ok = _check_quality_scale(scale, toml)
    return ScoringRules(
        rounding=Rounding(rounding),
        answer_style=AnswerStyle(answer_style),
        judgement_scale=tuple(judgement_scale),
        quality_scale=scale_from_data(scale) if scale and scale_ok else None,
    )


def _check_quality_scale(scale: Any, toml: _Toml) -> bool:
    where = "[scoring.quality_scale]"
    if not isinstance(scale, dict):
        toml.add("table attendue", where)
        return False
    before = len(toml.problems.items)
    for key in ("special_weight", "imperative_threshold"):
        if key in scale and not isinstance(scale[key], int | float):
            toml.add("nombre attendu", where, key)
    if isinstance(scale.get("special_weight"), int | float) and not 0 <= scale["special_weight"] <= 1:
        toml.add("poids entre 0 et 1 attendu", where, "special_weight")
    for i, rule in enumerate(scale.get("letters", []) or [], start=1):
        place = f"[[scoring.quality_scale.letters]] n° {i}"
        if not isinstance(rule, dict) or not str(rule.get("letter", "")).strip():
            toml.add("lettre manquante", place, "letter")
            continue
        for condition in rule.get("when", [{}]):
            for key, value in condition.items() if isinstance(condition, dict) else [("when", None)]:
                if key not in CONDITION_KEYS:
                    toml.add(
                        f"condition « {key} » inconnue (attendu : {', '.join(CONDITION_KEYS)})", place, "when"
                    )
                elif not isinstance(value, int | float):
                    toml.add(f"nombre attendu pour « {key} »", place, "when")
    return len(toml.problems.items) == before


# ---------------------------------------------------------------- the CSV files


def read_objectives(
    folder: Path, problems: ProblemList, chapters: dict[str, ChapterSpec], themes: dict[str, ThemeSpec]
) -> dict[str, ObjectiveSpec]:
    objectives: dict[str, ObjectiveSpec] = {}
    cells = _Cells(problems, "objectives.csv")
    for cells.line, row in _rows(folder, "objectives.csv", problems):
        code = cells.code(row, "code")
        chapter = cells.required(row, "chapter")
        if chapter and chapter not in chapters:
            cells.add("chapter", f"chapitre « {chapter} » absent de frame.toml")
        theme = (row.get("theme") or "").strip() or None
        if theme and theme not in themes:
            cells.add("theme", f"thématique « {theme} » absente de frame.toml")
        if code in objectives:
            cells.add("code", f"objectif « {code} » en double")
        objectives[code] = ObjectiveSpec(
            code,
            chapter,
            theme,
            (row.get("title") or "").strip(),
            _either(_source(row, "title_"), _source(row)),
            _source(row, "theme_"),
        )
    return objectives


def _rank(cells: _Cells, row: dict[str, str]) -> int:
    raw = cells.required(row, "rank")
    if raw and not (raw.isdigit() and int(raw) > 0):
        cells.add("rank", f"« {raw} » n'est pas un rang (entier positif attendu)")
        return 0
    return int(raw) if raw else 0


Item = TypeVar("Item", ElementSpec, ProofSpec, ReferenceSpec)


def _read_by_criterion(
    folder: Path, problems: ProblemList, name: str, make: Callable[[_Cells, dict[str, str], int], Item | None]
) -> tuple[dict[str, list[Item]], dict[str, int]]:
    """Rows of a per-criterion file (elements, proofs, references) by criterion code, each checked for
    its rank (positive, once per criterion), and the first line of each criterion (to name unknown
    codes). `make` reads the rest of the row (None: a problem was recorded)."""
    found: dict[str, list[Item]] = defaultdict(list)
    lines: dict[str, int] = {}
    cells = _Cells(problems, name)
    for cells.line, row in _rows(folder, name, problems):
        criterion = cells.required(row, "criterion")
        rank = _rank(cells, row)
        if rank and any(item.rank == rank for item in found[criterion]):
            cells.add("rank", f"rang {rank} en double pour le critère « {criterion} »")
        item = make(cells, row, rank)
        if item is not None:
            found[criterion].append(item)
        lines.setdefault(criterion, cells.line)
    return found, lines


def _element(cells: _Cells, row: dict[str, str], rank: int) -> ElementSpec:
    text = cells.required(row, "text")
    targets = cells.targets(row, "target")
    if len(targets) > 1:
        cells.add("target", "une seule cible par élément")
    return ElementSpec(rank, text, targets[0] if targets else None, _source(row))


def _proof(cells: _Cells, row: dict[str, str], rank: int) -> ProofSpec | None:
    kind = cells.choice(row, "kind", PROOF_KINDS)
    text = cells.required(row, "text")
    return ProofSpec(rank, kind, text, _source(row)) if kind is not None else None


def _reference(cells: _Cells, row: dict[str, str], rank: int) -> ReferenceSpec:
    return ReferenceSpec(rank, cells.required(row, "section"), cells.required(row, "text"), _source(row))


def read_elements(folder: Path, problems: ProblemList) -> tuple[dict[str, list[ElementSpec]], dict[str, int]]:
    """Elements by criterion code, and the first line of each criterion."""
    return _read_by_criterion(folder, problems, "elements.csv", _element)


def read_proofs(folder: Path, problems: ProblemList) -> tuple[dict[str, list[ProofSpec]], dict[str, int]]:
    """What the evaluator consults, by criterion code (optional file)."""
    return _read_by_criterion(folder, problems, "proofs.csv", _proof)


def read_references(
    folder: Path, problems: ProblemList
) -> tuple[dict[str, list[ReferenceSpec]], dict[str, int]]:
    """References printed beside each criterion, by criterion code (optional file)."""
    return _read_by_criterion(folder, problems, "references.csv", _reference)


def read_criteria(
    folder: Path,
    problems: ProblemList,
    *,
    objectives: dict[str, ObjectiveSpec],
    chapters: dict[str, ChapterSpec],
    elements: dict[str, list[ElementSpec]],
    is_extension: bool,
    proofs: dict[str, list[ProofSpec]] | None = None,
    references: dict[str, list[ReferenceSpec]] | None = None,
) -> dict[str, CriterionSpec]:
    criteria: dict[str, CriterionSpec] = {}
    cells = _Cells(problems, "criteria.csv")
    for cells.line, row in _rows(folder, "criteria.csv", problems):
        code = cells.code(row, "code")
        objective = cells.required(row, "objective")
        if objective and objective not in objectives:
            cells.add("objective", f"objectif « {objective} » absent de objectives.csv")
        title = cells.required(row, "title")
        scope = Scope(
            cells.choice(row, "sector_scope", SECTOR_SCOPES, SectorScope.ALL),
            cells.choice(row, "structure_scope", STRUCTURE_SCOPES, StructureScope.ALL),
            cells.publics(row, "publics"),
        )
        method = cells.choice(row, "method", METHODS) if (row.get("method") or "").strip() else None
        targets = cells.targets(row, "targets")
        if not targets and objective in objectives and objectives[objective].chapter in chapters:
            targets = chapters[objectives[objective].chapter].targets
        if code in criteria:
            cells.add("code", f"critère « {code} » en double")
        own = sorted(elements.get(code, []), key=lambda e: e.rank)
        criteria[code] = CriterionSpec(
            code=code,
            objective=objective,
            title=title,
            title_complete=bool(cells.choice(row, "title_complete", YES)),
            imperative=bool(cells.choice(row, "imperative", YES)),
            scope=scope,
            method=method,
            targets=targets,
            elements=tuple(own) if own else (placeholder_element(title),),
            elements_complete=bool(own),
            source=_source(row),
            title_source=_source(row, "title_"),
            rewords=(row.get("rewords") or "").strip(),
            proofs=tuple(sorted((proofs or {}).get(code, []), key=lambda p: p.rank)),
            references=tuple(sorted((references or {}).get(code, []), key=lambda r: r.rank)),
        )
        if criteria[code].rewords and not is_extension:
            cells.add(
                "rewords",
                "une reformulation n'a de sens que dans une extension (frame.toml : [frame] extends = …)",
            )
    return criteria


# ---------------------------------------------------------------- the whole folder


def check_expectations(spec: FrameSpec, doc: dict[str, Any], problems: ProblemList) -> None:
    """The `[expect]` table: counts the files must satisfy, and the exact list of impératifs."""
    toml = _Toml(problems)
    counts = spec.counts()
    for key, expected in spec.expectations.items():
        if key not in counts:
            toml.add(f"compte « {key} » inconnu", "[expect]", key)
        elif counts[key] != expected:
            toml.add(f"{expected} attendus, {counts[key]} trouvés dans les fichiers", "[expect]", key)
    listed = (doc.get("expect") or {}).get("imperative_codes")
    if isinstance(listed, list) and sorted(listed) != sorted(spec.imperative_codes):
        wanted, found = set(listed), set(spec.imperative_codes)
        toml.add(
            "la liste des impératifs ne correspond pas : "
            f"manquants {sorted(wanted - found) or 'aucun'}, en trop {sorted(found - wanted) or 'aucun'}",
            "[expect]",
            "imperative_codes",
        )


def load_frame(folder: Path | str) -> FrameSpec:
    """Read and check a frame version folder; raise `ProblemsFound` listing every problem."""
    folder = Path(folder)
    problems = ProblemList(str(folder))
    if not folder.is_dir():
        problems.add("dossier introuvable", file=str(folder))
        problems.raise_if_any()
    doc = _read_document(folder, problems)
    header = read_header(doc, problems)
    chapters = read_chapters(doc, problems)
    themes = read_themes(doc, problems)
    objectives = read_objectives(folder, problems, chapters, themes)
    elements, element_lines = read_elements(folder, problems)
    proofs, proof_lines = read_proofs(folder, problems)
    references, reference_lines = read_references(folder, problems)
    criteria = read_criteria(
        folder,
        problems,
        objectives=objectives,
        chapters=chapters,
        elements=elements,
        is_extension=bool(header.extends),
        proofs=proofs,
        references=references,
    )
    for file, first_lines in (
        ("elements.csv", element_lines),
        ("proofs.csv", proof_lines),
        ("references.csv", reference_lines),
    ):
        for criterion, line in first_lines.items():
            if criterion and criterion not in criteria:
                problems.add(
                    f"critère « {criterion} » absent de criteria.csv",
                    where=f"ligne {line}",
                    field="criterion",
                    file=file,
                )
    spec = FrameSpec(
        slug=header.slug,
        name=header.name,
        publisher=header.publisher,
        description=header.description,
        version=header.version,
        published_on=header.published_on,
        attribution=header.attribution,
        notes=header.notes,
        format_version=FORMAT_VERSION,
        chapters=tuple(chapters.values()),
        themes=tuple(themes.values()),
        objectives=tuple(objectives.values()),
        criteria=tuple(criteria.values()),
        checksum=checksum(folder),
        expectations={k: v for k, v in (doc.get("expect") or {}).items() if isinstance(v, int)},
        scoring=read_scoring(doc, problems),
        extends=header.extends,
        mandatory=header.mandatory,
        source_title=header.source_title,
        source_note=header.source_note,
    )
    if not problems.items:
        check_expectations(spec, doc, problems)
    problems.raise_if_any()
    return spec


def checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def discover(root: Path | str) -> list[Path]:
    """Every frame version folder under `root` (a folder holding a frame.toml)."""
    return sorted(p.parent for p in Path(root).glob("**/frame.toml"))


__all__ = ["FORMAT_VERSION", "ProblemsFound", "discover", "load_frame"]
