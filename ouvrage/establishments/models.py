from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from ouvrage.core.storage import private_storage
from ouvrage.establishments.finess import categories
from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind, publics_in_order

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.organisations.models import Organisation

SECTOR_CHOICES = [(s.value, s.label) for s in Sector]
KIND_CHOICES = [(k.value, k.label) for k in StructureKind]

# The fields a person enters for an establishment: the form shows them, the services write them.
PROFILE_FIELDS = (
    "name",
    "finess",
    "finess_category",
    "sector",
    "kind",
    "publics",
    "capacity",
    "authorisation_date",
    "last_evaluation_date",
    "next_evaluation_due",
    "rules_revised_on",
)


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    def for_organisation(self, organisation: Organisation | None) -> EstablishmentQuerySet:
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)

    def for_user(self, user: User) -> EstablishmentQuerySet:
        """What a signed-in user may see, explicitly: all their organisation's establishments, or
        those they are attached to (none attached: none, never all). An external evaluator sees no
        establishment page: only the external evaluations they conduct (campaigns' for_user)."""
        if not user.is_authenticated or user.role == "evaluator":
            return self.none()
        qs = self.for_organisation(user.organisation)
        if user.sees_all_establishments:
            return qs
        return qs.filter(members=user)


class Establishment(models.Model):
    """An ESSMS (établissement ou service) of an organisation, with the profile the référentiel reads."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="establishments"
    )
    name = models.CharField("nom", max_length=200)
    # Printed on the documents' covers; always a small PNG written by establishments/logo.py.
    logo = models.FileField("logo", storage=private_storage, upload_to="logos/", blank=True)
    finess = models.CharField("numéro FINESS", max_length=9)
    finess_category = models.CharField("catégorie FINESS", max_length=4)
    sector = models.CharField("secteur", max_length=20, choices=SECTOR_CHOICES)
    kind = models.CharField("type de structure", max_length=20, choices=KIND_CHOICES)
    publics = models.JSONField("publics accompagnés", default=list)
    capacity = models.PositiveIntegerField("capacité (places ou personnes)", null=True, blank=True)
    authorisation_date = models.DateField("date d'autorisation", null=True, blank=True)
    last_evaluation_date = models.DateField("date de la dernière évaluation", null=True, blank=True)
    next_evaluation_due = models.DateField(
        "prochaine évaluation à rendre",
        null=True,
        blank=True,
        help_text="Date fixée par l'autorité (rythme de cinq ans).",
    )
    rules_revised_on = models.DateField(
        "dernière révision du règlement de fonctionnement",
        null=True,
        blank=True,
        help_text="À réviser au plus tous les cinq ans.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement ou service"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "finess"], name="unique_finess_per_organisation")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def profile(self) -> Profile:
        return Profile(
            Sector(self.sector), StructureKind(self.kind), frozenset(Public(p) for p in self.publics)
        )

    @property
    def publics_display(self) -> str:
        return ", ".join(p.value for p in publics_in_order(self.profile.publics))

    @property
    def category_label(self) -> str:
        category = categories().get(self.finess_category)
        return f"{self.finess_category} – {category.label}" if category else self.finess_category
