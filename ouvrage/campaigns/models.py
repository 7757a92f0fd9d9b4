"""Evaluation campaigns (self or external), people accompanied, interviews and ratings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from ouvrage.campaigns.lifecycle import EDITABLE, State
from ouvrage.campaigns.sampling import ATTRIBUTE_LABELS, shown
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
from ouvrage.frames.domain import METHOD_LABELS, Method, Target
from ouvrage.frames.scoring import MARK_LABELS, Mark, Rounding

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.frames.models import Criterion
    from ouvrage.organisations.models import Organisation

MARK_CHOICES = [(m.value, label) for m, label in MARK_LABELS.items()]
METHOD_CHOICES = [(m.value, label) for m, label in METHOD_LABELS.items()]
ROUNDING_CHOICES = [
    (Rounding.TWO_DECIMALS.value, "Deux décimales sans arrondi (règle HAS depuis le 9 octobre 2024)"),
    (Rounding.NEAREST_INTEGER.value, "Arrondi à l'entier (règle antérieure, pour relire un ancien rapport)"),
]
TARGET_CHOICES = [(t.value, t.label) for t in Target]


STATE_CHOICES = [(s.value, s.label) for s in State]


class CampaignKind(models.TextChoices):
    SELF = "self", "Auto-évaluation"
    EXTERNAL = "external", "Évaluation externe"


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_organisation(self, organisation: Organisation | None) -> CampaignQuerySet:
        return self.filter(establishment__organisation=organisation) if organisation else self.none()

    def for_user(self, user: User) -> CampaignQuerySet:
        """The campaigns of the establishments the user sees; for an external evaluator, only the
        external evaluations they conduct."""
        if getattr(user, "role", None) == "evaluator":
            return self.filter(
                assessors=user, kind=CampaignKind.EXTERNAL, establishment__organisation=user.organisation
            )
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class Campaign(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="campaigns"
    )
    frame_version = models.ForeignKey(
        "frames.FrameVersion", on_delete=models.PROTECT, related_name="campaigns"
    )  # the frame rated in interview grids (its data says answer_style = cotation)
    evaluative_versions = models.ManyToManyField(
        "frames.FrameVersion",
        blank=True,
        related_name="+",
        verbose_name="cadres évalués aussi (questions évaluatives)",
        help_text="Le cadre propre de l'établissement, que l'équipe évalue dans la même évaluation.",
    )
    kind = models.CharField("type", max_length=10, choices=CampaignKind.choices, default=CampaignKind.SELF)
    title = models.CharField("intitulé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    visit_starts_on = models.DateField("premier jour de visite", null=True, blank=True)
    visit_ends_on = models.DateField("dernier jour de visite", null=True, blank=True)
    evaluator = models.CharField("organisme évaluateur", max_length=200, blank=True)
    evaluator_accreditation = models.CharField("numéro d'accréditation Cofrac", max_length=40, blank=True)
    lead_evaluator = models.CharField("évaluateur ou évaluatrice principal·e", max_length=200, blank=True)
    state = models.CharField(
        "état", max_length=12, choices=STATE_CHOICES, default=State.PREPARATION.value, db_index=True
    )
    # Fixed when the campaign starts: the profile and the criteria that applied then. A later change
    # of profile or of frame data never changes a started campaign (None: not started yet).
    frozen_profile = models.JSONField("profil à l'ouverture", null=True, blank=True)
    frozen_criteria = models.JSONField("critères applicables à l'ouverture", null=True, blank=True)
    frozen_imperatives = models.JSONField("critères impératifs à l'ouverture", null=True, blank=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closing_statement = models.TextField("ce qui manque à la clôture, et pourquoi", blank=True)
    closing_completeness = models.JSONField("complétude à la clôture", null=True, blank=True)
    abandon_reason = models.TextField("raison de l'abandon", blank=True)
    rounding = models.CharField(
        "règle de calcul des critères",
        max_length=20,
        choices=ROUNDING_CHOICES,
        default=Rounding.TWO_DECIMALS.value,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "évaluation"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def lifecycle(self) -> State:
        return State(self.state)

    @property
    def editable(self) -> bool:
        return self.lifecycle in EDITABLE

    def imperative(self, criterion: Criterion) -> bool:
        """Whether a criterion is an impératif of this campaign (as it was when the campaign started)."""
        if self.frozen_imperatives is None:
            return criterion.imperative
        return criterion.pk in self.frozen_imperatives

    @property
    def profile(self) -> Profile:
        """The profile what applies was computed from: fixed when the campaign started."""
        if self.frozen_profile:
            return Profile(
                Sector(self.frozen_profile["sector"]),
                StructureKind(self.frozen_profile["kind"]),
                frozenset(Public(p) for p in self.frozen_profile["publics"]),
            )
        return self.establishment.profile


class Person(models.Model):
    """A person accompanied, known only by a pseudonymous code and the attributes the team uses to
    choose a diverse sample of accompagnés traceurs. No name is stored."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="people"
    )
    code = models.CharField("code", max_length=20)
    attributes = models.JSONField("caractéristiques", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "personne accompagnée"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["establishment", "code"], name="unique_person_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def shown_attributes(self) -> dict[str, str]:
        """Its attributes as words (« Plus de 3 ans », never « plus_3_ans »)."""
        return shown(self.attributes)

    @staticmethod
    def journal_words(key: str, value: object) -> str | None:
        """The journal of changes' words for recorded attributes (« durée d'accompagnement : Plus de 3 ans »)."""
        if key != "attributes" or not isinstance(value, dict):
            return None
        return ", ".join(f"{ATTRIBUTE_LABELS.get(k, k)} : {v}" for k, v in shown(value).items())


class Interview(models.Model):
    """One interview of a campaign with its method; its grid is the applicable criteria of the
    method's chapter (themes chosen for a traceur ciblé)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="interviews")
    method = models.CharField("méthode", max_length=32, choices=METHOD_CHOICES)
    target = models.CharField("cible", max_length=20, choices=TARGET_CHOICES, blank=True)
    title = models.CharField("intitulé", max_length=200)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name="personne accompagnée",
    )
    themes = models.JSONField("thématiques ciblées", default=list, blank=True)
    participants = models.CharField("participants (fonctions)", max_length=300, blank=True)
    scheduled_on = models.DateField("date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "entretien"
        ordering = ["method", "scheduled_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[Method(self.method)]


class Rating(models.Model):
    """Cotation of one element in one interview. `version` grows at each save, so that two people
    editing the same grid never silently overwrite each other."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey("frames.Element", on_delete=models.PROTECT, related_name="ratings")
    mark = models.CharField("cotation", max_length=2, choices=MARK_CHOICES, blank=True)
    comment = models.TextField("commentaire", blank=True)
    justification = models.TextField("justification du « non concerné »", blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cotation"
        constraints = [models.UniqueConstraint(fields=["interview", "element"], name="unique_rating")]

    def __str__(self) -> str:
        return f"{self.interview} · {self.element} : {self.mark or '—'}"

    @property
    def mark_value(self) -> Mark | None:
        return Mark(self.mark) if self.mark else None


class RatingReceipt(models.Model):
    """A cotation change already applied, by the key its sender gave it: a change sent again (the
    network dropped before the answer came, a device replaying its queue) is answered as it was the
    first time and never applied twice. Kept 30 days (ouvrage purge)."""

    key = models.UUIDField(unique=True)
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()  # the rating's version this change produced
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.key} → {self.rating_id} v{self.version}"


class CampaignSummary(models.Model):
    """The figures of a campaign's results, stored for pages that show many campaigns at once (the
    organisation's view, the action plan). Written by the services that change the campaign (a
    cotation, an interview planned, an import); `basis` says what else it was computed from (frame
    data, rounding, profile): a summary whose basis differs is computed again in memory when read."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="summary")
    objectives = models.JSONField(default=dict)  # code -> "3.25"
    criteria = models.JSONField(default=dict)  # code -> "3.25"
    basis = models.CharField(max_length=300, blank=True)
    letter = models.CharField(max_length=1, blank=True)
    mean_100 = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    imperatives_at_threshold = models.PositiveSmallIntegerField(default=0)
    applicable_imperatives = models.PositiveSmallIntegerField(default=0)
    unmet = models.JSONField(default=list)  # impératifs not strictly met
    rated = models.PositiveIntegerField(default=0)  # cotations given
    expected = models.PositiveIntegerField(default=0)  # cotations the planned interviews ask for
    uncovered = models.PositiveIntegerField(default=0)  # applicable criteria no interview covers
    stale = models.BooleanField(default=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.campaign} : {self.letter or '—'}"
