from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone

from ouvrage.national.distribution import Ordered, Spread, ordered, place
from ouvrage.national.models import ImportStatus, NationalResult, PublishedImport
from ouvrage.national.proposal import ProfileProposal, most_frequent

# Groups of published figures (national/columns.py), and two of a row's own fields.
GROUPS = ("chapters", "themes", "global_themes", "objectives", "imperatives")
MEAN_100 = ("mean_100", "")
RATE = ("imperative_rate", "")


@dataclass
class PublishedScope:
    """The published results of one category in one scope (all France, a region, a département):
    every figure's values, keyed by (group, key)."""

    label: str
    rows: int
    values: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    letters: dict[str, int] = field(default_factory=dict)
    ordered: dict[tuple[str, str], Ordered] = field(default_factory=dict)  # filled once read

    def place(self, key: tuple[str, str], ours: Decimal | None) -> Spread:
        """Where `ours` stands among this scope's published values of `key`."""
        return place(self.ordered.get(key) or ordered(()), ours)


@dataclass
class Published:
    category: str
    category_label: str
    scopes: list[PublishedScope]  # France first, then the region (or the département)
    own_region: str  # the region of the establishment's own published row, "" if none


def has_published_results(category: str) -> bool:
    return NationalResult.objects.filter(category=category).exists()


# What was read for a category and a region, by the published results it was read from (the highest
# row id changes with every import: an import replaces every row). Pages then only place the
# establishment among ordered values; at most CACHED categories × regions are kept per process.
_READ: OrderedDict[tuple[str, str, int], Published | None] = OrderedDict()
CACHED = 64


def published_for(establishment: Any) -> Published | None:
    """The published results of the establishment's FINESS category, nationally and in its region
    (the region of its own published row, else its département from the FINESS number). Two small
    queries once read; one more, whatever the number of rows, the first time after an import."""
    category = establishment.finess_category
    own = (
        NationalResult.objects.filter(finess_geo=establishment.finess)
        .exclude(region="")
        .order_by("-eval_end", "-id")
        .values_list("region", flat=True)
        .first()
    )
    latest = NationalResult.objects.aggregate(latest=Max("id"))["latest"] or 0
    key = (category, own or f"département {establishment.finess[:2]}", latest)
    if key not in _READ:
        _READ[key] = _read(establishment, category, own)
        while len(_READ) > CACHED:
            _READ.popitem(last=False)
    return _READ[key]


def _read(establishment: Any, category: str, own: str | None) -> Published | None:
    rows = NationalResult.objects.filter(category=category).values_list(
        "region", "finess_geo", "mean_100", "imperative_rate", "letter", "category_label", *GROUPS
    )
    france = PublishedScope("toute la France", 0)
    if own:
        local = PublishedScope(f"région {own}", 0)
    else:
        local = PublishedScope(f"département {establishment.finess[:2]}", 0)
    label = ""
    for region, finess, mean, rate, letter, category_label, *groups in rows.iterator(chunk_size=2000):
        label = label or category_label
        here = region == own if own else finess[:2] == establishment.finess[:2]
        for scope in (france, local) if here else (france,):
            scope.rows += 1
            if letter:
                scope.letters[letter] = scope.letters.get(letter, 0) + 1
            if mean is not None:
                scope.values[MEAN_100].append(float(mean))
            if rate is not None:
                scope.values[RATE].append(float(rate))
            for group, scores in zip(GROUPS, groups, strict=True):
                for key, value in (scores or {}).items():
                    scope.values[(group, key)].append(float(value))
    if not france.rows:
        return None
    for scope in (france, local):
        scope.ordered = {key: ordered(values) for key, values in scope.values.items()}
    return Published(category, label, [france, local], own or "")


@dataclass(frozen=True)
class PublishedState:
    rows: int
    categories: int
    source_file: str
    imported_at: datetime | None  # of the last import from the page (None from the command line)


def published_state() -> PublishedState:
    """What the installation holds (three queries)."""
    totals = NationalResult.objects.aggregate(rows=Count("id"), categories=Count("category", distinct=True))
    source = NationalResult.objects.values_list("source_file", flat=True).first() or ""
    last = PublishedImport.objects.filter(status=ImportStatus.DONE).aggregate(at=Max("finished_at"))["at"]
    return PublishedState(totals["rows"], totals["categories"], source, last)


def imports_of(organisation: Any, limit: int = 10) -> list[PublishedImport]:
    return list(
        PublishedImport.objects.filter(organisation=organisation).select_related("created_by")[:limit]
    )


def import_for(*, organisation: Any, pk: int) -> PublishedImport:
    """An import asked by someone of this organisation (404 otherwise)."""
    job = (
        PublishedImport.objects.filter(organisation=organisation, pk=pk).select_related("created_by").first()
    )
    if job is None:
        raise Http404("Import introuvable.")
    return job


def stalled(job: PublishedImport) -> bool:
    return job.stalled(timezone.now())


def profile_proposal(category: str) -> ProfileProposal | None:
    """The most frequent profile HAS recorded for the published evaluations of this category (one
    query)."""
    if not category:
        return None
    rows = NationalResult.objects.filter(category=category).exclude(sector="").exclude(structure_kind="")
    return most_frequent(rows.values_list("sector", "structure_kind", "publics").iterator(chunk_size=2000))


def category_means(category: str, ours: Decimal | None) -> Spread | None:
    """The published means on 100 of a category in all France (one query): the establishment page's
    summary; the comparison page has the rest."""
    latest = NationalResult.objects.aggregate(latest=Max("id"))["latest"] or 0
    key = (category, "", latest)
    if key not in _MEANS:
        means = NationalResult.objects.filter(category=category, mean_100__isnull=False).values_list(
            "mean_100", flat=True
        )
        _MEANS[key] = ordered(float(m) for m in means if m is not None)
        while len(_MEANS) > CACHED:
            _MEANS.popitem(last=False)
    found = _MEANS[key]
    return place(found, ours) if found.values else None


_MEANS: OrderedDict[tuple[str, str, int], Ordered] = OrderedDict()


def forget_read() -> None:
    """Drop what this process read of the published results (after an import; other processes see
    the new rows by their ids)."""
    _READ.clear()
    _MEANS.clear()
