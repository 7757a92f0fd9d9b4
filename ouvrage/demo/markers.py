"""A year of progress markers and of work well done for the demo's EHPAD and MECS (issue 20): for
three partners or publics each, markers at the three levels observed every quarter (every month for
some), rising unevenly, some still « Pas encore »; the team's criteria of work well done with their
dated disagreements, what became of them, and a criterion reworded. No names of people accompanied."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.effects.markers import (
    add_disagreement,
    add_marker,
    observe_marker,
    record_outcome,
    reword_criterion,
    write_criterion,
)
from ouvrage.effects.models import ProgressMarker
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.frames.selectors import mandatory_versions

# partner -> markers: (level, text, extents from a year ago to now — 5: quarterly, 13: monthly —,
# the note of the latest observation)
Markers = dict[str, list[tuple[str, str, list[str], str]]]

EHPAD_MARKERS: Markers = {
    "Les familles": [
        (
            "expect",
            "Les familles viennent aux réunions du conseil de la vie sociale quand elles y sont invitées.",
            [
                "low",
                "low",
                "low",
                "medium",
                "low",
                "medium",
                "medium",
                "medium",
                "high",
                "medium",
                "high",
                "high",
                "high",
            ],
            "Neuf familles au dernier CVS, contre trois il y a un an.",
        ),
        (
            "like",
            "Les familles proposent elles-mêmes des sujets à l'ordre du jour du CVS.",
            ["none", "none", "low", "low", "medium"],
            "Deux sujets proposés par des familles : les sorties et le linge.",
        ),
        (
            "love",
            "Des familles animent avec l'équipe un temps d'accueil des familles qui arrivent.",
            ["none", "none", "none", "none", "none"],
            "Une famille s'est dite prête ; rien d'organisé pour l'instant.",
        ),
    ],
    "L'équipe de nuit": [
        (
            "expect",
            "L'équipe de nuit lit les transmissions du soir sur les habitudes de coucher de chaque résident.",
            ["medium", "medium", "high", "high", "high"],
            "Lues chaque soir, d'après le cahier et la cadre de santé.",
        ),
        (
            "like",
            "L'équipe de nuit note ce qu'elle observe du sommeil et le transmet à l'équipe de jour.",
            ["none", "low", "low", "medium", "medium"],
            "Une fiche sommeil remplie pour la moitié des résidents suivis.",
        ),
        (
            "love",
            "L'équipe de nuit participe aux réunions de projet personnalisé des résidents qu'elle accompagne.",
            ["none", "none", "none", "low", "low"],
            "Une veilleuse venue à deux réunions, sur son temps de jour.",
        ),
    ],
    "L'équipe mobile de soins palliatifs": [
        (
            "expect",
            "L'équipe mobile répond sous 48 heures à une demande d'avis.",
            ["low", "medium", "medium", "medium", "high"],
            "Réponse le jour même aux deux dernières demandes.",
        ),
        (
            "like",
            "L'équipe mobile forme sur place les aides-soignantes à l'accompagnement de la fin de vie.",
            ["none", "none", "low", "low", "low"],
            "Une demi-journée de formation tenue, la suivante reportée.",
        ),
        (
            "love",
            "Les directives anticipées sont discutées avec chaque résident qui le souhaite, avec l'équipe mobile.",
            ["none", "none", "none", "none", "low"],
            "Premières discussions avec trois résidents volontaires.",
        ),
    ],
}

MECS_MARKERS: Markers = {
    "Le collège du secteur": [
        (
            "expect",
            "Le collège prévient l'éducateur référent le jour même d'une absence.",
            ["low", "medium", "medium", "high", "high"],
            "Appel du secrétariat avant 10 h, chaque fois ce trimestre.",
        ),
        (
            "like",
            "Le professeur principal invite l'éducateur référent aux réunions parents-professeurs.",
            ["none", "low", "low", "medium", "medium"],
            "Invitation reçue pour quatre jeunes sur six.",
        ),
        (
            "love",
            "Le collège construit avec la MECS un aménagement de scolarité pour un jeune déscolarisé.",
            ["none", "none", "none", "none", "none"],
            "Demande faite en juin, pas encore de réponse.",
        ),
    ],
    "Les parents": [
        (
            "expect",
            "Les parents viennent aux visites prévues par le juge.",
            [
                "medium",
                "medium",
                "low",
                "medium",
                "medium",
                "medium",
                "medium",
                "high",
                "medium",
                "high",
                "high",
                "high",
                "high",
            ],
            "Visites tenues ce mois-ci, sauf une annulée la veille.",
        ),
        (
            "like",
            "Les parents appellent d'eux-mêmes pour prendre des nouvelles de la scolarité.",
            ["none", "low", "low", "low", "medium"],
            "Trois parents appellent après chaque bulletin.",
        ),
        (
            "love",
            "Les parents viennent à la synthèse du projet pour l'enfant et y disent leur point de vue.",
            ["none", "none", "low", "none", "low"],
            "Une mère présente à la dernière synthèse, un père excusé.",
        ),
    ],
    "Le club de football du quartier": [
        (
            "expect",
            "Le club accueille les jeunes de la MECS aux entraînements sans demande particulière.",
            ["medium", "high", "high", "high", "high"],
            "Cinq jeunes licenciés, accueillis comme les autres.",
        ),
        (
            "like",
            "L'entraîneur signale lui-même à l'éducateur une difficulté avec un jeune.",
            ["none", "low", "medium", "medium", "medium"],
            "Deux appels de l'entraîneur ce trimestre, utiles.",
        ),
        (
            "love",
            "Un jeune de la MECS devient aide-entraîneur des plus petits.",
            ["none", "none", "none", "none", "none"],
            "Un jeune en parle ; l'âge requis n'est pas encore atteint.",
        ),
    ],
}

# criteria: (text, written by, months ago, [(months ago, disagreement, outcome)], rewording or None
# as (months ago, new text))
Criteria = list[tuple[str, str, int, list[tuple[int, str, str]], tuple[int, str] | None]]

EHPAD_CRITERIA: Criteria = [
    (
        "Une toilette bien faite, c'est celle dont le résident a choisi l'heure et le déroulement, même si "
        "elle prend plus de temps.",
        "5 aides-soignantes, 2 infirmières, la cadre de santé",
        12,
        [
            (
                10,
                "L'équipe du matin estime que l'heure choisie n'est pas tenable à 7 h avec deux soignants "
                "pour vingt-huit résidents ; l'équipe d'après-midi propose de décaler une partie des toilettes.",
                "Essai sur un étage pendant deux mois, bilan en séance collective ; le critère a été reformulé.",
            ),
            (
                6,
                "Faut-il noter le refus d'une toilette comme un événement indésirable ? Les avis restent partagés.",
                "",
            ),
        ],
        (
            8,
            "Une toilette bien faite, c'est celle dont le résident a choisi l'heure et le déroulement ; quand "
            "ce n'est pas possible, on lui dit pourquoi et on lui propose un autre moment.",
        ),
    ),
    (
        "Un repas bien servi, c'est un repas où l'on a le temps de s'asseoir à côté de ceux qui ont besoin "
        "d'aide.",
        "3 agents de service, 2 aides-soignantes",
        11,
        [
            (
                9,
                "La cuisine tient aux horaires fixes du service ; l'équipe de salle voudrait servir en deux temps.",
                "Service en deux temps le midi depuis le printemps ; le soir reste en un temps.",
            )
        ],
        None,
    ),
    (
        "Une transmission bien faite dit ce que le résident a dit et fait, pas seulement ce qui a été fait "
        "pour lui.",
        "Équipes de jour et de nuit, 9 professionnels",
        9,
        [
            (
                7,
                "L'équipe de nuit trouve les transmissions écrites trop longues à lire ; l'équipe de jour "
                "craint de perdre l'essentiel à l'oral.",
                "Désaccord laissé ouvert exprès : on en reparle à la prochaine séance collective.",
            ),
            (2, "Faut-il écrire les mots exacts du résident, entre guillemets, ou les résumer ?", ""),
        ],
        None,
    ),
    (
        "Bien accompagner une fin de vie, c'est que personne ne meure seul si on peut l'éviter, et que "
        "l'équipe puisse en parler après.",
        "2 infirmières, 4 aides-soignantes, le médecin coordonnateur",
        6,
        [
            (
                4,
                "Un temps de parole après chaque décès, ou seulement à la demande ? Certains le vivent "
                "comme une obligation de plus.",
                "Un temps de parole proposé chaque fois, chacun libre d'y venir.",
            )
        ],
        None,
    ),
]

MECS_CRITERIA: Criteria = [
    (
        "Un accueil bien fait, c'est qu'un jeune qui arrive sache dès le premier soir qui est son éducateur "
        "référent et où ranger ses affaires.",
        "6 éducateurs, 1 maîtresse de maison",
        12,
        [
            (
                10,
                "Pour certains, un accueil d'urgence la nuit ne permet pas de nommer le référent ; pour "
                "d'autres, c'est justement là que c'est important.",
                "Un référent provisoire est nommé dès la nuit, confirmé sous huit jours.",
            )
        ],
        None,
    ),
    (
        "Un bon travail avec l'école, c'est que le jeune voie que les adultes se parlent, et qu'il soit là "
        "quand on parle de lui.",
        "5 éducateurs, la cheffe de service",
        10,
        [
            (
                8,
                "Le jeune doit-il être présent à tout le rendez-vous avec le collège ? Certains craignent "
                "qu'il y entende des choses blessantes.",
                "Le jeune est présent à la fin du rendez-vous, quand on décide.",
            ),
            (
                3,
                "Les éducateurs du week-end ne sont jamais aux rendez-vous et se sentent tenus à l'écart.",
                "",
            ),
        ],
        None,
    ),
    (
        "Une bonne relation avec les parents, c'est les informer de ce qui se passe avant qu'ils l'apprennent "
        "par leur enfant.",
        "7 éducateurs, la psychologue",
        9,
        [
            (
                7,
                "Quand le juge a restreint les droits de visite, que peut-on dire aux parents ? La psychologue "
                "et les éducateurs ne placent pas la limite au même endroit.",
                "Point fait avec le service gardien, une trame commune écrite ; le critère a été reformulé.",
            )
        ],
        (
            5,
            "Une bonne relation avec les parents, c'est les informer de ce qui se passe avant qu'ils "
            "l'apprennent par leur enfant, dans les limites fixées par le juge.",
        ),
    ),
    (
        "Une sortie bien préparée, c'est une sortie dont les jeunes ont choisi une partie du programme.",
        "4 éducateurs",
        5,
        [
            (
                3,
                "Laisser choisir coûte plus cher : la direction et l'équipe n'arbitrent pas de la même façon.",
                "Une enveloppe par groupe, dépensée comme la réunion des jeunes le décide.",
            )
        ],
        None,
    ),
]


def _months_ago(today: date, months: int, day: int = 10) -> date:
    """The `day` of the month `months` before today's, never after today."""
    total = today.year * 12 + today.month - 1 - months
    return min(date(total // 12, total % 12 + 1, day), today)


# The HAS objective whose effects lane each partner's markers speak to (their criteria's pages show them).
LANES = {
    "Les familles": "1.11",
    "L'équipe de nuit": "2.10",
    "L'équipe mobile de soins palliatifs": "2.7",
    "Le collège du secteur": "1.17",
    "Les parents": "1.11",
    "Le club de football du quartier": "1.8",
}


def _markers(establishment: Establishment, actor: User, partners: Markers, today: date) -> None:
    versions = mandatory_versions()
    for partner, markers in partners.items():
        objective = (
            versions[0].objectives.filter(code=LANES[partner]).first()
            if versions and partner in LANES
            else None
        )
        for level, text, extents, note in markers:
            marker = add_marker(
                establishment=establishment,
                actor=actor,
                partner=partner,
                level=level,
                text=text,
                objective=objective,
            )
            step = 12 // (len(extents) - 1)
            for i, extent in enumerate(extents):
                months = 12 - i * step
                observe_marker(
                    marker=marker,
                    actor=actor,
                    observed_on=_months_ago(today, months, 12 if months else max(today.day - 3, 1)),
                    extent=extent,
                    note=note if i == len(extents) - 1 else "",
                )


def _criteria(establishment: Establishment, actor: User, criteria: Criteria, today: date) -> None:
    for text, written_by, written, disagreements, rewording in criteria:
        criterion = write_criterion(
            establishment=establishment,
            actor=actor,
            text=text,
            written_on=_months_ago(today, written, 5),
            written_by=written_by,
        )
        for months, words, outcome in disagreements:
            found = add_disagreement(
                criterion=criterion, actor=actor, said_on=_months_ago(today, months, 18), text=words
            )
            if outcome:
                record_outcome(disagreement=found, actor=actor, outcome=outcome)
        if rewording is not None:
            months, new_text = rewording
            reword_criterion(
                criterion=criterion, actor=actor, text=new_text, reworded_on=_months_ago(today, months, 22)
            )


def load_demo_markers() -> None:
    """Idempotent: nothing is added once the EHPAD or the MECS has a progress marker."""
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    mecs = Establishment.objects.filter(finess=with_check_digit("69000003")).first()
    if (
        ehpad is None
        or mecs is None
        or ProgressMarker.objects.filter(establishment__in=[ehpad, mecs]).exists()
    ):
        return
    today = timezone.localdate()
    for establishment, partners, criteria in (
        (ehpad, EHPAD_MARKERS, EHPAD_CRITERIA),
        (mecs, MECS_MARKERS, MECS_CRITERIA),
    ):
        actor = User.objects.filter(organisation=establishment.organisation, role=Role.QUALITY).first()
        if actor is None:
            continue
        _markers(establishment, actor, partners, today)
        _criteria(establishment, actor, criteria, today)
