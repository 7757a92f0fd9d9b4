"""A few adverse events and two CREX for the demo EHPAD: declared (one without a name), qualified,
analysed, with actions, one EIG to declare to the authorities, some closed with a feedback."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.actions.models import Action, Status
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.incidents.models import AdverseEvent
from ouvrage.incidents.services import (
    analyse_event,
    close_event,
    decide_action,
    declare_event,
    qualify_event,
    record_crex,
)

# (days ago, category, place, person code, what, measures, qualification, severity, frequency,
#  causes, action, days to analyse or None, closed)
EVENTS = [
    (
        320,
        "fall",
        "Salle à manger",
        "R-012",
        "Chute en se levant de table, sans blessure.",
        "Relevée à deux, examen par l'infirmière, famille prévenue.",
        "ei",
        2,
        4,
        {"person": "Troubles de l'équilibre connus.", "environment": "Chaises sans accoudoirs."},
        "Chaises avec accoudoirs en salle à manger",
        6,
        True,
    ),
    (
        250,
        "medication",
        "Unité Les Glycines",
        "R-031",
        "Traitement du soir donné à 22 h au lieu de 19 h.",
        "Médecin prévenu, surveillance la nuit.",
        "ei",
        2,
        3,
        {"task": "Distribution retardée par deux entrées.", "team": "Pas de relais entre l'AS et l'IDE."},
        "Relais écrit AS–IDE pour les traitements du soir",
        9,
        True,
    ),
    (
        150,
        "behaviour",
        "Couloir du 2e étage",
        "R-044",
        "Un résident a bousculé une résidente ; hématome au bras.",
        "Séparés, soins, médecin et familles prévenus.",
        "eig",
        3,
        2,
        {
            "person": "Agitation en fin de journée.",
            "organisation_management": "Effectif réduit entre 17 h et 19 h.",
        },
        "Présence renforcée entre 17 h et 19 h",
        12,
        False,
    ),
    (
        60,
        "disappearance",
        "Jardin",
        "R-007",
        "Résidente retrouvée hors de l'enceinte, portail ouvert.",
        "Recherche, retour accompagné, famille prévenue.",
        "ei",
        3,
        2,
        {"environment": "Portail du jardin mal fermé après une livraison."},
        "",
        15,
        False,
    ),
    (
        12,
        "premises",
        "Chambre 14",
        "",
        "Appel malade hors service toute la nuit.",
        "Ronde toutes les heures.",
        "",
        None,
        None,
        {},
        "",
        None,
        False,
    ),
    (
        3,
        "fall",
        "Chambre 27",
        "R-019",
        "Chute la nuit en allant aux toilettes.",
        "Relevé, surveillance.",
        "",
        None,
        None,
        {},
        "",
        None,
        False,
    ),
]


def load_demo_incidents() -> None:
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    if ehpad is None or AdverseEvent.objects.filter(establishment=ehpad).exists():
        return
    quality = User.objects.filter(organisation=ehpad.organisation, role=Role.QUALITY).first()
    professional = User.objects.filter(organisation=ehpad.organisation, role=Role.PROFESSIONAL).first()
    if quality is None or professional is None:
        return
    today = timezone.localdate()
    events = []
    for n, (
        ago,
        category,
        place,
        code,
        what,
        measures,
        qualification,
        severity,
        frequency,
        causes,
        action,
        delay,
        closed,
    ) in enumerate(EVENTS):
        occurred = today - timedelta(days=ago)
        event = declare_event(
            establishment=ehpad,
            actor=professional,
            data={
                "occurred_on": occurred,
                "occurred_at": time(14 + n % 6, 10 * (n % 5)),
                "place": place,
                "category": category,
                "what": what,
                "person_code": code,
                "immediate_measures": measures,
            },
            anonymous=n % 2 == 1,
        )
        declared = timezone.make_aware(datetime.combine(occurred, time(18, 0)))
        AdverseEvent.objects.filter(pk=event.pk).update(declared_at=declared)
        if qualification and severity and frequency:
            event = qualify_event(
                event=event,
                actor=quality,
                qualification=qualification,
                severity=severity,
                frequency=frequency,
            )
        if causes:
            event = analyse_event(
                event=event, actor=quality, causes=causes, analysis="Analyse faite en équipe."
            )
            AdverseEvent.objects.filter(pk=event.pk).update(analysed_at=declared + timedelta(days=delay or 0))
        if action:
            decided = decide_action(event=event, actor=quality, data={"title": action}, criteria=[])
            if closed:
                Action.objects.filter(pk=decided.pk).update(status=Status.DONE)
        if closed:
            close_event(
                event=event,
                actor=quality,
                feedback="Merci pour votre déclaration : l'analyse a conduit à une action, réalisée depuis.",
            )
        events.append(event)
    record_crex(
        establishment=ehpad,
        actor=quality,
        held_on=today - timedelta(days=230),
        events=events[:2],
        participants={"direction": 1, "quality": 1, "care": 4, "medical": 1},
        decisions="Relais écrit pour les traitements du soir ; chaises à accoudoirs.",
        action_titles=[],
    )
    record_crex(
        establishment=ehpad,
        actor=quality,
        held_on=today - timedelta(days=40),
        events=events[2:4],
        participants={"direction": 1, "quality": 1, "care": 5, "support": 1, "persons": 1},
        decisions="Présence renforcée en fin de journée ; contrôle du portail après chaque livraison.",
        action_titles=["Consigne de fermeture du portail après livraison"],
    )
