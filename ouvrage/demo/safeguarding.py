"""Three maltreatment signals for the demo EHPAD: reported by a professional, two handled by the
direction (assessed, one transmitted to the authorities, actions, closed), one still to assess."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.safeguarding.models import Signal
from ouvrage.safeguarding.services import (
    assess_signal,
    close_signal,
    decide_action,
    note_authorities,
    report_signal,
)

# (days ago, nature, place, code, what, measures, reporter role, assessment, authorities, action, closed)
SIGNALS = [
    (
        200,
        "psychological",
        "Chambre, unité Les Glycines",
        "R-031",
        "Propos infantilisants et moqueries pendant la toilette, entendus par une collègue.",
        "Changement d'intervenant pour la toilette dès le lendemain.",
        "professional",
        "Faits confirmés par deux professionnelles ; entretien avec l'intervenant.",
        True,
        "Sensibiliser l'équipe du matin à la bientraitance dans les soins",
        True,
    ),
    (
        90,
        "neglect",
        "Unité Les Tilleuls",
        "R-008",
        "Sonnette restée sans réponse plus de quarante minutes la nuit, à plusieurs reprises.",
        "Passage toutes les heures la nuit en attendant l'analyse.",
        "family",
        "Effectif de nuit insuffisant lors de deux absences non remplacées.",
        False,
        "Revoir le remplacement des absences de nuit",
        True,
    ),
    (
        4,
        "financial",
        "Chambre 17",
        "R-044",
        "Petites sommes disparues du porte-monnaie selon la personne, à plusieurs reprises.",
        "Dépôt proposé au coffre de l'établissement.",
        "accompanied",
        "",
        False,
        "",
        False,
    ),
]


def load_demo_safeguarding() -> None:
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    if ehpad is None or Signal.objects.filter(establishment=ehpad).exists():
        return
    direction = User.objects.filter(organisation=ehpad.organisation, role=Role.DIRECTION).first()
    professional = User.objects.filter(organisation=ehpad.organisation, role=Role.PROFESSIONAL).first()
    if direction is None or professional is None:
        return
    today = timezone.localdate()
    for ago, nature, place, code, what, measures, role, assessment, authorities, action, closed in SIGNALS:
        occurred = today - timedelta(days=ago)
        signal = report_signal(
            establishment=ehpad,
            actor=professional,
            data={
                "occurred_on": occurred,
                "place": place,
                "person_code": code,
                "nature": nature,
                "reporter_role": role,
                "what": what,
                "immediate_measures": measures,
            },
        )
        if not assessment:
            continue
        signal = assess_signal(
            signal=signal,
            actor=direction,
            assessment=assessment,
            decisions="Entretien avec les professionnels concernés.",
            authorities_concerned=authorities,
        )
        if authorities:
            signal = note_authorities(
                signal=signal, actor=direction, reported_on=occurred + timedelta(days=2)
            )
        if action:
            decide_action(signal=signal, actor=direction, data={"title": action, "priority": "high"})
        if closed:
            close_signal(signal=signal, actor=direction, closing_note="Mesures en place, situation suivie.")
