from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from ouvrage.core.storage import private_storage


class ReportKind(models.TextChoices):
    SELF_EVALUATION = "self_evaluation", "Rapport d'auto-évaluation"
    CORRECTIVE_PLAN = "corrective_plan", "Plan d'action correctif des impératifs"
    OWN_EVALUATION = "own_evaluation", "Rapport d'évaluation propre de l'établissement"
    PROJET = "projet", "Projet d'établissement"
    BURDEN_REGISTER = "burden_register", "Registre des obligations de reporting"
    INTERVIEW_GUIDE = "interview_guide", "Guide d'entretien sur papier"


# The reports of an evaluation, asked from its page (documents:request).
EVALUATION_REPORTS = frozenset(
    {ReportKind.SELF_EVALUATION, ReportKind.CORRECTIVE_PLAN, ReportKind.OWN_EVALUATION}
)
# Documents of an establishment, followed on documents:establishment_job.
ESTABLISHMENT_DOCUMENTS = frozenset({ReportKind.PROJET, ReportKind.BURDEN_REGISTER})


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class ReportJob(models.Model):
    """A document produced in the background; the page follows its progress."""

    # A document of an evaluation, or (kind « projet ») of the projet d'établissement.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="report_jobs", null=True, blank=True
    )
    projet = models.ForeignKey(
        "projects.Projet", on_delete=models.CASCADE, related_name="report_jobs", null=True, blank=True
    )
    # The register of an establishment (kind « burden_register »); the interview of a paper guide.
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    interview = models.ForeignKey(
        "campaigns.Interview", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=30, choices=ReportKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    file = models.FileField(storage=private_storage, upload_to="reports/", blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # last sign of life from the worker
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker producing it, « host:pid »: a starting worker recovers what dead workers of its
    # host left running, and another host's jobs only once silent past the lease.
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def silent_since(self, now: datetime) -> timedelta:
        """How long a document being produced has given no news (zero when it is not running)."""
        if self.status != JobStatus.RUNNING:
            return timedelta(0)
        return now - self.updated_at

    @property
    def filename(self) -> str:
        if self.kind == ReportKind.PROJET:
            return f"projet-etablissement-{self.projet_id}.pdf"
        if self.kind == ReportKind.BURDEN_REGISTER:
            return f"registre-reporting-{self.establishment_id}.pdf"
        if self.kind == ReportKind.INTERVIEW_GUIDE:
            return f"guide-entretien-{self.interview_id}.pdf"
        stem = (
            "rapport-auto-evaluation"
            if self.kind == ReportKind.SELF_EVALUATION
            else "plan-correctif-imperatifs"
        )
        return f"{stem}-{self.campaign_id}.pdf"
