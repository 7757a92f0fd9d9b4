"""What an establishment's registers (adverse events, complaints…; issue 19) say about the HAS
criteria they speak to, for the pages that show a criterion: its page in the référentiel, the grid,
the results drill-down. Each register gives a source: a function that returns, for one establishment,
its live figures keyed by criterion code, in a constant number of queries. Which criteria a register
speaks to is data (each register's `criteria.toml`), not code. The pages compose them here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from django.urls import reverse

from ouvrage.complaints.rules import criteria_codes, figures_sentence
from ouvrage.complaints.selectors import figures_of
from ouvrage.incidents.rules import criteria as incidents_criteria
from ouvrage.incidents.selectors import criterion_figures
from ouvrage.qualitydocs import selectors as qualitydocs
from ouvrage.qualitydocs.rules import crisis_codes
from ouvrage.qualitydocs.rules import criteria as qualitydocs_criteria
from ouvrage.safeguarding import rules as safeguarding_rules
from ouvrage.safeguarding.selectors import figures_of as safeguarding_figures


@dataclass(frozen=True)
class RegisterFigure:
    register: str  # the register's name, « Événements indésirables »
    text: str  # its figures in a sentence, « 14 événements déclarés en 12 mois, 13 analysés… »
    url: str = ""  # the register's page for this establishment


# establishment, today -> criterion code -> what the register says about it
Source = Callable[[Any, date], dict[str, list[RegisterFigure]]]


def complaints(establishment: Any, today: date) -> dict[str, list[RegisterFigure]]:
    """The complaints register (one query): « 9 réclamations en 12 mois, 8 ayant reçu une réponse… »."""
    figure = RegisterFigure(
        register="Réclamations et plaintes",
        text=figures_sentence(figures_of(establishment, today)),
        url=reverse("complaints:register", args=[establishment.pk]),
    )
    return {code: [figure] for code in criteria_codes()}


def adverse_events(establishment: Any, today: date) -> dict[str, list[RegisterFigure]]:
    """The adverse events register (three queries): « 14 événements déclarés en 12 mois, 13 analysés,
    délai médian d'analyse 9 jours, 6 actions dont 4 réalisées » (the criteria: incidents/criteria.toml)."""
    url = reverse("incidents:register", args=[establishment.pk])
    return {
        code: [RegisterFigure(register="Événements indésirables", text=text, url=url)]
        for code, text in criterion_figures(establishment, today).items()
    }


def safeguarding(establishment: Any, today: date) -> dict[str, list[RegisterFigure]]:
    """The maltreatment signals (one query): counts only, « 3 signalements en 12 mois, tous traités,
    2 actions », and no link: the register is open only to the people the organisation names."""
    figure = RegisterFigure(
        register="Signalements de maltraitance",
        text=safeguarding_rules.sentence(safeguarding_figures(establishment, today)),
    )
    return {code: [figure] for code in safeguarding_rules.criteria_codes()}


def quality_documents(establishment: Any, today: date) -> dict[str, list[RegisterFigure]]:
    """The quality documents (four queries): « 12 documents qualité, 2 à réviser, lues à 85 % par les
    professionnels concernés », « 1 plan de crise, à jour, 3 lectures sur 4 attendues »
    (the criteria: qualitydocs/criteria.toml)."""
    documents = RegisterFigure(
        "Documents qualité", "", reverse("qualitydocs:register", args=[establishment.pk])
    )
    crisis = RegisterFigure("Plan de crise", "", reverse("qualitydocs:crisis", args=[establishment.pk]))
    codes = crisis_codes()
    return {
        code: [replace(crisis if code in codes else documents, text=text)]
        for code, text in qualitydocs.criterion_figures(establishment, today).items()
    }


# Every register's source, in the order the pages show them (each register adds its own here), with
# the criteria it speaks to (its criteria.toml, read once per process).
SOURCES: list[Source] = [adverse_events, complaints, safeguarding, quality_documents]
SPOKEN_TO: dict[Source, Callable[[], Iterable[str]]] = {
    adverse_events: incidents_criteria,
    complaints: criteria_codes,
    safeguarding: safeguarding_rules.criteria_codes,
    quality_documents: qualitydocs_criteria,
}


@cache
def _codes(source: Source) -> frozenset[str]:
    return frozenset(SPOKEN_TO[source]())


def figures_by_code(
    establishment: Any, today: date, codes: Iterable[str] | None = None
) -> dict[str, list[RegisterFigure]]:
    """What every register says, by criterion code (nothing for a criterion no register speaks to).
    `codes`: the criteria the page shows; a register that speaks to none of them is not asked (a grid
    of the person's interview reads no register)."""
    wanted = None if codes is None else frozenset(codes)
    found: dict[str, list[RegisterFigure]] = defaultdict(list)
    for source in SOURCES:
        if wanted is not None and not (_codes(source) & wanted):
            continue
        for code, figures in source(establishment, today).items():
            found[code].extend(figures)
    return dict(found)
