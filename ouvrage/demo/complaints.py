"""A few complaints for the demo EHPAD: answered, late, open, one through the public link."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.complaints.models import Complaint
from ouvrage.complaints.services import (
    acknowledge,
    answer,
    close,
    file_complaint,
    new_action,
    record_complaint,
    set_link,
)
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment

# (days ago, channel, theme, from whom, person code, subject, text, acknowledged after, answered after)
COMPLAINTS = [
    (
        300,
        "letter",
        "meals",
        "family",
        "P-021",
        "Repas froids le soir",
        "Les plateaux du soir arrivent froids dans les chambres du 2e étage.",
        3,
        14,
    ),
    (
        240,
        "oral",
        "belongings",
        "family",
        "P-008",
        "Gilet perdu au linge",
        "Un gilet marqué est revenu d'une autre chambre, le sien a disparu.",
        2,
        9,
    ),
    (
        170,
        "cvs",
        "activities",
        "accompanied",
        "",
        "Peu d'activités le week-end",
        "Au CVS, des résidents disent s'ennuyer le samedi et le dimanche après-midi.",
        5,
        40,
    ),
    (
        95,
        "email",
        "information",
        "representative",
        "P-033",
        "Pas prévenu d'une chute",
        "Le fils a appris la chute de sa mère trois jours après.",
        1,
        12,
    ),
    (
        40,
        "oral",
        "care",
        "family",
        "P-014",
        "Attente à la sonnette la nuit",
        "Sa mère attend parfois vingt minutes la nuit avant qu'on vienne.",
        4,
        None,
    ),
    (
        12,
        "letter",
        "billing",
        "family",
        "P-027",
        "Facture d'un mois déjà payé",
        "Le mois d'août a été facturé deux fois.",
        None,
        None,
    ),
]


def load_demo_complaints() -> None:
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    if ehpad is None or Complaint.objects.filter(establishment=ehpad).exists():
        return
    quality = User.objects.filter(organisation=ehpad.organisation, role=Role.QUALITY).first()
    if quality is None:
        return
    today = timezone.localdate()
    link = set_link(establishment=ehpad, actor=quality, open_=True)
    for ago, channel, theme, whom, code, subject, text, ack, answered in COMPLAINTS:
        received = today - timedelta(days=ago)
        complaint = record_complaint(
            establishment=ehpad,
            actor=quality,
            kind="claim",
            channel=channel,
            theme=theme,
            received_on=received,
            from_whom=whom,
            person_code=code,
            subject=subject,
            description=text,
        )
        if ack is not None:
            acknowledge(complaint=complaint, actor=quality, on=received + timedelta(days=ack))
        if answered is not None:
            answer(
                complaint=complaint,
                actor=quality,
                on=received + timedelta(days=answered),
                text=f"Nous avons examiné la situation en équipe : {subject.lower()}.",
                for_person="Merci de nous l'avoir dit. Nous avons changé notre façon de faire.",
                what_changed="Point fait en réunion d'équipe ; consigne écrite et affichée.",
            )
            if ago > 200:
                close(complaint=complaint, actor=quality, on=received + timedelta(days=answered + 5))
        if channel == "letter" and theme == "meals":
            new_action(
                complaint=complaint,
                actor=quality,
                title="Chariots chauffants pour les repas du soir",
                criteria=[],
            )
    file_complaint(
        link=link,
        from_whom="family",
        description="Ma mère n'a pas eu sa promenade cette semaine. Personne ne nous a dit pourquoi.",
        submission="",
    )
