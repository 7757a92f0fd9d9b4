"""The minimum contents of a projet d'établissement or de service (art. D311-38-3 CASF, décret
n° 2024-166 of 29 February 2024; text in shared/referentiel/regulation.md §1), as a checklist.
Plain Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    optional: bool = False  # "le cas échéant"


@dataclass(frozen=True)
class Part:
    number: str
    title: str
    items: tuple[Item, ...]


PARTS: tuple[Part, ...] = (
    Part(
        "1°",
        "Coordination et coopération",
        (
            Item(
                "coordination",
                "Modalités de coordination et de coopération avec les autres personnes physiques ou morales concourant aux missions",
            ),
        ),
    ),
    Part(
        "2°",
        "Prévention et lutte contre la maltraitance",
        (
            Item("risk_detection", "Moyens de repérage des risques de maltraitance"),
            Item("reporting", "Modalités de signalement et de traitement des situations de maltraitance"),
            Item("annual_review", "Réalisation d'un bilan annuel des situations survenues"),
            Item(
                "communication", "Modalités de communication auprès des personnes accueillies ou accompagnées"
            ),
            Item(
                "staff_policy",
                "Actions et orientations en matière de gestion du personnel, de formation et de contrôle",
            ),
            Item(
                "external_authority",
                "Autorité extérieure désignée et modalités pour y faire appel en cas de difficulté",
            ),
        ),
    ),
    Part(
        "3°",
        "Organisation et fonctionnement",
        (
            Item("organisation_project", "Projet de l'organisme gestionnaire"),
            Item("history", "Principales évolutions depuis la création"),
            Item(
                "missions",
                "Missions exercées, leur cadre juridique et leur réponse aux orientations des schémas (L312-5)",
            ),
            Item("people", "Profil des personnes accueillies ou accompagnées"),
            Item("staff", "Catégories de professionnels"),
            Item("training", "Orientations en matière de formation au regard des publics"),
            Item(
                "supervision", "Modalités de supervision des professionnels et des bénévoles", optional=True
            ),
        ),
    ),
    Part(
        "4°",
        "Évaluation et qualité",
        (
            Item(
                "quality_objectives",
                "Objectifs d'évolution, de progression et de développement de la qualité de l'accompagnement, dans le respect des recommandations de bonnes pratiques",
            ),
        ),
    ),
    Part(
        "5°",
        "Soins palliatifs",
        (
            Item(
                "palliative_care",
                "Le cas échéant : soins palliatifs (services concernés, mesures prévues au CPOM, actions de coopération)",
                optional=True,
            ),
        ),
    ),
)
KEYS = tuple(item.key for part in PARTS for item in part.items)
LABELS = {item.key: item.label for part in PARTS for item in part.items}


@dataclass(frozen=True)
class Check:
    part: Part
    done: tuple[Item, ...]
    missing: tuple[Item, ...]  # required items with no text


def checklist(texts: Mapping[str, str]) -> list[Check]:
    """What each part of the decree's minimum contents still lacks."""
    result = []
    for part in PARTS:
        done = tuple(i for i in part.items if texts.get(i.key, "").strip())
        missing = tuple(i for i in part.items if not i.optional and not texts.get(i.key, "").strip())
        result.append(Check(part, done, missing))
    return result
