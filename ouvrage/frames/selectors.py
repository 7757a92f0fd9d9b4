"""Reading frames for the pages: what applies to an establishment, filtered, with counts.

A constant number of queries whatever the size of the frame; applicability is computed in Python
by the pure rule.
"""

from __future__ import annotations

import copy
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from ouvrage.establishments.models import Establishment
from ouvrage.frames.applicability import (
    Applicability,
    Exclusion,
    applicability,
    exclusions,
    inclusion_reasons,
)
from ouvrage.frames.domain import Method
from ouvrage.frames.models import (
    Chapter,
    Criterion,
    Element,
    FrameVersion,
    Objective,
    Proof,
    Reference,
    Theme,
)
from ouvrage.frames.scoring import AnswerStyle


def fold(text: str) -> str:
    """Lower case without accents, for searching French text."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def version_for(*, organisation: Any, pk: int) -> FrameVersion:
    try:
        return FrameVersion.objects.for_organisation(organisation).select_related("frame").get(pk=pk)
    except FrameVersion.DoesNotExist as exc:
        raise Http404("Version de cadre introuvable.") from exc


def mandatory_versions() -> list[FrameVersion]:
    """The latest version of each frame every establishment is evaluated against (the HAS référentiel;
    the frame data says so, not the code)."""
    latest: dict[int, FrameVersion] = {}
    for version in FrameVersion.objects.mandatory().select_related("frame").order_by("published_on", "id"):
        latest[version.frame_id] = version
    return list(latest.values())


def campaign_versions(organisation: Any) -> list[FrameVersion]:
    """Frame versions a campaign can evaluate: frames answered by cotation that are not extensions,
    shared or the organisation's own; mandatory frames first, then the latest versions first."""
    versions = [
        v
        for v in FrameVersion.objects.for_organisation(organisation)
        .filter(frame__extends="")
        .select_related("frame")
        .order_by("-frame__mandatory", "frame__name", "-published_on", "-id")
        if v.rules.answer_style is AnswerStyle.COTATION
    ]
    return versions


def criteria_of(version: FrameVersion) -> list[Criterion]:
    """The version's criteria in order, each with its objective (chapter and theme loaded) shared by
    the criteria it holds, and its number of elements (three queries; the sources, which the lists
    never show, are left unread); the référentiel's, once per process (`frame_rows`)."""
    rows = frame_rows(version)
    if rows is not None:
        return list(rows.criteria)
    objectives = {
        o.pk: o
        for o in version.objectives.select_related("chapter", "theme").defer("sources", "chapter__targets")
    }
    criteria = list(
        version.criteria.defer("sources")
        .annotate(element_count=Count("elements", filter=Q(elements__retired=False)))
        .order_by("position")
    )
    for criterion in criteria:
        criterion.objective = objectives[criterion.objective_id]
    return criteria


@dataclass(frozen=True)
class FrameRows:
    """A shared frame version's criteria in order (each with its objective, chapter and theme) and
    their evaluation elements (each pointing at its criterion), read once per data revision and
    process: the heavy pages (grid, results, référentiel) otherwise rebuilt about 500 model instances
    on every view. The instances are shared between requests: read them, never change or save them
    (`elements_of` copies what must differ)."""

    version_id: int
    criteria: tuple[Criterion, ...]
    elements: dict[int, tuple[Element, ...]]
    objectives: tuple[Objective, ...] = ()  # in order, each with its chapter and theme
    chapters: tuple[Chapter, ...] = ()
    themes: tuple[Theme, ...] = ()

    def elements_of(self, criteria: Iterable[Criterion]) -> dict[int, list[Element]]:
        """The elements of these criteria; an element of a criterion copied for one evaluation (its
        impératif flag fixed when it started) points at the copy."""
        found: dict[int, list[Element]] = {}
        for criterion in criteria:
            elements = self.elements.get(criterion.pk, ())
            if elements and elements[0].criterion is not criterion:
                elements = tuple(copy.copy(e) for e in elements)
                for element in elements:
                    element.criterion = criterion
            if elements:
                found[criterion.pk] = list(elements)
        return found


_ROWS: OrderedDict[tuple[int, str, str], FrameRows] = OrderedDict()
_ROWS_KEPT = 8
_ROWS_LOCK = Lock()


