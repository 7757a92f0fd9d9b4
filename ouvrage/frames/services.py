"""Writing frames: import a frame version from its files, complete it from the official spreadsheet.

Each service runs in one transaction and records who acted; a repeated import of unchanged files
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.core.problems import Problem, ProblemsFound
from ouvrage.frames.domain import FrameSpec, Source
from ouvrage.frames.models import (
    Chapter,
    Criterion,
    Element,
    Frame,
    FrameUpdate,
    FrameVersion,
    Objective,
    Proof,
    Reference,
    Theme,
)
from ouvrage.frames.update import Fate, NewElement, OldElement, code_key, plan_elements
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
    update: FrameUpdate | None = None  # what the update did to the stored elements and their grades


def _sources(**named: Source) -> dict[str, dict[str, str]]:
    return {
        k: {
            key: value
            for key, value in (("url", s.url), ("confidence", s.confidence), ("page", s.page))
            if value
        }
        for k, s in named.items()
        if s != Source()
    }


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


def update_elements(
    criteria: list[Criterion], wanted: dict[Criterion, Any], sources: Any, *, write: bool = True
) -> dict[str, Any]:
    """Make the elements of these criteria match `wanted` (criterion -> element specs) in place,
    keyed by (criterion, rank) (`update.plan_elements`): grades and cited evidence follow their
    element; nothing a grade or a piece of evidence refers to is deleted. Returns the report;
    with `write=False`, only the report (a preview)."""
    codes = {c.pk: c.code for c in criteria}
    by_code = {c.code: c for c in criteria}
    existing = {e.pk: e for e in Element.objects.filter(criterion__in=criteria)}
    uses: dict[int, dict[int, int]] = {}  # element -> campaign -> grades
    for pk, campaign, grades in (
        Element.objects.filter(pk__in=list(existing), ratings__isnull=False)
        .values_list("pk", "ratings__interview__campaign_id")
        .annotate(n=Count("ratings"))
    ):
        uses.setdefault(pk, {})[campaign] = grades
    cited = set(
        Element.objects.filter(pk__in=list(existing), evidence_uses__isnull=False).values_list(
            "pk", flat=True
        )
    )
    specs = {(c.code, e.rank): e for c, elements in wanted.items() for e in elements}
    plan = plan_elements(
        [
            OldElement(
                e.pk,
                codes[e.criterion_id],
                e.rank,
                e.text,
                e.target,
                e.placeholder,
                e.retired,
                e.pk in uses or e.pk in cited,
            )
            for e in sorted(existing.values(), key=lambda e: (e.criterion_id, e.rank))
        ],
        [
            NewElement(code, rank, e.text, e.target.value if e.target else "")
            for (code, rank), e in specs.items()
        ],
    )
    if write:
        _write_plan(plan, specs, existing, codes, by_code, sources)
    return _report(plan, uses, existing, codes)


def _write_plan(
    plan: Any,
    specs: dict[Any, Any],
    existing: dict[int, Element],
    codes: dict[int, str],
    by_code: dict[str, Criterion],
    sources: Any,
) -> None:
    changed: list[Element] = []
    for pk, fate in plan.fates.items():
        element = existing[pk]
        if fate in (Fate.RETIRED, Fate.DELETED):
            if not element.retired and fate is Fate.RETIRED:
                element.retired = True
                changed.append(element)
            continue
        spec = specs[(codes[element.criterion_id], element.rank)]
        element.text, element.target = spec.text, spec.target.value if spec.target else ""
        element.placeholder, element.retired, element.sources = spec.placeholder, False, sources(spec)
        changed.append(element)
    Element.objects.filter(pk__in=[pk for pk, f in plan.fates.items() if f is Fate.DELETED]).delete()
    Element.objects.bulk_update(changed, ["text", "target", "placeholder", "retired", "sources"])
    Element.objects.bulk_create(
        Element(
            criterion=by_code[e.criterion],
            rank=e.rank,
            text=e.text,
            target=e.target,
            placeholder=specs[(e.criterion, e.rank)].placeholder,
            sources=sources(specs[(e.criterion, e.rank)]),
        )
        for e in plan.added
    )


def _report(
    plan: Any, uses: dict[int, dict[int, int]], existing: dict[int, Element], codes: dict[int, str]
) -> dict[str, Any]:
    """What the plan does to the elements and their grades (campaign ids, filtered per organisation
    when shown)."""

    def graded(fate: Fate) -> list[dict[str, Any]]:
        return [
            {
                "criterion": codes[existing[pk].criterion_id],
                "rank": existing[pk].rank,
                "campaign": c,
                "grades": n,
            }
            for pk, f in plan.fates.items()
            if f is fate
            for c, n in sorted(uses.get(pk, {}).items())
        ]

    return {
        "elements": {fate.value: plan.count(fate) for fate in Fate} | {"added": len(plan.added)},
        "grades_carried": sum(
            sum(uses.get(pk, {}).values())
            for pk, f in plan.fates.items()
            if f in (Fate.UNCHANGED, Fate.REWORDED, Fate.RETARGETED)
        ),
        "to_review": graded(Fate.PROVISIONAL_REPLACED),
        "set_aside": graded(Fate.RETIRED),
        "set_aside_texts": {
            f"{codes[existing[pk].criterion_id]}#{existing[pk].rank}": existing[pk].text
            for pk, f in plan.fates.items()
            if f is Fate.RETIRED
        },
    }


def _sync_children(model: Any, criteria: dict[str, Criterion], wanted: dict[str, Any], fields: Any) -> None:
    """Proofs and references of the criteria, keyed by (criterion, rank): nothing refers to them but
    the links a team made (which follow the row of the same rank)."""
    _sync(
        model,
        {(o.criterion_id, o.rank): o for o in model.objects.filter(criterion__in=list(criteria.values()))},
        {
            (criteria[code].pk, item.rank): {"criterion": criteria[code], "rank": item.rank, **fields(item)}
            for code, items in wanted.items()
            for item in items
        },
        {},
    )


def _key(obj: Any) -> Any:
    return (obj.criterion_id, obj.rank) if isinstance(obj, Element | Proof | Reference) else obj.code


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
    version.source_title = spec.source_title
    version.source_note = spec.source_note
    version.format_version = spec.format_version
    version.checksum = spec.checksum
    version.scoring = spec.scoring.to_data()
    version.save()

    old_titles = dict(version.criteria.values_list("code", "title"))
    old_objectives = dict(version.objectives.values_list("code", "title"))
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
    reworded = [c.code for c in spec.criteria if c.code in old_titles and old_titles[c.code] != c.title]
    retitled = [
        o.code for o in spec.objectives if o.code in old_objectives and old_objectives[o.code] != o.title
    ]
    report = update_elements(
        list(criteria.values()),
        {criteria[c.code]: c.elements for c in spec.criteria},
        lambda e: _sources(element=e.source),
    )
    _sync_children(
        Proof,
        criteria,
        {c.code: c.proofs for c in spec.criteria},
        lambda p: {"kind": p.kind.value, "text": p.text, "sources": _sources(proof=p.source)},
    )
    _sync_children(
        Reference,
        criteria,
        {c.code: c.references for c in spec.criteria},
        lambda r: {"section": r.section, "text": r.text, "sources": _sources(reference=r.source)},
    )
    _link_rewordings(spec, version, criteria)
    update = None
    if not created:
        report["criteria_reworded"] = sorted(reworded, key=code_key)
        report["objectives_retitled"] = sorted(retitled, key=code_key)
        update = FrameUpdate.objects.create(
            version=version, actor=actor, actor_label=actor_label, report=report
        )
    record(
        action=AuditAction.FRAME_VERSION_IMPORTED if created else AuditAction.FRAME_VERSION_UPDATED,
        target=version,
        actor=actor,
        actor_label=actor_label,
        changes={"checksum": spec.checksum, "counts": spec.counts(), "elements": report["elements"]},
    )
    return ImportResult(version, created=created, unchanged=False, counts=spec.counts(), update=update)


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
    update: FrameUpdate | None = None


@transaction.atomic
def apply_completion(
    *, version: FrameVersion, completion: Completion, actor: User | None = None, actor_label: str = ""
) -> CompletionResult:
    """Complete wording and evaluation elements of `version` from an official spreadsheet."""
    criteria = {c.code: c for c in version.criteria.select_for_update()}
    titles = 0
    elements_written = 0
    source = {"url": completion.file, "confidence": "fichier importé par un administrateur"}
    for code, title in completion.titles.items():
        criterion = criteria[code]
        if criterion.title != title or not criterion.title_complete:
            criterion.title = title
            criterion.title_complete = True
            criterion.sources = {**criterion.sources, "title": source}
            criterion.save(update_fields=["title", "title_complete", "sources"])
            titles += 1
    completed = [criteria[code] for code in completion.elements]
    report = update_elements(
        completed,
        {criteria[code]: e for code, e in completion.elements.items()},
        lambda e: {"element": source},
    )
    for criterion in completed:
        elements_written += len(completion.elements[criterion.code])
        if not criterion.elements_complete:
            criterion.elements_complete = True
            criterion.save(update_fields=["elements_complete"])
    version.save(update_fields=["imported_at"])  # the rows changed: figures cached from them are stale
    report["criteria_reworded"] = sorted((c for c in completion.titles if c in criteria), key=code_key)
    report["file"] = completion.file
    update = FrameUpdate.objects.create(version=version, actor=actor, actor_label=actor_label, report=report)
    result = CompletionResult(titles, len(completion.elements), elements_written, update)
    record(
        action=AuditAction.FRAME_VERSION_COMPLETED,
        target=version,
        actor=actor,
        actor_label=actor_label,
        changes={
            "file": completion.file,
            "titles_completed": titles,
            "criteria_with_elements": len(completion.elements),
            "elements_written": elements_written,
            "unmatched_rows": len(completion.unmatched),
        },
    )
    return result
