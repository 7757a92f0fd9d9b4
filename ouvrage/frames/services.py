"""Writing frames: import a frame version from its files, complete it from the official spreadsheet.

Each service runs in one transaction and records who acted; a repeated import of unchanged files
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.core.problems import Problem, ProblemsFound
from ouvrage.frames.domain import ElementSpec, FrameSpec
from ouvrage.frames.models import Chapter, Criterion, Element, Frame, FrameVersion, Objective, Theme
from ouvrage.frames.xlsx import Completion

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.organisations.models import Organisation


@dataclass
class ImportResult:
    version: FrameVersion
    created: bool
    unchanged: bool
    counts: dict[str, int] = field(default_factory=dict)


def _sources(**named: Any) -> dict[str, dict[str, str]]:
    return {k: {"url": s.url, "confidence": s.confidence} for k, s in named.items() if s.url or s.confidence}


def _sync(
    model: Any, existing: dict[Any, Any], wanted: dict[Any, dict[str, Any]], base: dict[str, Any]
) -> dict:
    """Make `model` rows match `wanted` (key -> all field values, identifying ones included):
    update what changed, create what is new, delete the rest. Returns the rows by key."""
    to_update, to_create = [], []
    fields: set[str] = set()
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**base, **values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        for f in changed:
            setattr(obj, f, values[f])
        if changed:
            fields.update(changed)
            to_update.append(obj)
    stale = [obj.pk for key, obj in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields))
    model.objects.bulk_create(to_create)
    return {**{k: o for k, o in existing.items() if k in wanted}, **{_key(o): o for o in to_create}}


def _sync_elements(
    existing: Any, wanted: dict[Criterion, tuple[ElementSpec, ...] | list[ElementSpec]], sources: Any
) -> None:
    """Make the elements of the given criteria match `wanted`, keyed by (criterion, rank)."""
    _sync(
        Element,
        {(e.criterion_id, e.rank): e for e in existing},
        {
            (criterion.pk, e.rank): {
                "criterion": criterion,
                "rank": e.rank,
                "text": e.text,
                "target": e.target.value if e.target else "",
                "placeholder": e.placeholder,
                "sources": sources(e),
            }
            for criterion, elements in wanted.items()
            for e in elements
        },
        {},
    )


def _key(obj: Any) -> Any:
    return (obj.criterion_id, obj.rank) if isinstance(obj, Element) else obj.code


@transaction.atomic
def import_frame_version(
    *,
    spec: FrameSpec,
    actor: User | None = None,
    actor_label: str = "",
    organisation: Organisation | None = None,
) -> ImportResult:
    """Create or update the frame version described by `spec` (already checked by the loader).
    With `organisation`, the frame is that organisation's own; without, it is shared."""
    defaults = {
        "name": spec.name,
        "publisher": spec.publisher,
        "description": spec.description,
        "extends": spec.extends,
        "mandatory": spec.mandatory,
    }
    if organisation is not None:
        defaults["organisation"] = organisation
    frame, _ = Frame.objects.update_or_create(slug=spec.slug, defaults=defaults)
    version, created = FrameVersion.objects.get_or_create(frame=frame, label=spec.version)
    if not created and version.checksum == spec.checksum:
        return ImportResult(version, created=False, unchanged=True, counts=spec.counts())
    version.published_on = spec.published_on
    version.attribution = spec.attribution
    version.notes = spec.notes
    version.format_version = spec.format_version
    version.checksum = spec.checksum
    version.scoring = spec.scoring.to_data()
    version.save()

    chapters = _sync(
        Chapter,
        {c.code: c for c in version.chapters.all()},
        {
            c.code: {
                "code": c.code,
                "title": c.title,
                "method": c.method.value if c.method else "",
                "targets": [t.value for t in c.targets],
                "position": i,
            }
            for i, c in enumerate(spec.chapters)
        },
        {"version": version},
    )
    themes = _sync(
        Theme,
        {t.code: t for t in version.themes.all()},
        {t.code: {"code": t.code, "title": t.title, "position": i} for i, t in enumerate(spec.themes)},
        {"version": version},
    )
    objectives = _sync(
        Objective,
        {o.code: o for o in version.objectives.all()},
        {
            o.code: {
                "code": o.code,
                "chapter": chapters[o.chapter],
                "theme": themes[o.theme] if o.theme else None,
                "title": o.title,
                "sources": _sources(title=o.title_source, theme=o.theme_source),
                "position": i,
            }
            for i, o in enumerate(spec.objectives)
        },
        {"version": version},
    )
    criteria = _sync(
        Criterion,
        {c.code: c for c in version.criteria.all()},
        {
            c.code: {
                "code": c.code,
                "objective": objectives[c.objective],
                "title": c.title,
                "title_complete": c.title_complete,
                "imperative": c.imperative,
                "sector_scope": c.scope.sector.value,
                "structure_scope": c.scope.structure.value,
                "publics_scope": [p.value for p in sorted(c.scope.publics)],
                "method": c.method.value if c.method else "",
                "targets": [t.value for t in c.targets],
                "elements_complete": c.elements_complete,
                "sources": _sources(criterion=c.source, title=c.title_source),
                "position": i,
            }
            for i, c in enumerate(spec.criteria)
        },
        {"version": version},
    )
    _sync_elements(
        Element.objects.filter(criterion__version=version),
        {criteria[c.code]: c.elements for c in spec.criteria},
        lambda e: _sources(element=e.source),
    )
    _link_rewordings(spec, version, criteria)
    record(
        action=AuditAction.FRAME_VERSION_IMPORTED if created else AuditAction.FRAME_VERSION_UPDATED,
        target=version,
        actor=actor,
        actor_label=actor_label,
        changes={"checksum": spec.checksum, "counts": spec.counts()},
    )
    return ImportResult(version, created=created, unchanged=False, counts=spec.counts())