def frame_rows(version: FrameVersion) -> FrameRows | None:
    """The rows of a shared frame version (the HAS référentiel), kept per process until its data
    changes (every change of its rows touches `imported_at`: frames import, completion, update);
    None for an organisation's own frame, which its people edit in place. Five queries, or none."""
    if "frame" not in version._state.fields_cache or version.frame.organisation_id is not None:
        return None
    stamp = version.imported_at.isoformat() if version.imported_at else ""
    key = (version.pk, version.checksum, stamp)
    found = _ROWS.get(key)
    if found is not None:
        return found
    objectives = {
        o.pk: o
        for o in version.objectives.select_related("chapter", "theme").defer("sources", "chapter__targets")
    }
    criteria = tuple(version.criteria.defer("sources").order_by("position"))
    by_pk = {c.pk: c for c in criteria}
    for criterion in criteria:
        criterion.objective = objectives[criterion.objective_id]
    elements: dict[int, list[Element]] = defaultdict(list)
    for element in (
        Element.objects.filter(criterion__version=version, retired=False)
        .defer("sources")
        .order_by("criterion_id", "rank")
    ):
        element.criterion = by_pk[element.criterion_id]
        elements[element.criterion_id].append(element)
    found = FrameRows(
        version.pk,
        criteria,
        {pk: tuple(e) for pk, e in elements.items()},
        tuple(objectives.values()),
        tuple(version.chapters.all()),
        tuple(version.themes.all()),
    )
    for criterion in criteria:
        criterion._frame_rows = found  # type: ignore[attr-defined]  # copies keep it (rows_of)
        criterion.element_count = len(found.elements.get(criterion.pk, ()))  # type: ignore[attr-defined]
    with _ROWS_LOCK:
        _ROWS[key] = found
        while len(_ROWS) > _ROWS_KEPT:
            _ROWS.popitem(last=False)
    return found


def rows_of(criterion: Criterion) -> FrameRows | None:
    """The shared rows a criterion was read from (or copied from), None if read on its own."""
    return getattr(criterion, "_frame_rows", None)


def forget_rows() -> None:
    """Drop the frame rows this process read (tests: ids are reused after a rollback)."""
    with _ROWS_LOCK:
        _ROWS.clear()


@dataclass(frozen=True)
class Filters:
    chapter: str = ""
    theme: str = ""
    objective: str = ""
    method: str = ""
    imperative_only: bool = False
    query: str = ""
    show_excluded: bool = False

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        method = params.get("method", "")
        return cls(
            chapter=params.get("chapter", "")[:32],
            theme=params.get("theme", "")[:32],
            objective=params.get("objective", "")[:32],
            method=method if method in {m.value for m in Method} else "",
            imperative_only=params.get("imperative") == "1",
            query=params.get("q", "").strip()[:200],
            show_excluded=params.get("excluded") == "1",
        )

    @property
    def active(self) -> bool:
        return any((self.chapter, self.theme, self.objective, self.method, self.imperative_only, self.query))

    def matches(self, criterion: Criterion) -> bool:
        objective = criterion.objective
        if self.chapter and objective.chapter.code != self.chapter:
            return False
        if self.theme and (objective.theme is None or objective.theme.code != self.theme):
            return False
        if self.objective and objective.code != self.objective:
            return False
        if self.method and criterion.method != self.method:
            return False
        if self.imperative_only and not criterion.imperative:
            return False
        if self.query:
            haystack = fold(f"{criterion.code} {criterion.title} {objective.title}")
            return all(word in haystack for word in fold(self.query).split())
        return True


@dataclass
class ObjectiveGroup:
    objective: Objective
    criteria: list[Criterion] = field(default_factory=list)


@dataclass
class ChapterGroup:
    chapter: Chapter
    objectives: list[ObjectiveGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(o.criteria) for o in self.objectives)


@dataclass
class Referentiel:
    establishment: Establishment
    version: FrameVersion
    result: Applicability[Criterion]
    total: int
    total_imperatives: int
    groups: list[ChapterGroup]
    excluded: list[tuple[Criterion, tuple[Exclusion, ...]]]
    shown: int
    incomplete_titles: int
    incomplete_elements: int
    chapters: list[Chapter]
    themes: list[Theme]
    objectives: list[Objective]


