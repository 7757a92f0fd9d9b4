"""Scores as HAS computes them, as far as the sources tell (docs/scoring.md). Plain Python, no Django.

Every number keeps how it was computed (`Score.parts`) so a page can open it down to the elements.
Arithmetic is exact (fractions); presentation truncates to two decimals (`ouvrage.core.numbers`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from ouvrage.core.numbers import truncated


class Mark(StrEnum):
    """Cotation of one element: 1–4, optimisé (★), non concerné, réponse inadaptée."""

    ONE = "1"
    TWO = "2"
    THREE = "3"
    FOUR = "4"
    OPTIMISED = "*"
    NC = "NC"
    RI = "RI"

    @property
    def points(self) -> int | None:
        """Value in means: optimisé counts as 4; NC and RI are left out (None)."""
        return {"1": 1, "2": 2, "3": 3, "4": 4, "*": 4}.get(self.value)

    @property
    def label(self) -> str:
        return MARK_LABELS[self]


MARK_LABELS: dict[Mark, str] = {
    Mark.ONE: "1 – Le niveau attendu n'est pas du tout satisfaisant",
    Mark.TWO: "2 – Le niveau attendu n'est plutôt pas satisfaisant",
    Mark.THREE: "3 – Le niveau attendu est plutôt satisfaisant",
    Mark.FOUR: "4 – Le niveau attendu est tout à fait satisfaisant",
    Mark.OPTIMISED: "★ – Le niveau atteint est optimisé",
    Mark.NC: "NC – Non concerné",
    Mark.RI: "RI – Réponse inadaptée",
}


class Rounding(StrEnum):
    """How a criterion's mean is written. HAS rule since 9 October 2024: two decimals, not rounded
    (truncated); before: rounded to the nearest integer (kept to read older reports)."""

    TWO_DECIMALS = "two_decimals"
    NEAREST_INTEGER = "nearest_integer"


def criterion_score(
    marks: Iterable[Mark | None], rounding: Rounding = Rounding.TWO_DECIMALS
) -> Decimal | None:
    """Mean of the rated elements (NC, RI and unrated left out); None if nothing counts."""
    points = [m.points for m in marks if m is not None and m.points is not None]
    if not points:
        return None
    mean = Fraction(sum(points), len(points))
    exact = Decimal(mean.numerator) / Decimal(mean.denominator)
    if rounding is Rounding.NEAREST_INTEGER:
        return exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


FULL_MARKS = frozenset({Mark.FOUR, Mark.OPTIMISED})


def strictly_met(marks: Sequence[Mark | None]) -> bool:
    """An impératif fully met: every element rated 4 (★ counts as 4), none missing. A « réponse
    inadaptée » is left out as it is of the mean, so it is no failure; at least one 4 is needed."""
    return any(m in FULL_MARKS for m in marks) and all(m in FULL_MARKS or m is Mark.RI for m in marks)


@dataclass(frozen=True)
class CriterionInput:
    code: str
    objective: str
    chapter: str
    theme: str | None
    imperative: bool
    marks: tuple[Mark | None, ...]  # one per rated element and interview; None = not rated yet


@dataclass(frozen=True)
class CriterionResult:
    code: str
    score: Decimal | None
    imperative: bool
    counted: int  # marks in the mean
    optimised: int
    not_concerned: int
    unsuitable: int
    unrated: int
    strictly_met: bool  # impératif: every element rated 4 (or ★; RI left out), none missing
    marks: tuple[Mark | None, ...]
    at_threshold: bool = False  # scored at or above the frame's impératif threshold (3.5 for HAS)


@dataclass(frozen=True)
class Aggregate:
    """A mean of criterion scores with the criteria it stands on."""

    score: Fraction | None
    criteria: tuple[str, ...]

    @property
    def display(self) -> Decimal | None:
        """Two decimals, truncated (HAS rule since 9 Oct. 2024), as every output shows it."""
        return truncated(self.score)


def mean_of(scores: Mapping[str, Decimal | None], codes: Iterable[str]) -> Aggregate:
    """Mean of the scored criteria among `codes`: objectives, thématiques and chapters are means of
    their criteria (equivalently, of objectives weighted by their number of scored criteria)."""
    scored = tuple(c for c in codes if scores.get(c) is not None)
    if not scored:
        return Aggregate(None, ())
    total = sum((Fraction(scores[c]) for c in scored), Fraction(0))  # type: ignore[arg-type]
    return Aggregate(total / len(scored), scored)


@dataclass(frozen=True)
class LetterRule:
    letter: str
    # Any one of these conditions gives the letter; a condition holds when every bound holds.
    when: tuple[Mapping[str, float], ...]


@dataclass(frozen=True)
class QualityScaleConfig:
    """Data of the frame version (frame.toml, [scoring.quality_scale])."""

    special_objective: str = "3.10"
    special_weight: Fraction = Fraction(1, 10)
    imperative_threshold: Decimal = Decimal("3.5")
    letters: tuple[LetterRule, ...] = ()
    status: str = "estimate"
    explanation: str = ""


@dataclass(frozen=True)
class QualityScale:
    mean_100: Fraction | None  # moy_objectifs_100
    mean_without_special: Fraction | None  # moy_objectifs_hors310
    special_score: Fraction | None
    applicable_imperatives: int
    imperatives_at_threshold: int  # nb_ci_sup_3_5
    imperatives_strictly_met: int  # nb_ci_atteints
    rate: Fraction | None  # taux_ci_sup_3_5, in %
    letter: str | None
    imperative_threshold: Decimal = Decimal("3.5")  # from the frame data, to be shown beside the counts

    @property
    def mean_100_display(self) -> Decimal | None:
        return _dec(self.mean_100)

    @property
    def rate_display(self) -> Decimal | None:
        return _dec(self.rate)

    @property
    def mean_without_special_display(self) -> Decimal | None:
        return _dec(self.mean_without_special)

    @property
    def special_score_display(self) -> Decimal | None:
        return _dec(self.special_score)


def _dec(value: Fraction | None) -> Decimal | None:
    return truncated(value)


def estimate_letter(
    mean_100: Fraction | None, rate: Fraction | None, rules: Sequence[LetterRule]
) -> str | None:
    """First letter whose conditions hold, rules read in order (an empty condition always holds)."""
    if mean_100 is None or rate is None:
        return None
    values = {"mean": mean_100, "rate": rate}
    for rule in rules:
        for condition in rule.when:
            if all(_bound_holds(values, key, Fraction(str(bound))) for key, bound in condition.items()):
                return rule.letter
    return None


CONDITION_KEYS = ("mean_at_least", "mean_below", "rate_at_least", "rate_below")


def _bound_holds(values: Mapping[str, Fraction], key: str, bound: Fraction) -> bool:
    if key.endswith("_at_least"):
        return values[key.removesuffix("_at_least")] >= bound
    if key.endswith("_below"):
        return values[key.removesuffix("_below")] < bound
    raise ValueError(f"condition inconnue : {key} (attendu : {', '.join(CONDITION_KEYS)})")


@dataclass
class Results:
    criteria: dict[str, CriterionResult]
    objectives: dict[str, Aggregate]
    themes: dict[str, Aggregate]  # across chapters
    chapter_themes: dict[tuple[str, str], Aggregate]  # (chapter, theme)
    chapters: dict[str, Aggregate]
    overall: Aggregate
    quality: QualityScale
    rounding: Rounding
    progress: tuple[int, int] = (0, 0)  # rated marks, expected marks
    objective_sizes: dict[str, int] = field(default_factory=dict)


def compute(
    criteria: Sequence[CriterionInput],
    *,
    rounding: Rounding = Rounding.TWO_DECIMALS,
    scale: QualityScaleConfig | None = None,
) -> Results:
    """Score an evaluation: `criteria` are the applicable criteria with the marks of their elements."""
    scale = scale or QualityScaleConfig()
    results: dict[str, CriterionResult] = {}
    for c in criteria:
        score = criterion_score(c.marks, rounding)
        results[c.code] = CriterionResult(
            code=c.code,
            score=score,
            imperative=c.imperative,
            counted=sum(1 for m in c.marks if m is not None and m.points is not None),
            optimised=sum(1 for m in c.marks if m is Mark.OPTIMISED),
            not_concerned=sum(1 for m in c.marks if m is Mark.NC),
            unsuitable=sum(1 for m in c.marks if m is Mark.RI),
            unrated=sum(1 for m in c.marks if m is None),
            strictly_met=strictly_met(c.marks),
            marks=c.marks,
            at_threshold=score is not None and score >= scale.imperative_threshold,
        )
    scores = {code: r.score for code, r in results.items()}
    by_objective: dict[str, list[str]] = defaultdict(list)
    by_theme: dict[str, list[str]] = defaultdict(list)
    by_chapter_theme: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_chapter: dict[str, list[str]] = defaultdict(list)
    for c in criteria:
        by_objective[c.objective].append(c.code)
        by_chapter[c.chapter].append(c.code)
        if c.theme:
            by_theme[c.theme].append(c.code)
            by_chapter_theme[(c.chapter, c.theme)].append(c.code)
    objectives = {o: mean_of(scores, codes) for o, codes in by_objective.items()}
    marks_total = sum(len(c.marks) for c in criteria)
    marks_done = sum(1 for c in criteria for m in c.marks if m is not None)
    return Results(
        criteria=results,
        objectives=objectives,
        themes={t: mean_of(scores, codes) for t, codes in by_theme.items()},
        chapter_themes={k: mean_of(scores, codes) for k, codes in by_chapter_theme.items()},
        chapters={ch: mean_of(scores, codes) for ch, codes in by_chapter.items()},
        overall=mean_of(scores, [c.code for c in criteria]),
        quality=quality_scale(results, objectives, scale),
        rounding=rounding,
        progress=(marks_done, marks_total),
        objective_sizes={o: len(a.criteria) for o, a in objectives.items()},
    )


def quality_scale(
    criteria: Mapping[str, CriterionResult], objectives: Mapping[str, Aggregate], scale: QualityScaleConfig
) -> QualityScale:
    """The two published dimensions of the HAS quality scale and the estimated letter.

    mean: objectives other than the special one (3.10), weighted by their number of scored criteria,
    count for (1 − w); the special objective for w (10 %); the 1–4 note maps to 0–100 as
    (note − 1) / 3 × 100 (rules.md §10.2, a hypothesis that fits published rows).
    rate: applicable impératifs whose score is ≥ 3.5, over applicable impératifs, in % (rules.md §10.1).
    """
    weighted = Fraction(0)
    count = 0
    for code, agg in objectives.items():
        if code == scale.special_objective or agg.score is None:
            continue
        weighted += agg.score * len(agg.criteria)
        count += len(agg.criteria)
    without = weighted / count if count else None
    special = objectives.get(scale.special_objective)
    special_score = special.score if special else None
    if without is None:
        note = special_score
    elif special_score is None:
        note = without
    else:
        note = (1 - scale.special_weight) * without + scale.special_weight * special_score
    mean_100 = (note - 1) / 3 * 100 if note is not None else None
    imperatives = [r for r in criteria.values() if r.imperative]
    at_threshold = sum(1 for r in imperatives if r.at_threshold)
    rate = Fraction(at_threshold * 100, len(imperatives)) if imperatives else None
    return QualityScale(
        mean_100=mean_100,
        mean_without_special=without,
        special_score=special_score,
        applicable_imperatives=len(imperatives),
        imperatives_at_threshold=at_threshold,
        imperatives_strictly_met=sum(1 for r in imperatives if r.strictly_met),
        rate=rate,
        letter=estimate_letter(mean_100, rate, scale.letters),
        imperative_threshold=scale.imperative_threshold,
    )


def scale_from_data(data: Mapping[str, Any]) -> QualityScaleConfig:
    """Build the quality-scale settings from frame data (validated by the frame loader)."""
    if not data:
        return QualityScaleConfig()
    return QualityScaleConfig(
        special_objective=str(data.get("special_objective", "3.10")),
        special_weight=Fraction(str(data.get("special_weight", "0.1"))),
        imperative_threshold=Decimal(str(data.get("imperative_threshold", "3.5"))),
        letters=tuple(
            LetterRule(str(rule["letter"]), tuple(dict(c) for c in rule.get("when", [{}])))
            for rule in data.get("letters", [])
        ),
        status=str(data.get("status", "estimate")),
        explanation=str(data.get("explanation", "")),
    )


def scale_to_data(scale: QualityScaleConfig) -> dict[str, Any]:
    """The frame data a quality scale is read from (inverse of `scale_from_data`)."""
    return {
        "special_objective": scale.special_objective,
        "special_weight": float(scale.special_weight),
        "imperative_threshold": float(scale.imperative_threshold),
        "letters": [{"letter": r.letter, "when": [dict(c) for c in r.when]} for r in scale.letters],
        "status": scale.status,
        "explanation": scale.explanation,
    }


class AnswerStyle(StrEnum):
    """How a frame is answered: elements rated 1–4 in interview grids (the HAS référentiel), or
    evaluative questions answered with a judgement and an analysis (an establishment's own frame)."""

    COTATION = "cotation"
    EVALUATIVE = "evaluative"


@dataclass(frozen=True)
class ScoringRules:
    """The `[scoring]` section of a frame version: how it is answered and how its figures are computed."""

    rounding: Rounding = Rounding.TWO_DECIMALS
    answer_style: AnswerStyle = AnswerStyle.COTATION
    judgement_scale: tuple[str, ...] = ()
    quality_scale: QualityScaleConfig | None = None  # None: the frame has no quality scale

    @property
    def scale(self) -> QualityScaleConfig:
        return self.quality_scale or QualityScaleConfig()

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rounding": self.rounding.value,
            "answer_style": self.answer_style.value,
            "judgement_scale": list(self.judgement_scale),
        }
        if self.quality_scale is not None:
            data["quality_scale"] = scale_to_data(self.quality_scale)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> ScoringRules:
        data = data or {}
        scale = data.get("quality_scale")
        return cls(
            rounding=Rounding(data.get("rounding", Rounding.TWO_DECIMALS.value)),
            answer_style=AnswerStyle(data.get("answer_style", AnswerStyle.COTATION.value)),
            judgement_scale=tuple(str(x) for x in data.get("judgement_scale", [])),
            quality_scale=scale_from_data(scale) if scale else None,
        )
