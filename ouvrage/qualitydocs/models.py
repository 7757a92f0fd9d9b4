"""The quality documents of an establishment (procedures, protocols, the crisis plan), their versions
and who has read which version."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from ouvrage.accounts.models import Role
from ouvrage.core.storage import private_storage
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def upload_path(instance: Any, filename: str) -> str:
    return f"qualitydocs/{instance.document.establishment_id}/{uuid.uuid4().hex}"


class DocKind(models.TextChoices):
    PROCEDURE = "procedure", "Procédure"
    PROTOCOL = "protocol", "Protocole"
    CRISIS_PLAN = "crisis_plan", "Plan de crise (plan bleu, PCA)"


class DocumentQuerySet(models.QuerySet["QualityDocument"]):
    def for_user(self, user: User) -> DocumentQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class QualityDocument(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="quality_documents"
    )
    kind = models.CharField("type de document", max_length=20, choices=DocKind.choices)
    title = models.CharField("intitulé", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="responsable du document",
    )
    review_on = models.DateField("à réviser le", null=True, blank=True)
    # Who must read it: every person of these roles who sees the establishment, and the people named.
    reader_roles = models.JSONField("rôles qui doivent le lire", default=list, blank=True)
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="quality_documents_to_read",
        verbose_name="personnes qui doivent le lire",
    )
    version = models.PositiveSmallIntegerField("version en vigueur", default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document qualité"
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for the roles who must read it (« Professionnel, Qualité »)."""
        if key != "reader_roles" or not isinstance(value, list):
            return None
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(v, v)) for v in value) or "aucun"


class DocumentVersion(models.Model):
    document = models.ForeignKey(QualityDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    effective_on = models.DateField("en vigueur depuis le")
    note = models.TextField("ce qui change", blank=True)
    text = models.TextField("texte", blank=True)
    file = models.FileField("fichier", storage=private_storage, upload_to=upload_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version d'un document qualité"
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="qualitydocs_one_number")]

    def __str__(self) -> str:
        return f"{self.document.title}, version {self.number}"


class Acknowledgement(models.Model):
    """« J'ai lu cette version »: one per person and version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lecture d'un document qualité"
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="qualitydocs_read_once")]

    def __str__(self) -> str:
        return f"{self.version} lue"


class CrisisExercise(models.Model):
    """An exercise of the crisis plan held by an establishment (a drill, a table-top exercise)."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="crisis_exercises"
    )
    held_on = models.DateField("date de l'exercice")
    scenario = models.CharField("scénario", max_length=300)
    lessons = models.TextField("enseignements", blank=True)
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="crisis_exercises", verbose_name="actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "exercice de crise"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} ({self.held_on})"


class ContactsCheck(models.Model):
    """The crisis plan's contacts list checked (every number called or confirmed) on a day."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="contacts_checks"
    )
    checked_on = models.DateField("vérifiée le")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vérification de la liste des contacts de crise"
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"Contacts vérifiés le {self.checked_on}"


class CrisisSettings(models.Model):
    """The organisation's own interval between two checks of the contacts list (no text in our
    sources sets one: the default is data, `crisis.toml`)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="crisis_settings"
    )
    contacts_check_days = models.PositiveSmallIntegerField("vérifier la liste des contacts tous les (jours)")

    class Meta:
        verbose_name = "réglages du plan de crise"

    def __str__(self) -> str:
        return f"Contacts tous les {self.contacts_check_days} jours"
