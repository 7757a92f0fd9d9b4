"""Actions proposed from an evaluation's results: impératifs not fully met first, then criteria
under 3. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ouvrage.frames.scoring import Results

LOW_SCORE = Decimal(3)


@dataclass(frozen=True)
class Proposal:
    code: str
    reason: str  # "imperative" or "low_score"
    score: Decimal | None
    priority: str
    title: str


def propose(
    results: Results, wordings: Mapping[str, str], already_followed: Iterable[str] = ()
) -> list[Proposal]:
    """Proposals in order: every impératif not strictly met (score ascending), then every other
    criterion scored under 3 (score ascending). Criteria already followed by an open action are left out."""
    followed = set(already_followed)
    imperatives = []
    low = []
    for code, result in results.criteria.items():
        if code in followed:
            continue
        if result.imperative and not result.strictly_met:
            imperatives.append(
                Proposal(code, "imperative", result.score, "high", f"Atteindre pleinement l'impératif {code}")
            )
        elif result.score is not None and result.score < LOW_SCORE:
            low.append(Proposal(code, "low_score", result.score, "medium", f"Améliorer le critère {code}"))

    def key(p: Proposal) -> tuple[bool, Decimal, str]:
        return (p.score is None, p.score if p.score is not None else Decimal(0), p.code)

    return sorted(imperatives, key=key) + sorted(low, key=key)
