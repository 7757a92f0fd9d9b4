"""Demo data: an association with five establishments of different kinds, and a second organisation.

Idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import Invitation, Role, User
from ouvrage.accounts.services import invite
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.calendar.models import CvsMeeting
from ouvrage.campaigns.lifecycle import State
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import grid_for
from ouvrage.campaigns.services import (
    close_campaign,
    create_campaign,
    evaluate_also,
    plan_interview,
    rate_element,
    refresh_summary,
)
from ouvrage.demo.complaints import load_demo_complaints
from ouvrage.demo.effects import load_demo_lanes
from ouvrage.demo.incidents import load_demo_incidents
from ouvrage.demo.markers import load_demo_markers
from ouvrage.demo.qualitydocs import load_demo_qualitydocs
from ouvrage.demo.safeguarding import load_demo_safeguarding
from ouvrage.demo.stories import load_demo_stories
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence, ProofLink
from ouvrage.evidence.services import add_and_cite, add_evidence, link_proof
from ouvrage.frames.models import FrameVersion, Proof
from ouvrage.frames.selectors import mandatory_versions
from ouvrage.organisations.models import Organisation
from ouvrage.ownframe.models import CollectiveSession, CrosswalkLink, Mission, Need, Value
from ouvrage.ownframe.services import adopt_starter, answer_question
from ouvrage.projet.models import Projet
from ouvrage.realwork.models import WorkGap
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.surveys.models import EasyReadSurvey, SurveyQuestion
from ouvrage.surveys.services import submit

DEMO_PASSWORD = "ouvrage-demo-2026"  # noqa: S105 (demo accounts only, printed on start)


def _mandatory() -> FrameVersion | None:
    """The référentiel every establishment is evaluated against (the HAS one), if loaded."""
    versions = mandatory_versions()
    return versions[0] if versions else None


@dataclass(frozen=True)
class DemoEstablishment:
    name: str
    finess8: str
    category: str
    sector: str
    kind: str
    publics: tuple[str, ...]
    capacity: int | None
    authorised: date
    evaluated: date | None


TILLEULS = [
    DemoEstablishment(
        "EHPAD Les Tilleuls",
        "69000001",
        "500",
        "medico_social",
        "etablissement",
        ("PA",),
        84,
        date(2017, 1, 3),
        date(2023, 11, 20),
    ),
    DemoEstablishment(
        "IME Les Sources",
        "69000002",
        "183",
        "medico_social",
        "etablissement",
        ("PHE",),
        60,
        date(2012, 6, 1),
        date(2024, 3, 14),
    ),
    DemoEstablishment(
        "MECS La Passerelle",
        "69000003",
        "177",
        "social",
        "etablissement",
        ("PE-PJJ",),
        40,
        date(2015, 9, 1),
        None,
    ),
    DemoEstablishment(
        "CHRS L'Escale",
        "69000004",
        "214",
        "social",
        "etablissement",
        ("AHI",),
        50,
        date(2010, 4, 12),
        date(2025, 5, 6),
    ),
    DemoEstablishment(
        "SAAD Aide et présence du Val",
        "69000005",
        "460",
        "social",
        "service",
        ("PA", "PHA", "PHE"),
        None,
        date(2019, 2, 1),
        None,
    ),
]
HORIZON = [
    DemoEstablishment(
        "SESSAD Horizon",
        "38000001",
        "182",
        "medico_social",
        "service",
        ("PHE",),
        35,
        date(2014, 1, 6),
        date(2024, 9, 30),
    ),
]
USERS = [
    ("direction@tilleuls.example.org", "Claire Martin", Role.DIRECTION, "tilleuls"),
    ("evaluatrice@qualeval.example.org", "Jeanne Roux", Role.EVALUATOR, "tilleuls"),
    ("qualite@tilleuls.example.org", "Karim Benali", Role.QUALITY, "tilleuls"),
    ("admin@tilleuls.example.org", "Sophie Durand", Role.ADMIN, "tilleuls"),
    ("educ@tilleuls.example.org", "Lucas Petit", Role.PROFESSIONAL, "tilleuls"),
    ("direction@horizon.example.org", "Nadia Roux", Role.DIRECTION, "horizon"),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo organisations, establishments and accounts; return (email, role) of the accounts."""
    # The demo opens without a second factor; a real organisation keeps the default (required for
    # administrators and directors), which its administrator can see and change on « Comptes ».
    orgs = {
        "tilleuls": Organisation.objects.get_or_create(
            name="Association Les Tilleuls", defaults={"mfa_required": False}
        )[0],
        "horizon": Organisation.objects.get_or_create(
            name="Association Horizon", defaults={"mfa_required": False}
        )[0],
    }
    for key, items in (("tilleuls", TILLEULS), ("horizon", HORIZON)):
        for d in items:
            establishment, created = Establishment.objects.get_or_create(
                organisation=orgs[key],
                finess=with_check_digit(d.finess8),
                defaults={
                    "name": d.name,
                    "finess_category": d.category,
                    "sector": d.sector,
                    "kind": d.kind,
                    "publics": list(d.publics),
                    "capacity": d.capacity,
                    "authorisation_date": d.authorised,
                    "last_evaluation_date": d.evaluated,
                },
            )
            if created:
                record(
                    action=AuditAction.ESTABLISHMENT_CREATED,
                    target=establishment,
                    organisation=orgs[key],
                    actor_label="données de démonstration",
                )
    accounts = []
    for email, name, role, key in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=name,
                role=role,
                organisation=orgs[key],
                all_establishments=role not in (Role.PROFESSIONAL, Role.EVALUATOR),
            )
        accounts.append((email, user.get_role_display()))
    educ = User.objects.get(email="educ@tilleuls.example.org")
    if not educ.establishments.exists():
        educ.establishments.add(
            Establishment.objects.get(organisation=orgs["tilleuls"], finess=with_check_digit("69000001"))
        )
    return accounts


