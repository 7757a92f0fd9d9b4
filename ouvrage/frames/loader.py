"""Read a frame version from its data files (format documented in docs/frame-format.md).

A folder holds `frame.toml` (the frame, its version, chapters, themes, expected counts),
`objectives.csv`, `criteria.csv` and `elements.csv`. Every problem is collected with its file,
line and field; if there is one, the whole folder is refused (`ProblemsFound`). Plain Python.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ouvrage.campaigns.scoring import CONDITION_KEYS, Rounding
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
    Source,
    Target,
    ThemeSpec,
    placeholder_element,
)

FORMAT_VERSION = 1
FILES = ("frame.toml", "objectives.csv", "criteria.csv", "elements.csv")
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
}

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


class _Reader:
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


def _read_csv(folder: Path, name: str, problems: ProblemList) -> Iterator[tuple[int, dict[str, str]]]:
    path = folder / name
    if not path.exists():
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
    )


def _read_toml(folder: Path, problems: ProblemList) -> dict[str, Any]:
    path = folder / "frame.toml"
    if not path.exists():
        problems.add("fichier manquant", file="frame.toml")
        return {}
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.add(f"fichier TOML illisible : {exc}", file="frame.toml")
        return {}


def _toml_str(
    problems: ProblemList, table: dict[str, Any], key: str, where: str, required: bool = True
) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        problems.add("texte attendu", where=where, field=key, file="frame.toml")
        return ""
    if required and not value.strip():
        problems.add("valeur obligatoire manquante", where=where, field=key, file="frame.toml")
    return value.strip()


def _toml_tables(
    problems: ProblemList, doc: dict[str, Any], key: str, noun: str, seen: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(where, table, code) of each `[[key]]` table, reporting non-tables and duplicate codes."""
    for i, raw in enumerate(doc.get(key, []) or [], start=1):
        where = f"[[{key}]] n° {i}"
        if not isinstance(raw, dict):
            problems.add("table attendue", where=where, file="frame.toml")
            continue
        code = _toml_str(problems, raw, "code", where)
        if code in seen:
            problems.add(f"{noun} « {code} » en double", where=where, field="code", file="frame.toml")
        yield where, raw, code


def _read_scoring(problems: ProblemList, doc: dict[str, Any]) -> dict[str, Any]:
    """Check the optional `[scoring]` table: rounding rule and quality-scale data."""
    scoring = doc.get("scoring") or {}
    if not isinstance(scoring, dict):
        problems.add("table attendue", where="[scoring]", file="frame.toml")
        return {}
    rounding = scoring.get("rounding", Rounding.TWO_DECIMALS.value)
    if rounding not in {r.value for r in Rounding}:
        problems.add(
            f"règle « {rounding} » inconnue (attendu : {', '.join(r.value for r in Rounding)})",
            where="[scoring]",
            field="rounding",
            file="frame.toml",
        )
    scale = scoring.get("quality_scale") or {}
    where = "[scoring.quality_scale]"
    for key in ("special_weight", "imperative_threshold"):
        if key in scale and not isinstance(scale[key], int | float):
            problems.add("nombre attendu", where=where, field=key, file="frame.toml")
    if isinstance(scale.get("special_weight"), int | float) and not 0 <= scale["special_weight"] <= 1:
        problems.add("poids entre 0 et 1 attendu", where=where, field="special_weight", file="frame.toml")
    for i, rule in enumerate(scale.get("letters", []) or [], start=1):
        place = f"[[scoring.quality_scale.letters]] n° {i}"
        if not isinstance(rule, dict) or not str(rule.get("letter", "")).strip():
            problems.add("lettre manquante", where=place, field="letter", file="frame.toml")
            continue
        for condition in rule.get("when", [{}]):
            for key, value in condition.items() if isinstance(condition, dict) else [("when", None)]:
                if key not in CONDITION_KEYS:
                    problems.add(
                        f"condition « {key} » inconnue (attendu : {', '.join(CONDITION_KEYS)})",
                        where=place,
                        field="when",
                        file="frame.toml",
                    )
                elif not isinstance(value, int | float):
                    problems.add(
                        f"nombre attendu pour « {key} »", where=place, field="when", file="frame.toml"
                    )
    answer_style = scoring.get("answer_style", "cotation")
    if answer_style not in {"cotation", "evaluative"}:
        problems.add(
            f"« {answer_style} » inconnu (attendu : « cotation » ou « evaluative »)",
            where="[scoring]",
            field="answer_style",
            file="frame.toml",
        )
    judgement_scale = scoring.get("judgement_scale", [])
    if not isinstance(judgement_scale, list) or not all(
        isinstance(x, str) and x.strip() for x in judgement_scale
    ):
        problems.add(
            "liste de libellés attendue", where="[scoring]", field="judgement_scale", file="frame.toml"
        )
        judgement_scale = []
    return {
        "rounding": rounding,
        "quality_scale": scale,
        "answer_style": answer_style,
        "judgement_scale": judgement_scale,
    }


