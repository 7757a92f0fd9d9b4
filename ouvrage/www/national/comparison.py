"""The establishment's latest closed evaluation beside its FINESS category's published results, per
chapter, thématique, objective and impératif, in all France and in its region. Composed here from
three domains: the campaign's stored summary (campaigns), the frame's structure (frames) and the
published results (national). The mapping of the open-data columns to the frame is in
docs/national-results.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ouvrage.campaigns.figures import CriterionFacts, frame_facts
from ouvrage.campaigns.lifecycle import FINISHED
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import Summary, campaigns_of, summaries_for
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Chapter, Objective, Theme
from ouvrage.frames.scoring import mean_of
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.national import columns as C
from ouvrage.national.distribution import Spread
from ouvrage.national.selectors import MEAN_100, RATE, Published, published_for
from ouvrage.www.national.charts import Histogram, Strip, histogram, strip

NOTE = (1.0, 4.0)
PERCENT = (0.0, 100.0)


@dataclass
class ScopeFigure:
    scope: str
    spread: Spread
    chart: Strip


@dataclass
class Figure:
    code: str
    label: str
    ours: Decimal | None
    scopes: list[ScopeFigure]
    percent: bool = False  # on 100 (the mean, the impératif rate) rather than 1–4


@dataclass
class Section:
    slug: str
    title: str
    figures: list[Figure]
    help: str = ""
    what: str = "Note"  # the first column's heading


@dataclass
class Comparison:
    establishment: Establishment
    published: Published | None
    campaign: Campaign | None
    summary: Summary | None
    overall: list[Figure] = field(default_factory=list)
    histograms: list[tuple[str, Histogram]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def latest_closed(campaigns: list[Campaign]) -> Campaign | None:
    """The latest closed (or archived) evaluation on a mandatory frame (the HAS référentiel): an
    evaluation under way is not compared."""
    finished = [c for c in campaigns if c.lifecycle in FINISHED and c.frame_version.frame.mandatory]
    return max(finished, key=lambda c: (c.starts_on, c.pk)) if finished else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def _figure(
    published: Published, code: str, label: str, key: tuple[str, str], ours: Decimal | None
) -> Figure:
    percent = key in (MEAN_100, RATE)
    bounds = PERCENT if percent else NOTE
    scopes = []
    for scope in published.scopes:
        found = scope.place(key, ours)
        scopes.append(ScopeFigure(scope.label, found, strip(found, bounds, label=label, scope=scope.label)))
    return Figure(code, label, ours, scopes, percent)


def compare(establishment: Establishment) -> Comparison:
    published = published_for(establishment)
    campaign = latest_closed(campaigns_of(establishment))
    summary = summaries_for([campaign])[campaign.pk] if campaign is not None else None
    found = Comparison(establishment, published, campaign, summary)
    if published is None:
        return found
    mean = summary.mean_100 if summary else None
    rate = None
    if summary and summary.applicable_imperatives:
        rate = Decimal(100 * summary.imperatives_at_threshold) / Decimal(summary.applicable_imperatives)
    found.overall = [
        _figure(published, "moyenne", "Moyenne des objectifs, sur 100", MEAN_100, mean),
        _figure(published, "taux", "Impératifs cotés 3,5 ou plus, en %", RATE, rate),
    ]
    found.histograms = [
        (scope.label, histogram(scope.values.get(MEAN_100, ()), mean, scope=scope.label))
        for scope in published.scopes
    ]
    found.sections = _sections(published, campaign, summary)
    return found


def _sections(published: Published, campaign: Campaign | None, summary: Summary | None) -> list[Section]:
    scores: dict[str, Decimal | None] = {}
    chapters: dict[str, str] = {}
    themes: list[tuple[str, str]] = []  # (code, title) in the frame's order
    objectives: list[tuple[str, str, str, str]] = []  # (code, chapter, theme, title)
    facts: tuple[CriterionFacts, ...] = ()
    versions = mandatory_versions()
    version = campaign.frame_version if campaign is not None else (versions[0] if versions else None)
    if campaign is not None and summary is not None:
        scores = {code: _decimal(v) for code, v in summary.criteria.items()}
        facts = frame_facts(campaign.frame_version)
    if version is not None:
        chapters = dict(Chapter.objects.filter(version=version).values_list("code", "title"))
        themes = list(Theme.objects.filter(version=version).order_by("position").values_list("code", "title"))
        objectives = list(
            Objective.objects.filter(version=version)
            .order_by("position")
            .values_list("code", "chapter__code", "theme__code", "title")
        )
    titles = dict(themes)
    by_chapter: dict[str, list[str]] = {}
    for _, chapter, theme, _ in objectives:  # the thématiques of each chapter, by first appearance
        if theme and theme not in by_chapter.setdefault(chapter, []):
            by_chapter[chapter].append(theme)

    def criteria(chapter: str | None = None, theme: str | None = None) -> list[str]:
        return [
            f.code
            for f in facts
            if (chapter is None or f.chapter == chapter) and (theme is None or f.theme == theme)
        ]

    def ours(codes: list[str]) -> Decimal | None:
        return mean_of(scores, codes).display if codes else None

    sections = [
        Section(
            "chapitres",
            "Chapitres",
            [
                _figure(
                    published,
                    k,
                    f"Chapitre {k}" + (f" — {chapters[k]}" if chapters.get(k) else ""),
                    ("chapters", k),
                    ours(criteria(chapter=k)),
                )
                for k in C.CHAPTERS
            ],
            what="Chapitre",
        )
    ]
    global_themes = []
    for index, key in enumerate(C.GLOBAL_THEMES):
        code, title = themes[index] if index < len(themes) else ("", "")
        label = f"Thématique {index + 1}" + (f" — {title}" if title else "")
        global_themes.append(
            _figure(
                published, key, label, ("global_themes", key), ours(criteria(theme=code)) if code else None
            )
        )
    sections.append(Section("thematiques", "Thématiques, tous chapitres", global_themes, what="Thématique"))
    per_chapter = []
    for key in C.THEMES:
        chapter, rank = key.split(".")
        order = by_chapter.get(chapter, [])
        code = order[int(rank) - 1] if int(rank) <= len(order) else ""
        label = f"Chapitre {chapter}, thématique {rank}" + (f" — {titles[code]}" if code in titles else "")
        value = ours(criteria(chapter=chapter, theme=code)) if code else None
        per_chapter.append(_figure(published, key, label, ("themes", key), value))
    sections.append(
        Section(
            "thematiques-chapitres",
            "Thématiques dans chaque chapitre",
            per_chapter,
            "La HAS publie une note par thématique dans chaque chapitre, numérotée dans l'ordre du chapitre.",
            what="Thématique",
        )
    )
    objective_titles = {code: title for code, _, _, title in objectives}
    sections.append(
        Section(
            "objectifs",
            "Objectifs",
            [
                _figure(
                    published,
                    k,
                    f"Objectif {k}" + (f" — {objective_titles[k]}" if objective_titles.get(k) else ""),
                    ("objectives", k),
                    _decimal(summary.objectives.get(k)) if summary else None,
                )
                for k in C.OBJECTIVES
            ],
            what="Objectif",
        )
    )
    sections.append(
        Section(
            "imperatifs",
            "Critères impératifs",
            [
                _figure(
                    published,
                    k,
                    f"Critère {k}",
                    ("imperatives", k),
                    scores.get(k),
                )
                for k in C.IMPERATIVES
            ],
            "Un impératif est atteint quand tous ses éléments sont cotés 4\u202f; la note montrée est la moyenne de ses éléments.",
            what="Critère",
        )
    )
    return sections