DEMO_PEOPLE = [
    (
        "P-001",
        {"public": "PA", "duree": "plus_3_ans", "autonomie": "dependante", "mesure": "hébergement permanent"},
    ),
    (
        "P-002",
        {"public": "PA", "duree": "moins_1_an", "autonomie": "partielle", "mesure": "hébergement permanent"},
    ),
    (
        "P-003",
        {"public": "PA", "duree": "1_3_ans", "autonomie": "autonome", "mesure": "hébergement temporaire"},
    ),
]


DEMO_COMMENTS = {
    "1": ["Rien n'est prévu à ce jour ; l'équipe le reconnaît."],
    "2": [
        "Fait pour certains résidents seulement, selon l'équipe présente.",
        "La personne dit ne pas avoir été consultée ; le dossier n'en garde pas trace.",
    ],
    "3": [
        "Fait le plus souvent ; la traçabilité reste à améliorer.",
        "La personne confirme, avec un exemple récent ; les familles moins.",
    ],
    "4": [
        "La personne le dit spontanément ; le projet personnalisé le montre.",
        "Pratique partagée par toute l'équipe, vérifiée dans deux dossiers.",
    ],
    "*": ["Pratique remarquable, présentée au CVS et reprise par d'autres équipes."],
}
DEMO_EVIDENCE = [
    ("document", "Projet personnalisé de P-001 (révision de mars 2025)", ""),
    (
        "observation",
        "Repas observé le 4 mars 2025",
        "Choix du menu proposé à chaque résident, aide discrète.",
    ),
    ("document", "Compte rendu du CVS du 12 février 2025", ""),
    (
        "observation",
        "Transmissions ciblées relues le 5 mars 2025",
        "Traçabilité complète sur la semaine relue.",
    ),
]


