"""The complaints register: réclamations and plaintes, from any channel, including people accompanied
and their families through an establishment's public link (no account)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from ouvrage.campaigns.rules import likely_names
from ouvrage.complaints import rules
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Kind(models.TextChoices):
    CLAIM = "claim", "Réclamation"
    COMPLAINT = "complaint", "Plainte"


class From(models.TextChoices):
    PERSON = "accompanied", "La personne accompagnée"
    RELATIVE = "family", "Un proche, la famille"
    REPRESENTATIVE = "representative", "Son représentant légal"
    PROFESSIONAL = "professional", "Un professionnel"
    OTHER = "other", "Une autre personne"
    UNSAID = "unsaid", "Non précisé"


class State(models.TextChoices):
    RECEIVED = rules.RECEIVED, "Reçue"
    ACKNOWLEDGED = rules.ACKNOWLEDGED, "Accusé de réception envoyé"
    ANSWERED = rules.ANSWERED, "Réponse donnée"
    CLOSED = rules.CLOSED, "Close"


class ComplaintDeadlines(models.Model):
    """The organisation's own deadlines (register.toml's defaults until it sets them)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="complaint_deadlines"
    )
    acknowledge_days = models.PositiveSmallIntegerField("délai d'accusé de réception (jours)")
    answer_days = models.PositiveSmallIntegerField("délai de réponse (jours)")

    def __str__(self) -> str:
        return f"{self.acknowledge_days} / {self.answer_days} jours"


class ComplaintLink(models.Model):
    """An establishment's public link (and QR code) through which people file a complaint."""

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="complaint_link"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField("ouvert", default=True)

    def __str__(self) -> str:
        return f"Lien des réclamations de {self.establishment_id}"


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def for_user(self, user: User) -> ComplaintQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class Complaint(models.Model):
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="complaints")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, default=Kind.CLAIM)
    channel = models.CharField("reçue par", max_length=30)
    theme = models.CharField("thème", max_length=30, blank=True)
    received_on = models.DateField("reçue le")
    from_whom = models.CharField("de la part de", max_length=20, choices=From.choices, default=From.UNSAID)
    person_code = models.CharField("code de la personne accompagnée", max_length=20, blank=True)
    subject = models.CharField("objet", max_length=200)
    description = models.TextField("ce qui est dit")
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.RECEIVED)
    acknowledge_due = models.DateField("accusé de réception attendu le")
    answer_due = models.DateField("réponse attendue le")
    acknowledged_on = models.DateField("accusé de réception le", null=True, blank=True)
    answered_on = models.DateField("réponse le", null=True, blank=True)
    closed_on = models.DateField("close le", null=True, blank=True)
    answer = models.TextField("réponse donnée", blank=True)
    answer_for_person = models.TextField("réponse facile à lire, vue par le lien de suivi", blank=True)
    what_changed = models.TextField("ce qui a changé", blank=True)
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="complaints", verbose_name="actions du plan"
    )
    # The follow-up link given to whoever filed it through the public link (and to anyone staff
    # give it to): it shows the state and the answer written for them, nothing else.
    follow_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # The public form's own token: a double submission creates one complaint.
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)
    source = models.CharField(max_length=16, blank=True, db_index=True)  # keyed hash of the address
    flagged = models.BooleanField("arrivée en rafale", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "réclamation"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["establishment", "received_on"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.subject}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:04d}" if self.pk else "R-?"

    @property
    def channel_label(self) -> str:
        return rules.lists().channels.get(self.channel, self.channel)

    @property
    def theme_label(self) -> str:
        return rules.lists().themes.get(self.theme, self.theme or "non précisé")

    @property
    def is_open(self) -> bool:
        return self.state in rules.OPEN_STATES

    @property
    def facts(self) -> rules.Facts:
        return rules.Facts(
            received_on=self.received_on,
            state=self.state,
            acknowledge_due=self.acknowledge_due,
            answer_due=self.answer_due,
            acknowledged_on=self.acknowledged_on,
            answered_on=self.answered_on,
            channel=self.channel,
            theme=self.theme,
        )

    @property
    def name_warnings(self) -> list[str]:
        return likely_names(
            " ".join((self.subject, self.description, self.answer, self.answer_for_person, self.what_changed))
        )
