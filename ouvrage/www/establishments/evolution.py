"""How an establishment's results moved from one closed evaluation to the next: the mean of the
objectives on 100 (with the estimated letter) and each chapter's score, at the end of each closed
evaluation on the HAS référentiel. Read from the stored summaries only (one query): a summary missing
or out of date is not computed again here, and the page says how many evaluations it leaves out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ouvrage.campaigns.lifecycle import FINISHED
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import Summary, code_key, stored_summaries
from ouvrage.core.charts import TimeChart, score_range, time_chart
from ouvrage.core.formatting import month_year, number
from ouvrage.frames.scoring import mean_of

MEAN_STEP = 10
CHAPTER_STEP = 0.5


@dataclass(frozen=True)
class EvolutionRow:
    campaign: Campaign
    summary: Summary
    chapters: tuple[Decimal | None, ...]  # in the order of Evolution.chapters

    @property
    def day(self) -> date:
        return self.campaign.ends_on


@dataclass(frozen=True)
class Evolution:
    closed: int  # closed evaluations on the HAS référentiel
    rows: list[EvolutionRow]  # those with an up-to-date stored summary, oldest first
    chapters: list[str]  # chapter codes, « 1 », « 2 », « 3 »
    mean: TimeChart | None
    by_chapter: TimeChart | None
    mean_words: str = ""
    chapter_words: str = ""

    @property
    def left_out(self) -> int:
        return self.closed - len(self.rows)

    @property
    def drawn(self) -> bool:
        return self.mean is not None


def chapter_scores(criteria: dict[str, str]) -> dict[str, Decimal | None]:
    """Each chapter's score from a summary's criterion scores: the mean of its scored criteria, as the
    results page computes it (a criterion's chapter is the first part of its code, « 2.4.1 » → « 2 »,
    in the HAS référentiel)."""
    scores = {code: Decimal(value) for code, value in criteria.items()}
    by_chapter: dict[str, list[str]] = {}
    for code in scores:
        by_chapter.setdefault(code.split(".", 1)[0], []).append(code)
    return {chapter: mean_of(scores, codes).display for chapter, codes in by_chapter.items()}


def evolution(campaigns: list[Campaign]) -> Evolution:
    closed = sorted(
        (c for c in campaigns if c.lifecycle in FINISHED and c.frame_version.frame.mandatory),
        key=lambda c: (c.ends_on, c.pk),
    )
    if len(closed) < 2:  # nothing to draw: no query
        return Evolution(len(closed), [], [], None, None)
    summaries = stored_summaries(closed)
    found = [(c, summaries[c.pk]) for c in closed if c.pk in summaries]
    per_campaign = [chapter_scores(s.criteria) for _, s in found]
    chapters = sorted({ch for scores in per_campaign for ch in scores}, key=code_key)
    rows = [
        EvolutionRow(c, s, tuple(scores.get(ch) for ch in chapters))
        for (c, s), scores in zip(found, per_campaign, strict=True)
    ]
    if len(rows) < 2:
        return Evolution(len(closed), rows, chapters, None, None)
    days = [r.day for r in rows]
    means = [r.summary.mean_100 for r in rows]
    lo, hi = score_range(
        [float(m) for m in means if m is not None], low=0, high=100, step=MEAN_STEP, least=20
    )
    step = MEAN_STEP if (hi - lo) / MEAN_STEP <= 6 else 2 * MEAN_STEP
    ticks = [float(t) for t in range(int(lo), int(hi) + 1, step)]
    mean = time_chart(
        days,
        [("Moyenne des objectifs", means)],
        scale=(lo, hi),
        ticks=ticks,
        letters=[r.summary.letter for r in rows],
    )
    scores = [float(v) for r in rows for v in r.chapters if v is not None]
    low, high = score_range(scores, low=1, high=4, step=CHAPTER_STEP, least=1)
    by_chapter = time_chart(
        days,
        [(f"Ch.\u00a0{ch}", [r.chapters[i] for r in rows]) for i, ch in enumerate(chapters)],
        scale=(low, high),
        ticks=[low + CHAPTER_STEP * i for i in range(round((high - low) / CHAPTER_STEP) + 1)],
        name_lines=True,
    )
    return Evolution(
        len(closed), rows, chapters, mean, by_chapter, _mean_words(rows), _chapter_words(rows, chapters)
    )


def _when(row: EvolutionRow) -> str:
    return f"« {row.campaign.title} » ({month_year(row.day)})"


def _mean_words(rows: list[EvolutionRow]) -> str:
    parts = []
    for r in rows:
        mean = number(r.summary.mean_100) if r.summary.mean_100 is not None else "non calculée"
        letter = f", lettre estimée {r.summary.letter}" if r.summary.letter else ""
        parts.append(f"{_when(r)} : {mean}{letter}")
    return "Moyenne des objectifs sur 100 à chaque évaluation clôturée : " + " ; ".join(parts) + "."


def _chapter_words(rows: list[EvolutionRow], chapters: list[str]) -> str:
    parts = []
    for r in rows:
        scores = ", ".join(
            f"chapitre {ch} {number(v) if v is not None else 'non coté'}"
            for ch, v in zip(chapters, r.chapters, strict=True)
        )
        parts.append(f"{_when(r)} : {scores}")
    return "Note de chaque chapitre, de 1 à 4, à chaque évaluation clôturée : " + " ; ".join(parts) + "."