def load_demo_campaigns() -> None:
    """Two campaigns for the demo EHPAD: one complete (every element rated), one in progress.
    Ratings are written through the rating service, as a person would."""

    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    version = _mandatory()
    if ehpad is None or version is None or Campaign.objects.filter(establishment=ehpad).exists():
        return
    quality = User.objects.get(email="qualite@tilleuls.example.org")
    plans = [
        ("Auto-évaluation 2025", date(2025, 3, 3), date(2025, 6, 27), 1.0),
        ("Auto-évaluation 2026", date(2026, 10, 5), date(2027, 1, 29), 0.35),
    ]
    for title, starts, ends, share in plans:
        campaign = create_campaign(
            establishment=ehpad,
            frame_version=version,
            actor=quality,
            data={"kind": "self", "title": title, "starts_on": starts, "ends_on": ends},
        )
        interviews = [
            plan_interview(
                campaign=campaign,
                actor=quality,
                person_code=code,
                person_attributes=attrs,
                data={
                    "method": "accompagne_traceur",
                    "title": f"Accompagné traceur {code}",
                    "target": "personne",
                    "scheduled_on": starts,
                    "participants": "1 AES, 1 infirmière",
                    "themes": [],
                },
            )
            for code, attrs in DEMO_PEOPLE[:2]
        ]
        interviews.append(
            plan_interview(
                campaign=campaign,
                actor=quality,
                data={
                    "method": "traceur_cible",
                    "title": "Traceur ciblé : circuit du médicament et droits",
                    "target": "professionnels",
                    "scheduled_on": starts,
                    "participants": "2 AES, 1 IDE, 1 médecin coordonnateur",
                    "themes": [],
                },
            )
        )
        for target, title, participants in (
            ("gouvernance", "Audit système : gouvernance", "directrice, cadre de santé, responsable qualité"),
            ("professionnels", "Audit système : professionnels", "1 AES, 1 IDE, 1 agent de service"),
        ):
            interviews.append(
                plan_interview(
                    campaign=campaign,
                    actor=quality,
                    data={
                        "method": "audit_systeme",
                        "title": title,
                        "target": target,
                        "scheduled_on": starts,
                        "participants": participants,
                        "themes": [],
                    },
                )
            )
        for n, interview in enumerate(interviews):
            rows = [row for part in grid_for(interview).parts for c in part.criteria for row in c.rows]
            for i, row in enumerate(rows[: int(len(rows) * share)]):
                # A plausible, deterministic spread: mostly 3 and 4, some 2, a few optimised.
                mark = "4321*"[(i * 7 + n * 3 + row.element.rank) % 11 % 5] if (i + n) % 9 else "4"
                if row.element.criterion.imperative and mark in "12":
                    mark = "3"
                rate_element(
                    interview=interview,
                    element=row.element,
                    actor=quality,
                    mark=mark,
                    comment=DEMO_COMMENTS[mark][i % len(DEMO_COMMENTS[mark])] if i % 6 == 0 else "",
                    justification="",
                    expected_version=0,
                    refresh=False,
                )
            if n == 0:  # evidence the team cited in the first interview
                for (kind, title, text), row in zip(DEMO_EVIDENCE, rows[::9], strict=False):
                    add_and_cite(
                        campaign=campaign,
                        element=row.element,
                        actor=quality,
                        kind=kind,
                        title=title,
                        text=text,
                    )
        refresh_summary(campaign)


# Documents the EHPAD keeps, linked once to what the evaluator will consult (criterion, item rank).
DEMO_PROOF_LINKS = [
    ("Procédure du circuit du médicament (version 3, 2025)", [("3.6.2", 1), ("3.6.1", 1)]),
    ("Plan de formation 2025-2026", [("1.2.7", 1), ("3.1.3", 1)]),
    ("Livret d'accueil et règlement de fonctionnement", [("1.2.6", 1)]),
    ("Registre des réclamations 2025", [("3.13.1", 1), ("3.13.2", 1)]),
]