def load_frame(folder: Path | str) -> FrameSpec:
    """Read and check a frame version folder; raise `ProblemsFound` listing every problem."""
    folder = Path(folder)
    problems = ProblemList(str(folder))
    if not folder.is_dir():
        problems.add("dossier introuvable", file=str(folder))
        problems.raise_if_any()

    doc = _read_toml(folder, problems)
    frame = doc.get("frame", {}) if isinstance(doc.get("frame"), dict) else {}
    version = doc.get("version", {}) if isinstance(doc.get("version"), dict) else {}
    if doc:
        if doc.get("format") != FORMAT_VERSION:
            problems.add(
                f"format « {doc.get('format')} » non pris en charge (attendu : {FORMAT_VERSION})",
                field="format",
                file="frame.toml",
            )
        for table in ("frame", "version"):
            if not isinstance(doc.get(table), dict):
                problems.add("table obligatoire manquante", where=f"[{table}]", file="frame.toml")
    slug = _toml_str(problems, frame, "slug", "[frame]") if frame else ""
    if slug and not SLUG_RE.match(slug):
        problems.add(
            f"identifiant « {slug} » invalide (minuscules, chiffres et tirets, 64 au plus)",
            where="[frame]",
            field="slug",
            file="frame.toml",
        )
    published_on = version.get("published_on")
    if published_on is not None and not isinstance(published_on, date):
        problems.add("date attendue (AAAA-MM-JJ)", where="[version]", field="published_on", file="frame.toml")
        published_on = None

    chapters: dict[str, ChapterSpec] = {}
    for where, raw, code in _toml_tables(problems, doc, "chapters", "chapitre", chapters):
        method_raw = str(raw.get("method", "")).strip().lower()
        method = METHODS.get(method_raw) if method_raw else None
        if method_raw and method is None:
            problems.add(
                f"méthode « {method_raw} » inconnue (attendu : {_choices(METHODS)})",
                where=where,
                field="method",
                file="frame.toml",
            )
        chapter_targets: list[Target] = []
        for t in raw.get("targets", []) or []:
            try:
                chapter_targets.append(Target(str(t)))
            except ValueError:
                problems.add(f"cible « {t} » inconnue", where=where, field="targets", file="frame.toml")
        chapters[code] = ChapterSpec(
            code, _toml_str(problems, raw, "title", where), method, tuple(chapter_targets)
        )
    if doc and not chapters:
        problems.add("au moins un chapitre attendu", where="[[chapters]]", file="frame.toml")

    themes: dict[str, ThemeSpec] = {}
    for where, raw, code in _toml_tables(problems, doc, "themes", "thématique", themes):
        themes[code] = ThemeSpec(code, _toml_str(problems, raw, "title", where))

    objectives: dict[str, ObjectiveSpec] = {}
    r = _Reader(problems, "objectives.csv")
    for r.line, row in _read_csv(folder, "objectives.csv", problems):
        code = r.code(row, "code")
        chapter = r.required(row, "chapter")
        if chapter and chapter not in chapters:
            r.add("chapter", f"chapitre « {chapter} » absent de frame.toml")
        theme = (row.get("theme") or "").strip() or None
        if theme and theme not in themes:
            r.add("theme", f"thématique « {theme} » absente de frame.toml")
        if code in objectives:
            r.add("code", f"objectif « {code} » en double")
        objectives[code] = ObjectiveSpec(
            code,
            chapter,
            theme,
            (row.get("title") or "").strip(),
            _source(row, "title_"),
            _source(row, "theme_"),
        )

    elements_by_criterion: dict[str, list[ElementSpec]] = defaultdict(list)
    element_lines: dict[str, int] = {}
    r = _Reader(problems, "elements.csv")
    for r.line, row in _read_csv(folder, "elements.csv", problems):
        criterion = r.required(row, "criterion")
        text = r.required(row, "text")
        rank_raw = r.required(row, "rank")
        rank = 0
        if rank_raw:
            if rank_raw.isdigit() and int(rank_raw) > 0:
                rank = int(rank_raw)
            else:
                r.add("rank", f"« {rank_raw} » n'est pas un rang (entier positif attendu)")
        if rank and any(e.rank == rank for e in elements_by_criterion[criterion]):
            r.add("rank", f"rang {rank} en double pour le critère « {criterion} »")
        targets = r.targets(row, "target")
        if len(targets) > 1:
            r.add("target", "une seule cible par élément")
        elements_by_criterion[criterion].append(
            ElementSpec(rank, text, targets[0] if targets else None, _source(row))
        )
        element_lines.setdefault(criterion, r.line)

    criteria: dict[str, CriterionSpec] = {}
    r = _Reader(problems, "criteria.csv")
    for r.line, row in _read_csv(folder, "criteria.csv", problems):
        code = r.code(row, "code")
        objective = r.required(row, "objective")
        if objective and objective not in objectives:
            r.add("objective", f"objectif « {objective} » absent de objectives.csv")
        title = r.required(row, "title")
        title_complete = r.choice(row, "title_complete", YES)
        imperative = r.choice(row, "imperative", YES)
        scope = Scope(
            r.choice(row, "sector_scope", SECTOR_SCOPES, SectorScope.ALL),
            r.choice(row, "structure_scope", STRUCTURE_SCOPES, StructureScope.ALL),
            r.publics(row, "publics"),
        )
        method_raw = (row.get("method") or "").strip()
        method = r.choice(row, "method", METHODS) if method_raw else None
        targets = r.targets(row, "targets")
        if not targets and objective in objectives and objectives[objective].chapter in chapters:
            targets = chapters[objectives[objective].chapter].targets
        if code in criteria:
            r.add("code", f"critère « {code} » en double")
        elements = sorted(elements_by_criterion.get(code, []), key=lambda e: e.rank)
        criteria[code] = CriterionSpec(
            code=code,
            objective=objective,
            title=title,
            title_complete=bool(title_complete),
            imperative=bool(imperative),
            scope=scope,
            method=method,
            targets=targets,
            elements=tuple(elements) if elements else (placeholder_element(title),),
            elements_complete=bool(elements),
            source=_source(row),
            title_source=_source(row, "title_"),
            rewords=(row.get("rewords") or "").strip(),
        )
        if criteria[code].rewords and not doc.get("frame", {}).get("extends"):
            r.add(
                "rewords",
                "une reformulation n'a de sens que dans une extension (frame.toml : [frame] extends = …)",
            )
    for criterion, line in element_lines.items():
        if criterion and criterion not in criteria:
            problems.add(
                f"critère « {criterion} » absent de criteria.csv",
                where=f"ligne {line}",
                field="criterion",
                file="elements.csv",
            )

    spec = FrameSpec(
        slug=slug,
        name=_toml_str(problems, frame, "name", "[frame]") if frame else "",
        publisher=_toml_str(problems, frame, "publisher", "[frame]", required=False) if frame else "",
        description=_toml_str(problems, frame, "description", "[frame]", required=False) if frame else "",
        version=_toml_str(problems, version, "label", "[version]") if version else "",
        published_on=published_on,
        attribution=_toml_str(problems, version, "attribution", "[version]", required=False)
        if version
        else "",
        notes=_toml_str(problems, version, "notes", "[version]", required=False) if version else "",
        format_version=FORMAT_VERSION,
        chapters=tuple(chapters.values()),
        themes=tuple(themes.values()),
        objectives=tuple(objectives.values()),
        criteria=tuple(criteria.values()),
        checksum=checksum(folder),
        expectations={k: v for k, v in (doc.get("expect") or {}).items() if isinstance(v, int)},
        scoring=_read_scoring(problems, doc),
        extends=_toml_str(problems, frame, "extends", "[frame]", required=False) if frame else "",
    )
    if not problems.items:
        counts = spec.counts()
        for key, expected in spec.expectations.items():
            if key not in counts:
                problems.add(f"compte « {key} » inconnu", where="[expect]", field=key, file="frame.toml")
            elif counts[key] != expected:
                problems.add(
                    f"{expected} attendus, {counts[key]} trouvés dans les fichiers",
                    where="[expect]",
                    field=key,
                    file="frame.toml",
                )
        listed = (doc.get("expect") or {}).get("imperative_codes")
        if isinstance(listed, list) and sorted(listed) != sorted(spec.imperative_codes):
            wanted, found = set(listed), set(spec.imperative_codes)
            problems.add(
                "la liste des impératifs ne correspond pas : "
                f"manquants {sorted(wanted - found) or 'aucun'}, en trop {sorted(found - wanted) or 'aucun'}",
                where="[expect]",
                field="imperative_codes",
                file="frame.toml",
            )
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
