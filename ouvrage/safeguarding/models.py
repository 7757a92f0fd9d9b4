"""Maltreatment signals (signalements de maltraitance) and who, in an organisation, may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ouvrage.accounts.models import Role, User
from ouvrage.core.formatting import long_date
from ouvrage.establishments.models import Establishment
from ouvrage.safeguarding import rules


class Nature(models.TextChoices):
    PHYSICAL = "physical", "Physique"
    PSYCHOLOGICAL = "psychological", "Psychologique, verbale"
    SEXUAL = "sexual", "Sexuelle"
    NEGLECT = "neglect", "Négligence, défaut de soins"
    FINANCIAL = "financial", "Financière, matérielle"
    RIGHTS = "rights", "Atteinte aux droits, aux libertés"
    INSTITUTIONAL = "institutional", "Institutionnelle (organisation, fonctionnement)"
    OTHER = "other", "Autre"


class ReporterRole(models.TextChoices):
    PROFESSIONAL = "professional", "Un professionnel de l'établissement"
    MANAGEMENT = "direction_cadres", "La direction, l'encadrement"
    PERSON = "accompanied", "La personne accompagnée elle-même"
    RELATIVE = "family", "Un proche, la famille"
    PARTNER = "partner", "Un partenaire, un intervenant extérieur"
    OTHER = "other", "Autre"


class SignalStatus(models.TextChoices):
    REPORTED = "reported", "Signalé"
    ASSESSED = "assessed", "Évalué"
    CLOSED = "closed", "Clos"


STATUS_TONES = {"reported": "warning", "assessed": "info", "closed": "success"}


class SignalQuerySet(models.QuerySet["Signal"]):
    def for_user(self, user: User) -> SignalQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class Signal(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="safeguarding_signals"
    )
    occurred_on = models.DateField("date des faits (ou de leur constat)")
    place = models.CharField("lieu", max_length=200)
    # A pseudonymous code only (the rule of the evaluations' person codes), never a name.
    person_code = models.CharField("personne accompagnée (code)", max_length=20, blank=True)
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    reporter_role = models.CharField("signalé par", max_length=20, choices=ReporterRole.choices)
    what = models.TextField("ce qui a été constaté ou rapporté")
    immediate_measures = models.TextField("mesures de protection immédiates", blank=True)
    # The adverse event it comes from (« EI-12 »), when opened from one; a number, not a link to
    # another room.
    from_event = models.CharField("événement indésirable d'origine", max_length=20, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField("signalé le", auto_now_add=True)
    status = models.CharField(
        "état", max_length=20, choices=SignalStatus.choices, default=SignalStatus.REPORTED
    )
    assessment = models.TextField("évaluation de la situation", blank=True)
    decisions = models.TextField("décisions", blank=True)
    authorities_concerned = models.BooleanField("à porter à la connaissance des autorités", default=False)
    assessed_at = models.DateTimeField(null=True, blank=True)
    authorities_reported_on = models.DateField("transmis aux autorités le", null=True, blank=True)
    closing_note = models.TextField("conclusion", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="safeguarding_signals", verbose_name="actions"
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement de maltraitance"
        verbose_name_plural = "signalements de maltraitance"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} – {long_date(self.occurred_on)}"

    @property
    def number(self) -> str:
        return f"SM-{self.pk}"

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "neutral")


class Access(models.Model):
    """Who, in an organisation, sees and handles the signals (beyond reporting one, which every
    member of staff may do). Without a row: the roles of `rules.DEFAULT_ROLES`."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="safeguarding_access"
    )
    roles = models.JSONField("rôles", default=list, blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="personnes nommées"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "accès aux signalements de maltraitance"

    def __str__(self) -> str:
        return f"Accès aux signalements ({self.organisation_id})"

    @staticmethod
    def default_roles() -> list[str]:
        return list(rules.DEFAULT_ROLES)

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for the roles named (« Direction, Qualité »)."""
        if key != "roles" or not isinstance(value, list):
            return None
        labels = dict(Role.choices)
        return ", ".join(labels.get(str(v), str(v)) for v in value)