def load_demo_readiness() -> None:
    """The EHPAD's quality documents, linked to the items of the manual they answer: the readiness
    page shows some items with evidence and the many still without."""
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    version = _mandatory()
    if ehpad is None or version is None or ProofLink.objects.filter(establishment=ehpad).exists():
        return
    quality = User.objects.get(email="qualite@tilleuls.example.org")
    proofs = {
        (p.criterion.code, p.rank): p
        for p in Proof.objects.filter(criterion__version=version).select_related("criterion")
    }
    for title, items in DEMO_PROOF_LINKS:
        evidence = Evidence.objects.filter(establishment=ehpad, title=title).first() or add_evidence(
            establishment=ehpad, actor=quality, kind="document", title=title
        )
        for key in items:
            if key in proofs:
                link_proof(establishment=ehpad, proof=proofs[key], evidence=evidence, actor=quality)
    transmissions = Evidence.objects.filter(establishment=ehpad, title__startswith="Transmissions").first()
    if transmissions and ("1.7.3", 1) in proofs:
        link_proof(establishment=ehpad, proof=proofs[("1.7.3", 1)], evidence=transmissions, actor=quality)


def load_demo_people() -> None:
    """The external evaluation of 2027 for the EHPAD, conducted by the demo's external evaluator
    (who sees it and nothing else), and an invitation still waiting for a reply."""
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    version = _mandatory()
    if (
        ehpad is None
        or version is None
        or Campaign.objects.filter(establishment=ehpad, kind="external").exists()
    ):
        return
    director = User.objects.get(email="direction@tilleuls.example.org")
    external = create_campaign(
        establishment=ehpad,
        frame_version=version,
        actor=director,
        data={
            "kind": "external",
            "title": "",
            "starts_on": date(2027, 3, 1),
            "ends_on": date(2027, 4, 30),
            "visit_starts_on": date(2027, 3, 15),
            "visit_ends_on": date(2027, 3, 16),
            "evaluator": "Qualéval",
            "evaluator_accreditation": "3-1234",
            "lead_evaluator": "Jeanne Roux",
        },
    )
    User.objects.get(email="evaluatrice@qualeval.example.org").campaigns.add(external)
    admin = User.objects.get(email="admin@tilleuls.example.org")
    if not Invitation.objects.filter(email="cadre.sante@tilleuls.example.org").exists():
        invite(
            actor=admin,
            data={
                "email": "cadre.sante@tilleuls.example.org",
                "full_name": "Inès Moreau",
                "role": Role.QUALITY,
                "all_establishments": False,
                "establishments": [ehpad],
                "campaigns": [],
            },
            base_url="http://127.0.0.1:8000/",
        )


def load_demo_closing() -> None:
    """The 2025 evaluation was finished and validated by the director at the end of June 2025: it is
    closed (read-only); the 2026 one is under way. Run after everything that writes into 2025."""
    campaign = Campaign.objects.filter(title="Auto-évaluation 2025", state=State.IN_PROGRESS).first()
    if campaign is None:
        return
    director = User.objects.get(email="direction@tilleuls.example.org")
    close_campaign(campaign=campaign, actor=director)
    # As it happened in the demo's story, not on the day the demo was loaded.
    closed_at = timezone.make_aware(datetime(2025, 6, 30, 17, 0))
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=closed_at)


