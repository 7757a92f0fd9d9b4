"""Demo data: an association with five establishments of different kinds, and a second organisation.

Idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ouvrage.accounts.models import Role, User
from ouvrage.audit.services import record
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.organisations.models import Organisation

DEMO_PASSWORD = "ouvrage-demo-2026"  # noqa: S105 (demo accounts only, printed on start)


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
    ("qualite@tilleuls.example.org", "Karim Benali", Role.QUALITY, "tilleuls"),
    ("admin@tilleuls.example.org", "Sophie Durand", Role.ADMIN, "tilleuls"),
    ("educ@tilleuls.example.org", "Lucas Petit", Role.PROFESSIONAL, "tilleuls"),
    ("direction@horizon.example.org", "Nadia Roux", Role.DIRECTION, "horizon"),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo organisations, establishments and accounts; return (email, role) of the accounts."""
    orgs = {
        "tilleuls": Organisation.objects.get_or_create(name="Association Les Tilleuls")[0],
        "horizon": Organisation.objects.get_or_create(name="Association Horizon")[0],
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
                    action="establishment.created",
                    target=establishment,
                    organisation=orgs[key],
                    actor_label="données de démonstration",
                )
    accounts = []
    for email, name, role, key in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=role, organisation=orgs[key]
            )
        accounts.append((email, user.get_role_display()))
    educ = User.objects.get(email="educ@tilleuls.example.org")
    if not educ.establishments.exists():
        educ.establishments.add(
            Establishment.objects.get(organisation=orgs["tilleuls"], finess=with_check_digit("69000001"))
        )
    return accounts
