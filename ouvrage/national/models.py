from __future__ import annotations

from django.db import models


class NationalResult(models.Model):
    """One published evaluation result (HAS open data, file open_data_par_essms), imported from a
    file the user gives; never downloaded by the application."""

    finess_geo = models.CharField(max_length=9, db_index=True)
    category = models.CharField(max_length=4, db_index=True)
    region = models.CharField(max_length=100, blank=True, db_index=True)
    eval_end = models.DateField(null=True, blank=True)
    mean_100 = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    imperative_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    letter = models.CharField(max_length=1, blank=True)
    # Read in the meaning each column had at the row's date (national/published.py).
    applicable_imperatives = models.PositiveSmallIntegerField(null=True, blank=True)
    imperatives_at_threshold = models.PositiveSmallIntegerField(null=True, blank=True)  # ≥ 3.5
    imperatives_at_four = models.PositiveSmallIntegerField(null=True, blank=True)
    chapters = models.JSONField(default=dict)
    source_file = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["category", "region"])]

    def __str__(self) -> str:
        return f"{self.finess_geo} {self.letter}"