def load_demo_own_work() -> None:
    """The EHPAD's reporting register and real-work journal (one entry written without a name)."""

    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    if ehpad is None or ReportingDuty.objects.filter(establishment=ehpad).exists():
        return
    duties = [
        (
            "Tableau de bord de la performance ESMS",
            "cnsa_atih",
            "annual",
            1,
            "28",
            "Direction",
            "effectifs, taux d'occupation, absentéisme",
        ),
        (
            "ERRD (état réalisé des recettes et dépenses)",
            "ars",
            "annual",
            1,
            "40",
            "Comptable",
            "effectifs, budget",
        ),
        ("Enquête flash taux d'occupation", "cd", "monthly", 12, "1.5", "Secrétariat", "taux d'occupation"),
        ("Signalement d'événements indésirables graves", "ars", "on_event", 6, "2", "Cadre de santé", ""),
        ("Rapport d'activité", "cd", "annual", 1, "24", "Direction", "effectifs, activité"),
    ]
    for title, recipient, frequency, per_year, hours, role, items in duties:
        ReportingDuty.objects.create(
            establishment=ehpad,
            title=title,
            recipient=recipient,
            frequency=frequency,
            occurrences_per_year=per_year,
            hours_per_occurrence=Decimal(hours),
            role=role,
            data_items=items,
        )
    educ = User.objects.get(email="educ@tilleuls.example.org")
    gaps = [
        (
            date(2026, 9, 14),
            "Toilette écourtée un dimanche : deux absences non remplacées.",
            "recommendation",
            "Recommandation bientraitance : prendre le temps de l'accompagnement",
            ["time", "staff"],
            "Toilette au lavabo, bain reporté au lundi.",
            None,
        ),
        (
            date(2026, 10, 3),
            "Projet personnalisé non réévalué à six mois.",
            "has_criterion",
            "Coconstruction du projet personnalisé",
            ["time"],
            "Point rapide avec la famille au téléphone.",
            educ,
        ),
        (
            date(2026, 10, 21),
            "Sortie au marché annulée faute d'accompagnant.",
            "project",
            "Projet d'animation",
            ["staff", "partner"],
            "Atelier cuisine sur place.",
            None,
        ),
    ]
    for occurred, situation, kind, prescription, missing, instead, author in gaps:
        WorkGap.objects.create(
            establishment=ehpad,
            occurred_on=occurred,
            situation=situation,
            prescription_kind=kind,
            prescription=prescription,
            missing=missing,
            done_instead=instead,
            author=author,
        )


def load_demo_own_frame() -> None:
    """The EHPAD's own frame: missions, needs, values, the starter questions, links to HAS criteria,
    and answers in the complete campaign."""

    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    has = _mandatory()
    if ehpad is None or has is None or Mission.objects.filter(establishment=ehpad).exists():
        return
    director = User.objects.get(email="direction@tilleuls.example.org")
    own = adopt_starter(establishment=ehpad, actor=director)
    Mission.objects.create(
        establishment=ehpad,
        text="Accueillir et accompagner 84 personnes âgées dépendantes, dont 12 en unité protégée.",
        source="authorisation",
        reference="Arrêté conjoint ARS / département du 3 janvier 2017",
    )
    Mission.objects.create(
        establishment=ehpad,
        text="Développer l'accueil de jour et le soutien aux aidants du secteur.",
        source="cpom",
        reference="CPOM 2023–2027, fiche action 4",
    )
    Need.objects.create(
        establishment=ehpad,
        text="Garder des liens avec le quartier et la vie d'avant.",
        observed="Entretiens d'admission, conseil de la vie sociale du 12 mars",
    )
    Need.objects.create(
        establishment=ehpad,
        text="Être accompagné la nuit sans contention.",
        observed="Journal du travail réel, analyse des chutes",
    )
    Value.objects.create(establishment=ehpad, text="Prendre le temps, même quand il manque.")
    Value.objects.create(establishment=ehpad, text="La personne décide de ce qui la concerne.")
    links = {"Q1.1": ["1.10.1", "1.10.2"], "Q3.2": ["3.8.1"], "Q5.1": ["1.12.1", "1.13.1"], "Q6.2": ["2.1.1"]}
    for code, has_codes in links.items():
        question = own.version.criteria.get(code=code)
        for has_code in has_codes:
            criterion = has.criteria.filter(code=has_code).first()
            if criterion:
                CrosswalkLink.objects.get_or_create(question=question, criterion=criterion)

    session = CollectiveSession.objects.create(
        establishment=ehpad,
        held_on=date(2026, 10, 8),
        title="Liberté d'aller et venir et sécurité la nuit",
        professionals=9,
        people=2,
        families=2,
        cvs=1,
        codes="P-001, P-003",
        created_by=director,
        said="Les portes codées rassurent les familles mais pèsent sur les résidents qui peuvent sortir seuls.",
        decided="Essayer pendant trois mois un code affiché pour les résidents volontaires ; bilan au CVS de janvier.",
    )
    session.questions.add(own.version.criteria.get(code="Q2.1"))
    campaign = Campaign.objects.filter(establishment=ehpad, title="Auto-évaluation 2025").first()
    if campaign is None:
        return
    evaluate_also(campaign=campaign, version=own.version, actor=director)  # answered in 2025 already
    answers = {
        "Q1.1": (
            "En grande partie",
            "Les projets personnalisés suivent l'évolution de la dépendance ; la vie sociale moins.",
        ),
        "Q3.2": (
            "Un peu",
            "Le reporting prend environ 130 heures par an à la direction (registre) : autant de moins pour l'équipe.",
        ),
        "Q5.1": (
            "En grande partie",
            "Moins de chutes la nuit depuis la veille renforcée ; les familles le disent au CVS.",
        ),
    }
    for code, (judgement, analysis) in answers.items():
        answer_question(
            campaign=campaign,
            question=own.version.criteria.get(code=code),
            actor=director,
            judgement=judgement,
            analysis=analysis,
            participants="équipe de jour, 2 représentants au CVS",
        )


