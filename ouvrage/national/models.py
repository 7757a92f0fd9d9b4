from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from ouvrage.core.storage import private_storage


class NationalResult(models.Model):
    """One published evaluation result (HAS open data, file open_data_par_essms), imported from a
    file a person gives; never downloaded by the application. Shared by every organisation."""

    finess_geo = models.CharField(max_length=9, db_index=True)
    category = models.CharField(max_length=4, db_index=True)
    category_label = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True, db_index=True)
    region_code = models.CharField(max_length=3, blank=True)
    department_code = models.CharField(max_length=3, blank=True)
    # The profile HAS recorded for the evaluated ESSMS (values of establishments.profile; "" or None
    # when the file does not say).
    sector = models.CharField(max_length=20, blank=True)
    structure_kind = models.CharField(max_length=20, blank=True)
    publics = models.JSONField(null=True, blank=True)  # ["PA", …]
    eval_code = models.CharField(max_length=40, blank=True)
    eval_start = models.DateField(null=True, blank=True)
    eval_end = models.DateField(null=True, blank=True)
    multi_essms = models.BooleanField(null=True, blank=True)
    evaluating_body = models.CharField(max_length=200, blank=True)
    accreditation = models.CharField(max_length=40, blank=True)
    mean_100 = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    imperative_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    letter = models.CharField(max_length=1, blank=True)
    # Read in the meaning each column had at the row's date (national/published.py).
    applicable_imperatives = models.PositiveSmallIntegerField(null=True, blank=True)
    imperatives_at_threshold = models.PositiveSmallIntegerField(null=True, blank=True)  # ≥ 3.5
    imperatives_at_four = models.PositiveSmallIntegerField(null=True, blank=True)
    # Scores on 1–4 keyed by the file's suffixes (national/columns.py); only those given.
    chapters = models.JSONField(default=dict)  # "1".."3"
    themes = models.JSONField(default=dict)  # "1.1".."3.8": chapter, rank of the thématique in it
    global_themes = models.JSONField(default=dict)  # "0.1".."0.9": thématiques across chapters
    objectives = models.JSONField(default=dict)  # "1.1".."3.15"
    objective_criteria = models.JSONField(default=dict)  # "1.1" -> criteria evaluated
    imperatives = models.JSONField(default=dict)  # "2.2.1" -> score
    source_file = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["category", "region"])]

    def __str__(self) -> str:
        return f"{self.finess_geo} {self.letter}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    REFUSED = "refused", "Fichier refusé"
    FAILED = "failed", "Échec"


PENDING = (ImportStatus.QUEUED, ImportStatus.RUNNING)
# A running import gives news at least every PROGRESS_EVERY rows; one silent this long was cut short
# by a stop of the worker: it is shown interrupted and another import may start.
STALLED_AFTER = timedelta(minutes=10)


class PublishedImport(models.Model):
    """An import of the published results asked from the page: the file waits in private storage
    until the worker (`ouvrage worker`) has read it, then is deleted; the page follows the count."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to="national/", blank=True)
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(null=True, blank=True)
    problems = models.JSONField(default=list)  # the refused file's problems, in French
    problem_count = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # last sign of life from the worker
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import de « {self.file_name} » ({self.get_status_display()})"

    def stalled(self, now: datetime) -> bool:
        return self.status in PENDING and now - self.updated_at > STALLED_AFTER

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_read / self.rows_total))