def _group(criteria: list[Criterion]) -> list[ChapterGroup]:
    groups: dict[int, ChapterGroup] = {}
    for criterion in criteria:
        objective = criterion.objective
        chapter = groups.setdefault(objective.chapter_id, ChapterGroup(objective.chapter))
        if not chapter.objectives or chapter.objectives[-1].objective.pk != objective.pk:
            chapter.objectives.append(ObjectiveGroup(objective))
        chapter.objectives[-1].criteria.append(criterion)
    return list(groups.values())


def referentiel_for(*, establishment: Establishment, version: FrameVersion, filters: Filters) -> Referentiel:
    criteria = criteria_of(version)
    result = applicability(establishment.profile, criteria)
    shown = [c for c in result.applicable if filters.matches(c)]
    excluded = [(c, why) for c, why in result.excluded if filters.matches(c)] if filters.show_excluded else []
    objectives = {c.objective.pk: c.objective for c in criteria}
    return Referentiel(
        establishment=establishment,
        version=version,
        result=result,
        total=len(criteria),
        total_imperatives=sum(1 for c in criteria if c.imperative),
        groups=_group(shown),
        excluded=excluded,
        shown=len(shown),
        incomplete_titles=sum(1 for c in result.applicable if not c.title_complete),
        incomplete_elements=sum(1 for c in result.applicable if not c.elements_complete),
        chapters=list({o.chapter.pk: o.chapter for o in objectives.values()}.values()),
        themes=sorted(
            {o.theme.pk: o.theme for o in objectives.values() if o.theme}.values(), key=lambda t: t.position
        ),
        objectives=list(objectives.values()),
    )


@dataclass
class CriterionPage:
    criterion: Criterion
    applies: bool
    inclusion: tuple[str, ...]
    exclusion: tuple[Exclusion, ...]
    elements: list[Any]
    proofs: list[Proof] = field(default_factory=list)
    references: list[tuple[str, list[Reference]]] = field(default_factory=list)  # by section, printed order


def criterion_for(*, establishment: Establishment, version: FrameVersion, pk: int) -> CriterionPage:
    try:
        criterion = version.criteria.with_hierarchy().get(pk=pk)
    except Criterion.DoesNotExist as exc:
        raise Http404("Critère introuvable.") from exc
    profile = establishment.profile
    why_not = exclusions(profile, criterion.scope)
    return CriterionPage(
        criterion=criterion,
        applies=not why_not,
        inclusion=inclusion_reasons(profile, criterion.scope),
        exclusion=why_not,
        elements=list(criterion.elements.filter(retired=False)),
        proofs=list(criterion.proofs.all()),
        references=_by_section(criterion.references.all()),
    )


def _by_section(references: Any) -> list[tuple[str, list[Reference]]]:
    sections: dict[str, list[Reference]] = {}
    for reference in references:
        sections.setdefault(reference.section, []).append(reference)
    return list(sections.items())


def applicable_counts(
    establishments: list[Establishment], version: FrameVersion | None
) -> dict[int, tuple[int, int]]:
    """(applicable criteria, applicable impératifs) per establishment, with one query for the frame
    (none for the référentiel once read, `frame_rows`)."""
    if version is None:
        return {}
    rows = frame_rows(version)
    criteria = (
        list(rows.criteria)
        if rows is not None
        else list(
            version.criteria.only(
                "version_id", "code", "imperative", "sector_scope", "structure_scope", "publics_scope"
            )
        )
    )
    counts = {}
    for establishment in establishments:
        result = applicability(establishment.profile, criteria)
        counts[establishment.pk] = (len(result.applicable), result.imperative_count)
    return counts


def extensions_for(establishment: Establishment) -> list[tuple[FrameVersion, int]]:
    """Field extensions (shared or the organisation's) with the number of their criteria that apply."""
    found = []
    versions = (
        FrameVersion.objects.for_organisation(establishment.organisation)
        .exclude(frame__extends="")
        .select_related("frame")
        .prefetch_related("criteria")
    )
    for version in versions:
        count = len(applicability(establishment.profile, list(version.criteria.all())).applicable)
        found.append((version, count))
    return found


def rewordings_for(establishment: Establishment, criterion: Criterion) -> list[Criterion]:
    """How field extensions reword this official criterion, where their scope admits the establishment."""
    candidates = list(
        criterion.rewordings.filter(
            version__in=FrameVersion.objects.for_organisation(establishment.organisation)
        ).select_related("version__frame")
    )
    return list(applicability(establishment.profile, candidates).applicable)
