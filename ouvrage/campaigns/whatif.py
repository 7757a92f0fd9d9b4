"""What would lift the estimated letter, and a sandbox to try ratings. Plain Python.

Works on the results of `scoring.compute`; never writes anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ouvrage.frames.scoring import (
    CriterionInput,
    Mark,
    QualityScaleConfig,
    Results,
    Rounding,
    compute,
)

ORDER = "DCBA"


@dataclass(frozen=True)
class ObjectiveGain:
    code: str
    score: Fraction
    points: Fraction  # on the 0–100 mean, if every criterion of the objective reached 4


@dataclass(frozen=True)
class LiftOption:
    letter: str
    imperatives: tuple[tuple[str, Decimal | None], ...]  # impératifs to bring to ≥ 3.5, smallest gap first
    mean_points: Fraction  # points of mean (0–100) still needed
    objectives: tuple[ObjectiveGain, ...]  # fewest objectives whose rise to 4 would cover those points
    feasible: bool

    @property
    def size(self) -> int:
        return len(self.imperatives) + len(self.objectives)


def lift_options(results: Results, scale: QualityScaleConfig) -> list[LiftOption]:
    """For the next better letter, every way the thresholds allow, the smallest change first. Each
    way is computed alone: raising impératifs also raises the mean, which only helps."""
    q = results.quality
    if q.letter is None or q.mean_100 is None or q.letter not in ORDER or q.letter == "A":
        return []
    target = ORDER[ORDER.index(q.letter) + 1]
    rules = [r for r in scale.letters if r.letter == target]
    escapes = _escapes(scale, target)
    options = []
    below = sorted(
        (
            r
            for r in results.criteria.values()
            if r.imperative and (r.score is None or r.score < scale.imperative_threshold)
        ),
        key=lambda r: (scale.imperative_threshold - (r.score if r.score is not None else Decimal(0)), r.code),
    )
    gains = _objective_gains(results, scale)
    wanted: list[tuple[Fraction, Fraction]] = []
    for rule in rules:
        for condition in rule.when:
            if "mean_below" in condition or "rate_below" in condition:
                continue
            for escape in escapes:
                need = (
                    max(Fraction(str(condition.get("rate_at_least", 0))), escape.get("rate", Fraction(0))),
                    max(Fraction(str(condition.get("mean_at_least", 0))), escape.get("mean", Fraction(0))),
                )
                if need not in wanted:
                    wanted.append(need)
    for rate_needed, mean_needed in wanted:
        count_needed = math.ceil(rate_needed * q.applicable_imperatives / 100) - q.imperatives_at_threshold
        imperatives = tuple((r.code, r.score) for r in below[: max(0, count_needed)])
        points = max(Fraction(0), mean_needed - q.mean_100)
        chosen: list[ObjectiveGain] = []
        covered = Fraction(0)
        for gain in gains:
            if covered >= points:
                break
            chosen.append(gain)
            covered += gain.points
        feasible = len(imperatives) >= max(0, count_needed) and covered >= points
        options.append(LiftOption(target, imperatives, points, tuple(chosen), feasible))
    return sorted(options, key=lambda o: (not o.feasible, o.size, o.mean_points))


def _escapes(scale: QualityScaleConfig, target: str) -> list[dict[str, Fraction]]:
    """The ways out of the worse letters read before `target` (rules are read in order). A worse
    letter's condition holds while all its bounds hold: breaking any one of its `_below` bounds is a
    way out (D: mean below 50 and rate below 50 % — a mean of 50 or a rate of 50 % both leave it)."""
    escapes: list[dict[str, Fraction]] = [{}]
    for rule in scale.letters:
        if rule.letter == target:
            break
        if rule.letter not in ORDER or ORDER.index(rule.letter) >= ORDER.index(target):
            continue
        for condition in rule.when:
            ways = [
                (key.removesuffix("_below"), Fraction(str(bound)))
                for key, bound in condition.items()
                if key.endswith("_below")
            ]
            if ways:
                escapes = [
                    {**e, name: max(e.get(name, Fraction(0)), bound)} for e in escapes for name, bound in ways
                ]
    return escapes


def _objective_gains(results: Results, scale: QualityScaleConfig) -> list[ObjectiveGain]:
    """Points of mean each objective would add if all its criteria reached 4, largest first."""
    scored = {code: agg.score for code, agg in results.objectives.items() if agg.score is not None}
    sizes = {code: len(results.objectives[code].criteria) for code in scored}
    total = sum(n for code, n in sizes.items() if code != scale.special_objective)
    gains = []
    for code, score in scored.items():
        if code == scale.special_objective:
            weight = scale.special_weight
        else:
            weight = (1 - scale.special_weight) * Fraction(sizes[code], total) if total else Fraction(0)
        points = weight * (4 - score) / 3 * 100
        if points > 0:
            gains.append(ObjectiveGain(code, score, points))
    return sorted(gains, key=lambda g: (-g.points, g.code))


def try_ratings(
    criteria: Sequence[CriterionInput],
    overrides: Mapping[str, tuple[Mark, ...]],
    *,
    rounding: Rounding,
    scale: QualityScaleConfig,
) -> Results:
    """Results as they would be if each overridden criterion had exactly the marks `overrides[code]`."""
    tried = [replace(c, marks=overrides[c.code]) if c.code in overrides else c for c in criteria]
    return compute(tried, rounding=rounding, scale=scale)


def sandbox(
    criteria: Sequence[CriterionInput],
    overrides: Mapping[str, Mark],
    *,
    rounding: Rounding,
    scale: QualityScaleConfig,
) -> Results:
    """Results as they would be if each overridden criterion were rated `overrides[code]` throughout."""
    return try_ratings(
        criteria, {code: (mark,) for code, mark in overrides.items()}, rounding=rounding, scale=scale
    )