def load_demo_survey() -> None:
    """An easy-to-read questionnaire for the EHPAD, with a few anonymous answers."""

    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    has = _mandatory()
    if ehpad is None or EasyReadSurvey.objects.filter(establishment=ehpad).exists():
        return
    survey = EasyReadSurvey.objects.create(
        establishment=ehpad,
        title="Votre avis sur la vie ici",
        intro="Quatre questions. Vous pouvez répondre « Je ne sais pas ».",
    )
    texts = [
        ("Vous mangez bien ?", "repas", "1.14.1"),
        ("Vous vous sentez chez vous ?", "maison", "1.4.1"),
        ("On vous écoute ?", "parole", "1.6.1"),
        ("Vous voyez les personnes que vous aimez ?", "coeur", "1.11.1"),
    ]
    questions = [
        SurveyQuestion.objects.create(
            survey=survey,
            position=i,
            text=text,
            pictogram=picto,
            criterion=has.criteria.filter(code=code).first() if has else None,
        )
        for i, (text, picto, code) in enumerate(texts, start=1)
    ]
    for answers in (
        ["Oui", "Un peu", "Oui", "Oui"],
        ["Un peu", "Non", "Oui", "Un peu"],
        ["Oui", "Oui", "Je ne sais pas", "Oui"],
    ):
        submit(survey=survey, answers={q.pk: a for q, a in zip(questions, answers, strict=True)})


# Each establishment's CVS has its own agenda (a service has no CVS).
CVS_TOPICS = {
    "69000001": ("Menus et animation", "Bilan de l'essai de code affiché"),
    "69000002": ("Sorties du printemps", "Projet de jardin partagé"),
    "69000003": ("Règles de vie de la maison", "Séjours d'été"),
    "69000004": ("Accès à la laverie", "Bilan des ateliers emploi"),
}


