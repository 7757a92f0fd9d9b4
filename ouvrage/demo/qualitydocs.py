"""A few quality documents for the demo EHPAD: procedures and protocols (one to review, one in its
second version), the crisis plan with two exercises and its contacts checked; the professionals are
asked to read them, some have."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ouvrage.accounts.models import Role, User
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.qualitydocs.models import QualityDocument
from ouvrage.qualitydocs.services import (
    acknowledge,
    add_version,
    create_document,
    note_contacts_checked,
    record_exercise,
)

# (kind, title, review in days (negative: overdue), text, second version's note or "")
DOCUMENTS = [
    (
        "procedure",
        "Procédure d'accueil d'un nouveau résident",
        240,
        "Avant l'entrée : visite de pré-admission, recueil des habitudes de vie. Le jour de l'entrée : "
        "accueil par un référent, présentation de la chambre et des lieux de vie.",
        "Le référent est nommé avant l'entrée, et non le jour même.",
    ),
    (
        "protocol",
        "Protocole de prévention des chutes",
        -12,
        "Évaluer le risque de chute à l'entrée puis tous les trois mois ; adapter l'environnement "
        "(éclairage, barres d'appui, chaussage) ; après une chute, déclarer l'événement indésirable.",
        "",
    ),
    (
        "procedure",
        "Procédure de signalement d'une situation de maltraitance",
        300,
        "Tout professionnel qui constate ou soupçonne une maltraitance en informe sans délai la direction ; "
        "la direction déclare aux autorités et protège la personne.",
        "",
    ),
    (
        "crisis_plan",
        "Plan bleu et plan de continuité d'activité",
        150,
        "Cellule de crise, niveaux d'alerte, fonctionnement en mode dégradé (canicule, épidémie, "
        "panne d'électricité), annuaire des contacts utiles.",
        "Mise à jour après l'exercice canicule : pièce rafraîchie au rez-de-chaussée.",
    ),
]


def load_demo_qualitydocs() -> None:
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    if ehpad is None or QualityDocument.objects.filter(establishment=ehpad).exists():
        return
    quality = User.objects.filter(organisation=ehpad.organisation, role=Role.QUALITY).first()
    professional = User.objects.filter(organisation=ehpad.organisation, role=Role.PROFESSIONAL).first()
    if quality is None or professional is None:
        return
    today = timezone.localdate()
    for n, (kind, title, review, text, note) in enumerate(DOCUMENTS):
        document = create_document(
            establishment=ehpad,
            actor=quality,
            kind=kind,
            title=title,
            owner=quality,
            review_on=today + timedelta(days=review),
            reader_roles=[Role.PROFESSIONAL, Role.QUALITY],
            readers=[],
            effective_on=today - timedelta(days=400),
            text=text,
        )
        if n % 2 == 0:
            acknowledge(document=document, actor=professional, number=1)
        if note:
            add_version(
                document=document,
                actor=quality,
                effective_on=today - timedelta(days=30),
                note=note,
                review_on=today + timedelta(days=review),
                text=f"{text}\n{note}",
            )
        acknowledge(document=document, actor=quality, number=2 if note else 1)
    record_exercise(
        establishment=ehpad,
        actor=quality,
        held_on=today - timedelta(days=150),
        scenario="Canicule : trois jours au-dessus de 35 °C",
        lessons="La pièce rafraîchie du rez-de-chaussée ne suffit pas à accueillir tous les résidents de l'étage.",
        action_title="Équiper une seconde pièce rafraîchie à l'étage",
    )
    record_exercise(
        establishment=ehpad,
        actor=quality,
        held_on=today - timedelta(days=45),
        scenario="Panne d'électricité de nuit",
        lessons="Les lampes frontales étaient rangées dans un local fermé à clé.",
    )
    note_contacts_checked(establishment=ehpad, actor=quality, checked_on=today - timedelta(days=40))