def _link_rewordings(spec: FrameSpec, version: FrameVersion, criteria: dict[str, Criterion]) -> None:
    """An extension's criterion that rewords an official one keeps the link to it. Unknown codes
    refuse the whole import (the transaction rolls back)."""
    reworded = {c.code: c.rewords for c in spec.criteria if c.rewords}
    if not spec.extends:
        return
    base = FrameVersion.objects.latest_of(spec.extends)
    if base is None:
        raise ProblemsFound(
            [
                Problem(
                    "frame.toml",
                    f"le cadre « {spec.extends} » que complète cette extension n'est pas chargé",
                    "[frame]",
                    "extends",
                )
            ]
        )
    official = {c.code: c for c in base.criteria.filter(code__in=reworded.values())}
    unknown = [
        Problem(
            "criteria.csv",
            f"critère officiel « {target} » introuvable dans {spec.extends}@{base.label}",
            f"critère {code}",
            "rewords",
        )
        for code, target in reworded.items()
        if target not in official
    ]
    if unknown:
        raise ProblemsFound(unknown)
    for code, criterion in criteria.items():
        target = official.get(reworded.get(code, ""))
        if criterion.rewords_id != (target.pk if target else None):
            criterion.rewords = target
            criterion.save(update_fields=["rewords"])


@dataclass
class CompletionResult:
    titles_completed: int
    criteria_with_elements: int
    elements_written: int


@transaction.atomic
def apply_completion(
    *, version: FrameVersion, completion: Completion, actor: User | None = None, actor_label: str = ""
) -> CompletionResult:
    """Complete wording and evaluation elements of `version` from an official spreadsheet."""
    criteria = {c.code: c for c in version.criteria.select_for_update()}
    titles = 0
    elements_written = 0
    source = {"url": completion.file, "confidence": "fichier officiel importé (ouvrage frames import-xlsx)"}
    for code, title in completion.titles.items():
        criterion = criteria[code]
        if criterion.title != title or not criterion.title_complete:
            criterion.title = title
            criterion.title_complete = True
            criterion.sources = {**criterion.sources, "title": source}
            criterion.save(update_fields=["title", "title_complete", "sources"])
            titles += 1
    for code, elements in completion.elements.items():
        criterion = criteria[code]
        _sync_elements(criterion.elements.all(), {criterion: elements}, lambda e: {"element": source})
        elements_written += len(elements)
        if not criterion.elements_complete:
            criterion.elements_complete = True
            criterion.save(update_fields=["elements_complete"])
    result = CompletionResult(titles, len(completion.elements), elements_written)
    record(
        action=AuditAction.FRAME_VERSION_COMPLETED,
        target=version,
        actor=actor,
        actor_label=actor_label,
        changes={"file": completion.file, **result.__dict__, "unmatched_rows": len(completion.unmatched)},
    )
    return result
