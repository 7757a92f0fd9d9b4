from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from ouvrage.core.dates import five_years_after
from ouvrage.projet.contents import LABELS


class Projet(models.Model):
    """ProjetEtablissement: one version of the projet d'établissement (ou de service)."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="projets"
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    title = models.CharField("titre", max_length=200, default="Projet d'établissement")
    sections = models.JSONField("contenu", default=dict)
    sessions = models.ManyToManyField(
        "ownframe.CollectiveSession", blank=True, related_name="projets", verbose_name="séances d'élaboration"
    )
    cvs_consulted_on = models.DateField("CVS consulté le", null=True, blank=True)
    cvs_opinion = models.TextField("avis du CVS", blank=True)
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    adopted_by = models.CharField("adopté par", max_length=200, blank=True)
    sent_on = models.DateField("transmis aux autorités le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "version"], name="unique_projet_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for the parts saved (their titles, not their keys)."""
        if key != "sections":
            return None
        keys = value if isinstance(value, list) else [value]
        return " ; ".join(LABELS.get(str(k), str(k)) for k in keys)

    @property
    def valid_until(self) -> date | None:
        """Five years at most after adoption (L311-8 CASF)."""
        return five_years_after(self.adopted_on) if self.adopted_on else None

    @property
    def stage(self) -> str:
        if self.sent_on:
            return "transmis"
        if self.adopted_on:
            return "adopté"
        if self.cvs_consulted_on:
            return "CVS consulté"
        return "en cours d'écriture"


class ProjetObjective(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField("objectif")
    criteria = models.ManyToManyField(
        "frames.Criterion",
        blank=True,
        related_name="projet_objectives",
        verbose_name="critères HAS et questions propres",
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="projet_objectives", verbose_name="actions"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