def load_demo_calendar() -> None:
    """Dates for the calendar: evaluations due, rules to revise, CVS meetings."""

    today = timezone.localdate()
    plans = {
        "69000001": (2027, 11, 20, date(2022, 1, 10)),
        "69000002": (2027, 3, 14, date(2021, 12, 1)),
        "69000003": (2026, 12, 15, date(2023, 6, 1)),
        "69000004": (2030, 5, 6, date(2024, 2, 1)),
        "69000005": (2027, 6, 30, None),
    }
    for finess8, (year, month, day, rules) in plans.items():
        establishment = Establishment.objects.filter(finess=with_check_digit(finess8)).first()
        if establishment is None or establishment.next_evaluation_due:
            continue
        establishment.next_evaluation_due = date(year, month, day)
        establishment.rules_revised_on = rules
        establishment.save(update_fields=["next_evaluation_due", "rules_revised_on"])
        for weeks, topic in zip((3, 15), CVS_TOPICS.get(finess8, ()), strict=False):
            CvsMeeting.objects.create(
                establishment=establishment, held_on=today + timedelta(weeks=weeks), topic=topic
            )


def load_demo_projets() -> None:
    """A projet d'établissement per establishment, at different stages."""

    texts = {
        "coordination": "Conventions avec le centre hospitalier, l'équipe mobile de soins palliatifs et le CLIC.",
        "risk_detection": "Analyse des événements indésirables en réunion mensuelle ; questionnaire annuel aux familles.",
        "reporting": "Procédure de signalement affichée ; référent bientraitance ; information du directeur sous 24 h.",
        "external_authority": "Personne qualifiée désignée par arrêté conjoint ; coordonnées affichées à l'accueil et dans le livret.",
        "missions": "Accueil et accompagnement de personnes âgées dépendantes (arrêté d'autorisation, CPOM 2023–2027).",
        "people": "84 résidents, âge moyen 88 ans, GMP 720.",
    }
    stages: dict[str, list[tuple[int, date | None, date | None, date | None, dict[str, str]]]] = {
        "69000001": [
            (1, date(2020, 11, 2), date(2020, 11, 20), None, dict(texts)),
            (
                2,
                None,
                None,
                None,
                dict(texts, coordination=texts["coordination"] + " Partenariat avec le lycée professionnel."),
            ),
        ],
        "69000002": [
            (
                1,
                date(2024, 3, 1),
                date(2024, 3, 21),
                date(2024, 4, 2),
                {k: texts[k] for k in ("coordination", "missions")},
            )
        ],
        "69000003": [
            (
                1,
                None,
                None,
                None,
                {"coordination": "Travail avec l'ASE, l'Éducation nationale et les services de soins."},
            )
        ],
        "69000004": [
            (
                1,
                date(2023, 5, 4),
                date(2023, 5, 25),
                date(2023, 6, 1),
                {"missions": "Hébergement et réinsertion sociale."},
            )
        ],
        "69000005": [
            (
                1,
                date(2022, 9, 5),
                None,
                None,
                {"coordination": "Coordination avec les SSIAD et les médecins traitants."},
            )
        ],
    }
    for finess8, versions in stages.items():
        establishment = Establishment.objects.filter(finess=with_check_digit(finess8)).first()
        if establishment is None or Projet.objects.filter(establishment=establishment).exists():
            continue
        for version, consulted, adopted, sent, sections in versions:
            Projet.objects.create(
                establishment=establishment,
                version=version,
                sections=sections,
                cvs_consulted_on=consulted,
                adopted_on=adopted,
                adopted_by="Conseil d'administration" if adopted else "",
                sent_on=sent,
                cvs_opinion="Avis favorable." if consulted else "",
            )


def load_everything() -> list[tuple[str, str]]:
    """The whole demo organisation, in order (`ouvrage demo`, and the tests that read its pages); the
    référentiel must be loaded first (`frames import`). Returns the demo accounts (address, role)."""
    accounts = load_demo()
    load_demo_campaigns()
    load_demo_readiness()
    load_demo_own_work()
    load_demo_own_frame()
    load_demo_survey()
    load_demo_calendar()
    load_demo_projets()
    load_demo_closing()
    load_demo_people()
    load_demo_complaints()
    load_demo_incidents()
    load_demo_qualitydocs()
    load_demo_safeguarding()
    load_demo_lanes()
    load_demo_markers()
    load_demo_stories()
    return accounts
