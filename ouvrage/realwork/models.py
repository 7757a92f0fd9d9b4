"""The real-work journal: gaps between what is prescribed and what real work allows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ouvrage.core.formatting import long_date


class PrescriptionKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommandation de bonnes pratiques"
    PROCEDURE = "procedure", "Procédure interne"
    REGULATION = "regulation", "Obligation réglementaire"
    HAS_CRITERION = "has_criterion", "Critère du référentiel HAS"
    PROJECT = "project", "Projet d'établissement ou projet personnalisé"
    OTHER = "other", "Autre"


class Missing(models.TextChoices):
    TIME = "time", "Temps"
    STAFF = "staff", "Personnel"
    TRAINING = "training", "Formation"
    PARTNER = "partner", "Partenaire"
    PLACE = "place", "Lieu, locaux"
    EQUIPMENT = "equipment", "Matériel"
    INFORMATION = "information", "Information"
    OTHER = "other", "Autre"


class WorkGap(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="work_gaps"
    )
    occurred_on = models.DateField("date de la situation")
    situation = models.TextField("la situation")
    prescription_kind = models.CharField(
        "ce qui est prescrit", max_length=20, choices=PrescriptionKind.choices
    )
    prescription = models.CharField("la prescription concernée", max_length=300)
    criterion = models.ForeignKey(
        "frames.Criterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_gaps",
        verbose_name="critère HAS concerné",
    )
    missing = models.JSONField("ce qui a manqué", default=list)
    done_instead = models.TextField("ce qui a été fait à la place", blank=True)
    # Left empty when the professional writes without their name: nothing identifies them, here or
    # in the audit trail.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "écart travail prescrit / travail réel"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{long_date(self.occurred_on)} – {self.prescription}"

    @property
    def missing_labels(self) -> list[str]:
        labels = dict(Missing.choices)
        return [labels.get(m, m) for m in self.missing]

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for what was missing (« Temps, Personnel »)."""
        if key != "missing":
            return None
        labels = dict(Missing.choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
