"""Which marks an element may receive. Plain Python (sources: docs/scoring.md)."""

from __future__ import annotations

from ouvrage.frames.domain import Method
from ouvrage.frames.scoring import Mark


def mark_problem(
    mark: Mark | None, *, imperative: bool, method: Method | None, justification: str
) -> str | None:
    """The French sentence saying why this mark is refused, or None if it is allowed."""
    if mark is Mark.NC and imperative:
        return "« Non concerné » est impossible sur un critère impératif (règle HAS) : cotez de 1 à 4."
    if mark is Mark.NC and not justification.strip():
        return "Justifiez le « non concerné » : pourquoi cet élément n'est pas évaluable ici ?"
    if mark is Mark.RI and method is not Method.ACCOMPAGNE_TRACEUR:
        return "« Réponse inadaptée » n'est possible qu'au chapitre 1 (accompagné traceur)."
    return None
