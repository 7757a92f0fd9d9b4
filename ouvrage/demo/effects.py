"""A year of effects lanes for the demo's EHPAD and MECS (issue 20): expected effects tied to the
needs and missions, effects observed from each perspective, expected or not, positive or negative,
with the practices the team thinks produced them. No names: people accompanied by their codes."""

from __future__ import annotations

from datetime import date
from typing import Any

from ouvrage.accounts.models import User
from ouvrage.effects.models import Lane
from ouvrage.effects.services import add_expected, add_observed
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.ownframe.models import Mission, Need
from ouvrage.ownframe.selectors import own_frame_of

# objective (or own question) code -> expected effects, and observed ones:
# (date, text, index of the expected effect or None, valence, perspective, seen by, codes, practices)
EHPAD: dict[str, Any] = {
    "1.8": (
        ["Les résidents qui le souhaitent gardent une vie sociale hors de l'établissement."],
        [
            (
                date(2026, 1, 20),
                "Deux résidentes vont seules au marché du jeudi avec le code affiché.",
                0,
                "positive",
                "person",
                2,
                "P-001, P-003",
                "Code de la porte affiché pour les volontaires, essai décidé en séance.",
            ),
            (
                date(2026, 4, 9),
                "Les familles s'inquiètent des sorties seules : trois appels au cadre de santé en un mois.",
                None,
                "negative",
                "relatives",
                3,
                "",
                "Information des familles faite après coup, pas avant l'essai.",
            ),
            (
                date(2026, 6, 18),
                "Le bistrot du quartier réserve une table aux résidents le vendredi.",
                None,
                "positive",
                "partners",
                1,
                "",
                "Rencontre de l'animatrice avec les commerçants du quartier.",
            ),
            (
                date(2026, 10, 2),
                "Cinq résidents sortent chaque semaine, dont un en fauteuil avec un bénévole.",
                0,
                "positive",
                "professionals",
                4,
                "P-001, P-003, P-007",
                "Planning des sorties tenu avec les bénévoles.",
            ),
        ],
    ),
    "1.16": (
        ["La douleur des résidents qui ne peuvent pas la dire est repérée et soulagée."],
        [
            (
                date(2026, 3, 3),
                "Moins de cris lors des toilettes du matin dans l'unité protégée.",
                0,
                "positive",
                "professionals",
                6,
                "",
                "Échelle Algoplus à chaque toilette, antalgique anticipé.",
            ),
            (
                date(2026, 9, 15),
                "Les toilettes prennent plus de temps : l'équipe du matin finit en retard deux jours sur cinq.",
                None,
                "mixed",
                "professionals",
                5,
                "",
                "Le temps gagné en sérénité est pris sur les transmissions.",
            ),
        ],
    ),
    "3.9": (
        ["Les professionnels trouvent du sens à leur travail et restent."],
        [
            (
                date(2026, 5, 12),
                "Deux aides-soignantes en CDD ont demandé à rester après l'analyse des pratiques.",
                0,
                "positive",
                "professionals",
                2,
                "",
                "Analyse des pratiques mensuelle avec une psychologue extérieure.",
            ),
        ],
    ),
}
EHPAD_QUESTIONS: dict[str, Any] = {
    "Q5.2": (
        [],
        [
            (
                date(2026, 7, 7),
                "Depuis la veille renforcée, des résidents dorment plus tard le matin et refusent le petit-déjeuner à 8 h.",
                None,
                "mixed",
                "person",
                4,
                "P-002, P-005",
                "Moins de réveils la nuit ; horaires du matin restés les mêmes.",
            ),
        ],
    ),
}
MECS: dict[str, Any] = {
    "1.9": (
        ["Les jeunes prennent part aux décisions qui les concernent et à la vie de la maison."],
        [
            (
                date(2026, 2, 10),
                "Le conseil des jeunes a obtenu le changement des horaires du week-end.",
                0,
                "positive",
                "person",
                8,
                "J-04, J-09",
                "Conseil des jeunes tous les mois, ordre du jour écrit par eux.",
            ),
            (
                date(2026, 8, 26),
                "Deux jeunes ne viennent plus au conseil : « ça ne change rien pour nous ».",
                None,
                "negative",
                "person",
                2,
                "J-02, J-11",
                "Les demandes des plus jeunes n'ont pas eu de réponse.",
            ),
        ],
    ),
    "1.17": (
        ["Les sorties de l'établissement à 18 ans se préparent un an avant."],
        [
            (
                date(2026, 4, 30),
                "Trois jeunes majeurs ont un logement et un contrat jeune majeur à leur sortie.",
                0,
                "positive",
                "professionals",
                3,
                "J-01, J-06, J-08",
                "Référent parcours dès 17 ans, travail avec la mission locale.",
            ),
            (
                date(2026, 11, 4),
                "La mission locale propose un rendez-vous mensuel sur place.",
                None,
                "positive",
                "partners",
                1,
                "",
                "Convention signée après deux rencontres d'équipe.",
            ),
        ],
    ),
    "1.11": (
        ["Les parents gardent leur place de parents quand c'est possible."],
        [
            (
                date(2026, 6, 3),
                "Une mère vient désormais aux rendez-vous scolaires de son fils.",
                0,
                "positive",
                "relatives",
                1,
                "J-07",
                "Rendez-vous pris aux heures où elle peut venir.",
            ),
        ],
    ),
}
MECS_MISSIONS = [
    (
        "Accueillir 40 jeunes de 12 à 18 ans confiés au titre de la protection de l'enfance.",
        "authorisation",
        "Arrêté du département du 1er septembre 2015",
    ),
]
MECS_NEEDS = [
    (
        "Être écoutés et compter dans les décisions qui les concernent.",
        "Conseil des jeunes, entretiens de référence",
    ),
    ("Préparer la sortie à 18 ans sans rupture.", "Bilan des sorties 2024-2025"),
]


