"""The adverse events register (événements indésirables) and the CREX meetings that review them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from ouvrage.core.formatting import long_date
from ouvrage.establishments.models import Establishment
from ouvrage.incidents import rules

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


class Category(models.TextChoices):
    FALL = "fall", "Chute"
    MEDICATION = "medication", "Médicament"
    CARE = "care", "Soins, accompagnement"
    BEHAVIOUR = "behaviour", "Violence, comportement"
    DISAPPEARANCE = "disappearance", "Fugue, disparition"
    PREMISES = "premises", "Locaux, équipement, sécurité"
    INFECTION = "infection", "Infection"
    ORGANISATION = "continuity", "Organisation, continuité"
    OTHER = "other", "Autre"


class Qualification(models.TextChoices):
    EI = "ei", "Événement indésirable (EI)"
    EIG = "eig", "Événement indésirable grave (EIG)"
    MALTREATMENT = "maltreatment", "Suspicion de maltraitance"


class EventStatus(models.TextChoices):
    DECLARED = "declared", "Déclaré"
    QUALIFIED = "qualified", "Qualifié"
    ANALYSED = "analysed", "Analysé"
    CLOSED = "closed", "Clos"


STATUS_TONES = {"declared": "warning", "qualified": "info", "analysed": "info", "closed": "success"}


class CauseCategory(models.TextChoices):
    """The categories of contributing factors of the ALARM frame (London protocol)."""

    PERSON = "person", "La personne accompagnée"
    TASK = "task", "Les tâches à accomplir"
    INDIVIDUAL = "individual", "Le professionnel (individu)"
    TEAM = "team", "L'équipe"
    ENVIRONMENT = "environment", "L'environnement de travail"
    ORGANISATION = "organisation_management", "L'organisation et le management"
    INSTITUTION = "institution", "Le contexte institutionnel"


class EventQuerySet(models.QuerySet["AdverseEvent"]):
    def for_user(self, user: User) -> EventQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class AdverseEvent(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="adverse_events"
    )
    occurred_on = models.DateField("date de l'événement")
    occurred_at = models.TimeField("heure", null=True, blank=True)
    place = models.CharField("lieu", max_length=200)
    category = models.CharField("type d'événement", max_length=20, choices=Category.choices)
    what = models.TextField("ce qui s'est passé")
    # A pseudonymous code only (the rule of the evaluations' person codes), never a name.
    person_code = models.CharField("personne concernée (code)", max_length=20, blank=True)
    immediate_measures = models.TextField("mesures prises immédiatement", blank=True)
    # Left empty when the professional declares without their name: nothing identifies them, here
    # or in the journal of changes.
    declarant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declared_at = models.DateTimeField("déclaré le", auto_now_add=True)
    status = models.CharField(
        "état", max_length=20, choices=EventStatus.choices, default=EventStatus.DECLARED
    )
    qualification = models.CharField(
        "qualification", max_length=20, choices=Qualification.choices, blank=True
    )
    severity = models.PositiveSmallIntegerField("gravité", null=True, blank=True)
    frequency = models.PositiveSmallIntegerField("fréquence", null=True, blank=True)
    qualified_at = models.DateTimeField(null=True, blank=True)
    authorities_declared_on = models.DateField("déclaré aux autorités le", null=True, blank=True)
    causes = models.JSONField("causes par catégorie", default=dict, blank=True)
    analysis = models.TextField("synthèse de l'analyse", blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField("retour au déclarant", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="adverse_events", verbose_name="actions"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement indésirable"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{long_date(self.occurred_on)} – {self.get_category_display()} ({self.place})"

    @property
    def number(self) -> str:
        return f"EI-{self.pk}"

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "neutral")

    @property
    def must_declare(self) -> bool:
        return rules.must_declare(self.qualification, rules.scales().declaration)

    @property
    def authority_deadline(self) -> date | None:
        return rules.authority_deadline(self.occurred_on, rules.scales().declaration.deadline_days)

    @property
    def severity_label(self) -> str:
        return rules.scales().severity_label(self.severity)

    @property
    def frequency_label(self) -> str:
        return rules.scales().frequency_label(self.frequency)

    @property
    def cause_lines(self) -> list[tuple[str, str]]:
        return [(label, self.causes[key]) for key, label in CauseCategory.choices if self.causes.get(key)]

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for the categories of causes (« L'équipe, La personne… »)."""
        if key != "causes":
            return None
        labels = dict(CauseCategory.choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)


class CrexRole(models.TextChoices):
    DIRECTION = "direction", "Direction"
    QUALITY = "quality", "Qualité"
    CARE = "care", "Soignants"
    EDUCATION = "education", "Éducatifs, socio-éducatifs"
    MEDICAL = "medical", "Médecin, infirmier coordinateur"
    SUPPORT = "support", "Services (hôtellerie, technique, administratif)"
    PERSONS = "persons", "Personnes accompagnées, familles, CVS"
    OTHER = "other", "Autres"


class Crex(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="crex_meetings"
    )
    held_on = models.DateField("date de la réunion")
    events = models.ManyToManyField(AdverseEvent, blank=True, related_name="crex_meetings")
    participants = models.JSONField("participants par fonction", default=dict, blank=True)
    decisions = models.TextField("décisions", blank=True)
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="crex_meetings", verbose_name="actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "CREX (retour d'expérience)"
        verbose_name_plural = "CREX"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"CREX du {long_date(self.held_on)}"

    @property
    def participant_lines(self) -> list[tuple[str, int]]:
        return [
            (label, int(self.participants[k])) for k, label in CrexRole.choices if self.participants.get(k)
        ]

    @property
    def participant_total(self) -> int:
        return sum(int(v) for v in self.participants.values())

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for the participants (« Soignants : 4, Qualité : 1 »)."""
        if key != "participants" or not isinstance(value, dict):
            return None
        labels = dict(CrexRole.choices)
        return ", ".join(f"{labels.get(str(k), str(k))} : {v}" for k, v in value.items())
