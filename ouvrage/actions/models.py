"""The action plan (PACQ): actions decided after evaluations, followed over the five-year cycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from ouvrage.core.formatting import long_date
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


class Status(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class Priority(models.TextChoices):
    HIGH = "high", "Haute"
    MEDIUM = "medium", "Moyenne"
    LOW = "low", "Basse"


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class ActionQuerySet(models.QuerySet["Action"]):
    def for_user(self, user: User) -> ActionQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def late(self, today: date) -> ActionQuerySet:
        return self.open().filter(due_on__lt=today)


class Action(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="actions"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="évaluation d'origine",
    )
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    criteria = models.ManyToManyField(
        "frames.Criterion", blank=True, related_name="actions", verbose_name="critères"
    )
    evidence = models.ManyToManyField(
        "evidence.Evidence", blank=True, related_name="actions", verbose_name="preuves"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="pilote",
    )
    due_on = models.DateField("échéance", null=True, blank=True)
    priority = models.CharField("priorité", max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PLANNED)
    abandon_reason = models.TextField("raison de l'abandon", blank=True)
    origin = models.CharField("origine", max_length=20, blank=True)  # imperative, low_score, selected, manual
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.due_on is not None and self.due_on < today


class ActionNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField("date")
    text = models.TextField("avancement")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "note d'avancement"
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{long_date(self.written_on)} – {self.text[:40]}"