def _lanes(establishment: Establishment, actor: User, plan: dict, *, questions: bool = False) -> None:
    version = mandatory_versions()[0]
    own = own_frame_of(establishment) if questions else None
    needs = list(Need.objects.filter(establishment=establishment))
    missions = list(Mission.objects.filter(establishment=establishment))
    for code, (expected_texts, observed) in plan.items():
        target: dict[str, Any]
        if own is not None:
            target = {"question": own.version.criteria.filter(code=code).first()}
        else:
            target = {"objective": version.objectives.filter(code=code).first()}
        if next(iter(target.values())) is None:
            continue
        expected = [
            add_expected(
                establishment=establishment,
                actor=actor,
                text=text,
                needs=needs[:1],
                missions=missions[:1],
                **target,
            )
            for text in expected_texts
        ]
        for on, text, index, valence, perspective, seen_by, codes, practices in observed:
            add_observed(
                establishment=establishment,
                actor=actor,
                text=text,
                observed_on=on,
                expected=expected[index] if index is not None else None,
                valence=valence,
                perspective=perspective,
                seen_by=seen_by,
                codes=codes,
                practices=practices,
                **target,
            )


def load_demo_lanes() -> None:
    if not mandatory_versions():
        return
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    mecs = Establishment.objects.filter(finess=with_check_digit("69000003")).first()
    if ehpad is None or mecs is None or Lane.objects.filter(establishment__in=[ehpad, mecs]).exists():
        return
    quality = User.objects.get(email="qualite@tilleuls.example.org")
    _lanes(ehpad, quality, EHPAD)
    _lanes(ehpad, quality, EHPAD_QUESTIONS, questions=True)
    if not Mission.objects.filter(establishment=mecs).exists():
        for text, source, reference in MECS_MISSIONS:
            Mission.objects.create(establishment=mecs, text=text, source=source, reference=reference)
        for text, observed in MECS_NEEDS:
            Need.objects.create(establishment=mecs, text=text, observed=observed)
    _lanes(mecs, quality, MECS)
