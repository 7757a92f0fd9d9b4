"""Which marks an element may receive. Plain Python (sources: docs/scoring.md)."""

from __future__ import annotations

import re
from datetime import date

from ouvrage.core.formatting import long_date
from ouvrage.frames.domain import Method
from ouvrage.frames.scoring import Mark

# A person accompanied is a pseudonymous code: letters, digits, dots, dashes, at most 20, no space
# (a name with a space is refused). The registers that name a person use the same rule.
PERSON_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
PERSON_CODE_PROBLEM = (
    "Le code ne contient que lettres, chiffres, points, tirets (20 au plus), sans espace : "
    "un pseudonyme, pas un nom."
)


def is_person_code(code: str) -> bool:
    return bool(PERSON_CODE_RE.match(code))


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


def visit_problems(
    *, starts_on: date | None, ends_on: date | None, first_day: date | None, last_day: date | None
) -> dict[str, str]:
    """What is wrong with an external evaluation's visit days, by field: both given, at least two
    days (HAS manual v1.1), within the campaign's own dates."""
    if not first_day or not last_day:
        return {"visit_starts_on": "Une évaluation externe demande ses jours de visite (premier et dernier)."}
    if last_day <= first_day:
        return {
            "visit_ends_on": "Une évaluation externe compte au moins deux jours de visite : "
            "le dernier jour doit suivre le premier."
        }
    found = {}
    if starts_on and ends_on:
        span = f"du {long_date(starts_on)} au {long_date(ends_on)}"
        if not starts_on <= first_day <= ends_on:
            found["visit_starts_on"] = f"Le premier jour de visite doit tomber pendant l'évaluation ({span})."
        if not starts_on <= last_day <= ends_on:
            found["visit_ends_on"] = f"Le dernier jour de visite doit tomber pendant l'évaluation ({span})."
    return found


def title_problem(title: str, *, external: bool) -> str | None:
    """A title that says the other kind of evaluation misleads every document that prints it."""
    words = title.strip().lower()
    if external and words.startswith("auto-évaluation"):
        return (
            "L'intitulé dit « Auto-évaluation » pour une évaluation externe : corrigez-le ou laissez-le vide."
        )
    if not external and words.startswith("évaluation externe"):
        return (
            "L'intitulé dit « Évaluation externe » pour une auto-évaluation : corrigez-le ou laissez-le vide."
        )
    return None


def default_title(*, external: bool, year: int, establishment: str) -> str:
    return f"{'Évaluation externe' if external else 'Auto-évaluation'} {year} — {establishment}"


# A civility or title followed by a capitalised word: « Madame Dupont », « M. Martin », « Mme Le Goff ».
NAME_PATTERN = re.compile(
    r"\b(?:Madame|Monsieur|Mademoiselle|Mme|Mlle|Mr|M\.|Dr|Docteur|Pr)\s+"
    r"(?:(?:[Dd]e|[Dd]u|[Dd]es|[Ll]e|[Ll]a|[Dd]’|[Dd]')\s*)?[A-ZÀÂÉÈÊËÎÏÔÙÛÜÇ][\w’'-]+",
    re.UNICODE,
)


def likely_names(text: str, *, limit: int = 5) -> list[str]:
    """Words of `text` that look like a person's name after a civility (a warning, not a refusal:
    « Madame la directrice » is not a name, « Madame Dupont » likely is)."""
    found: list[str] = []
    for match in NAME_PATTERN.finditer(text[:20000]):
        words = match.group(0)
        if words not in found:
            found.append(words)
        if len(found) >= limit:
            break
    return found
