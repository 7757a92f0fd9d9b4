from __future__ import annotations

from decimal import Decimal

from django.db import models

from ouvrage.reporting_burden.burden import Duty


class Recipient(models.TextChoices):
    ARS = "ars", "ARS"
    CD = "cd", "Conseil départemental"
    HAS = "has", "HAS"
    CNSA_ATIH = "cnsa_atih", "CNSA / ATIH (tableau de bord)"
    PJJ = "pjj", "PJJ"
    JUDGE = "juge", "Juge"
    DDETS = "ddets", "DDETS / DREETS"
    ORGANISATION = "siege", "Siège de l'organisme gestionnaire"
    OTHER = "autre", "Autre"


class Frequency(models.TextChoices):
    ANNUAL = "annual", "Annuelle"
    SEMIANNUAL = "semiannual", "Semestrielle"
    QUARTERLY = "quarterly", "Trimestrielle"
    MONTHLY = "monthly", "Mensuelle"
    WEEKLY = "weekly", "Hebdomadaire"
    ON_EVENT = "on_event", "À chaque événement (nombre par an à estimer)"


PER_YEAR = {"annual": 1, "semiannual": 2, "quarterly": 4, "monthly": 12, "weekly": 52}


class ReportingDuty(models.Model):
    """One reporting obligation of an establishment: what, to whom, why, how often, how long, who."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="reporting_duties"
    )
    title = models.CharField("ce qui est transmis", max_length=200)
    recipient = models.CharField("destinataire", max_length=20, choices=Recipient.choices)
    recipient_other = models.CharField("autre destinataire", max_length=100, blank=True)
    legal_basis = models.CharField("fondement (texte, article)", max_length=300, blank=True)
    frequency = models.CharField("fréquence", max_length=20, choices=Frequency.choices)
    occurrences_per_year = models.PositiveIntegerField("nombre de fois par an", default=1)
    hours_per_occurrence = models.DecimalField("heures par occurrence", max_digits=6, decimal_places=2)
    role = models.CharField("qui le fait (fonction)", max_length=100)
    data_items = models.CharField(
        "données transmises",
        max_length=500,
        blank=True,
        help_text="Séparées par des virgules : effectifs, taux d'occupation… Sert à repérer les doublons.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "obligation de reporting"
        ordering = ["recipient", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def recipient_label(self) -> str:
        return (
            self.recipient_other
            if self.recipient == Recipient.OTHER and self.recipient_other
            else self.get_recipient_display()
        )

    @property
    def hours_per_year(self) -> Decimal:
        return self.hours_per_occurrence * self.occurrences_per_year

    def as_duty(self) -> Duty:
        return Duty(
            title=self.title,
            recipient=self.recipient_label,
            role=self.role.strip().capitalize(),
            occurrences_per_year=self.occurrences_per_year,
            hours_per_occurrence=self.hours_per_occurrence,
            data_items=tuple(i.strip() for i in self.data_items.split(",") if i.strip()),
        )
