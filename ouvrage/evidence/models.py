"""Evidence (preuve): a document, a link or an observation, recorded once and used wherever it speaks."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from ouvrage.core.storage import private_storage
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def upload_path(instance: Any, filename: str) -> str:
    return f"evidence/{instance.establishment_id}/{uuid.uuid4().hex}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    LINK = "link", "Lien"
    OBSERVATION = "observation", "Observation"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def for_user(self, user: User) -> EvidenceQuerySet:
        """The evidence of the establishments the user sees; for an external evaluator, what is
        cited in the external evaluations they conduct."""
        if getattr(user, "role", None) == "evaluator":
            return self.filter(
                uses__campaign__assessors=user,
                uses__campaign__kind="external",
                establishment__organisation=user.organisation,
            ).distinct()
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class Evidence(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField("type", max_length=20, choices=EvidenceKind.choices)
    title = models.CharField("intitulé", max_length=200)
    text = models.TextField("observation ou description", blank=True)
    url = models.URLField("adresse du lien", blank=True, max_length=500)
    file = models.FileField("fichier", storage=private_storage, upload_to=upload_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "preuve"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class EvidenceUse(models.Model):
    """Evidence cited for one element of a campaign (a piece of evidence can be cited many times)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="uses")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="evidence_uses")
    element = models.ForeignKey("frames.Element", on_delete=models.PROTECT, related_name="evidence_uses")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "preuve citée"
        constraints = [
            models.UniqueConstraint(fields=["evidence", "campaign", "element"], name="unique_evidence_use")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.element}"


class ProofLink(models.Model):
    """A piece of the establishment's evidence linked, once and for every evaluation, to an item the
    evaluator will consult (a document or an observation the frame data lists for a criterion)."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="proof_links"
    )
    proof = models.ForeignKey("frames.Proof", on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="proof_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "preuve liée à ce que l'évaluateur consultera"
        constraints = [
            models.UniqueConstraint(fields=["establishment", "proof", "evidence"], name="unique_proof_link")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.proof}"
