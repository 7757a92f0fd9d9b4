"""The effects lanes (issue 20): what the work is expected to change for the people and what it is
seen to change, expected or not, positive or negative, from whose perspective (person, relatives,
professionals, partners), and the practices the team thinks produced it; the stories of change told
by anyone and the selections a collective session makes of them (Most Significant Change); the
progress markers of a partner or public and their dated observations (Outcome Mapping); the
criteria of work well done the team writes for itself, its disagreements kept and dated.

The methods' vocabularies (domains of change, perspective kinds, marker levels, extents, valences)
are data (`vocabulary.toml`, read by `rules.vocabulary()`); what is stored is their code. People
accompanied appear under pseudonymous codes only."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from ouvrage.effects.rules import vocabulary
from ouvrage.establishments.models import Establishment

if TYPE_CHECKING:
    from ouvrage.accounts.models import User


# The vocabulary each stored code belongs to, for the journal of changes' words.
VOCABULARY_OF = {
    "valence": "valences",
    "perspective": "perspectives",
    "told_by": "perspectives",
    "domain": "domains",
    "level": "marker_levels",
    "extent": "extents",
}


def journal_words(key: str, value: object) -> str | None:
    """The journal's words for a stored code of the methods' vocabularies (« Un peu », not « low »)."""
    kind = VOCABULARY_OF.get(key)
    return vocabulary().label(kind, str(value)) if kind else None


def new_token() -> str:
    return secrets.token_urlsafe(18)


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ScopedQuerySet:
        return self.filter(establishment__in=Establishment.objects.for_user(user))


class Lane(models.Model):
    """The effects lane of one HAS objective or one of the establishment's own questions."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="effect_lanes")
    objective = models.ForeignKey(
        "frames.Objective", on_delete=models.PROTECT, null=True, blank=True, related_name="effect_lanes"
    )
    question = models.ForeignKey(
        "frames.Criterion", on_delete=models.PROTECT, null=True, blank=True, related_name="effect_lanes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "couloir des effets"
        constraints = [
            models.CheckConstraint(
                condition=(Q(objective__isnull=False) & Q(question__isnull=True))
                | (Q(objective__isnull=True) & Q(question__isnull=False)),
                name="lane_objective_or_question",
            ),
            models.UniqueConstraint(
                fields=["establishment", "objective"],
                condition=Q(objective__isnull=False),
                name="unique_lane_objective",
            ),
            models.UniqueConstraint(
                fields=["establishment", "question"],
                condition=Q(question__isnull=False),
                name="unique_lane_question",
            ),
        ]

    def __str__(self) -> str:
        target = self.objective if self.objective_id else self.question
        return f"Effets – {target}"


class ExpectedEffect(models.Model):
    """An effect the work is expected to have for the people, tied to their needs and the missions."""

    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="expected")
    text = models.TextField("effet attendu pour les personnes")
    needs = models.ManyToManyField(
        "ownframe.Need",
        blank=True,
        related_name="expected_effects",
        verbose_name="besoins auxquels il répond",
    )
    missions = models.ManyToManyField(
        "ownframe.Mission", blank=True, related_name="expected_effects", verbose_name="missions qu'il sert"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "effet attendu"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class ObservedEffect(models.Model):
    """An effect seen: expected (one of the lane's expected effects) or not, positive, negative or
    contrasted, from one perspective (how many people saw it, their pseudonymous codes for the people
    accompanied), the practices the team thinks produced it, and the evidence."""

    lane = models.ForeignKey(Lane, on_delete=models.CASCADE, related_name="observed")
    text = models.TextField("effet observé")
    observed_on = models.DateField("observé le")
    expected = models.ForeignKey(
        ExpectedEffect,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name="effet attendu auquel il répond (vide : effet inattendu)",
    )
    valence = models.CharField("sens", max_length=20)
    perspective = models.CharField("du point de vue de", max_length=20)
    seen_by = models.PositiveIntegerField("combien de personnes l'ont constaté", default=0)
    codes = models.CharField("codes des personnes accompagnées concernées", max_length=300, blank=True)
    practices = models.TextField("pratiques qui l'ont produit, selon l'équipe", blank=True)
    evidence = models.ManyToManyField(
        "evidence.Evidence", blank=True, related_name="observed_effects", verbose_name="preuves"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "effet observé"
        ordering = ["-observed_on", "-id"]

    journal_words = staticmethod(journal_words)

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def valence_label(self) -> str:
        return vocabulary().label("valences", self.valence)

    @property
    def perspective_label(self) -> str:
        return vocabulary().label("perspectives", self.perspective)


class StoryLink(models.Model):
    """An establishment's public link (and QR code) through which people accompanied and their
    relatives tell a story of change, easy to read, without an account."""

    establishment = models.OneToOneField(Establishment, on_delete=models.CASCADE, related_name="story_link")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField("ouvert", default=True)

    class Meta:
        verbose_name = "lien public des récits"

    def __str__(self) -> str:
        return f"Lien des récits de {self.establishment_id}"


class StoryChannel(models.TextChoices):
    STAFF = "staff", "Saisi par un professionnel"
    LINK = "link", "Raconté par le lien public"


class ChangeStory(models.Model):
    """A story of change in a few sentences: what changed, for whom, why it matters. Kept only with
    the teller's consent; withdrawn on request (deleted with its selections; the journal keeps that a
    story was withdrawn, not its words). `token`: the teller's own link, to see what came of it and
    to withdraw it."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="change_stories")
    told_by = models.CharField("raconté par", max_length=20)  # a perspective code
    domain = models.CharField("domaine du changement", max_length=30)
    title = models.CharField("titre", max_length=120, blank=True)
    what_changed = models.TextField("ce qui a changé")
    for_whom = models.CharField("pour qui (sans nom)", max_length=200)
    person_code = models.CharField("code de la personne accompagnée", max_length=40, blank=True)
    why_it_matters = models.TextField("pourquoi c'est important")
    consent = models.BooleanField("accord pour que le récit soit gardé et lu", default=False)
    consent_at = models.DateTimeField("accord donné le")
    channel = models.CharField("reçu", max_length=10, choices=StoryChannel.choices)
    lane = models.ForeignKey(
        Lane,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name="objectif ou question dont il parle",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    told_on = models.DateField("raconté le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "récit de changement"
        ordering = ["-told_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="story_kept_with_consent")]

    journal_words = staticmethod(journal_words)

    def __str__(self) -> str:
        return self.title or self.what_changed[:60]

    @property
    def domain_label(self) -> str:
        return vocabulary().label("domains", self.domain)

    @property
    def told_by_label(self) -> str:
        return vocabulary().label("perspectives", self.told_by)


class StorySelection(models.Model):
    """A collective session's choice of the most significant story of a domain, and why."""

    session = models.ForeignKey(
        "ownframe.CollectiveSession", on_delete=models.CASCADE, related_name="story_selections"
    )
    story = models.ForeignKey(ChangeStory, on_delete=models.CASCADE, related_name="selections")
    domain = models.CharField("domaine", max_length=30)
    reasons = models.TextField("pourquoi ce récit a été choisi")
    feedback = models.TextField("ce qui est dit en retour à la personne qui l'a raconté", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "récit choisi en séance"
        ordering = ["domain", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "domain"], name="one_selection_per_domain_and_session")
        ]

    journal_words = staticmethod(journal_words)

    def __str__(self) -> str:
        return f"{self.domain} : {self.story}"

    @property
    def domain_label(self) -> str:
        return vocabulary().label("domains", self.domain)


class ProgressMarker(models.Model):
    """What the team would see if its work reached a partner or a public (Outcome Mapping): expect /
    like / love to see."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="progress_markers"
    )
    partner = models.CharField("partenaire ou public", max_length=120)
    level = models.CharField("niveau", max_length=10)
    text = models.TextField("ce qu'on verrait")
    lane = models.ForeignKey(
        Lane,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="markers",
        verbose_name="objectif ou question dont il parle",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "marqueur de progrès"
        ordering = ["partner", "id"]

    journal_words = staticmethod(journal_words)

    def __str__(self) -> str:
        return f"{self.partner} – {self.text[:50]}"

    @property
    def level_label(self) -> str:
        return vocabulary().label("marker_levels", self.level)

    @property
    def latest_observation(self) -> MarkerObservation | None:
        """The last observation in date order (read from the prefetched observations when there are)."""
        seen = sorted(self.observations.all(), key=lambda o: (o.observed_on, o.pk))
        return seen[-1] if seen else None


class MarkerObservation(models.Model):
    marker = models.ForeignKey(ProgressMarker, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField("observé le")
    extent = models.CharField("dans quelle mesure", max_length=10)
    note = models.TextField("ce qui a été vu", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "observation d'un marqueur"
        ordering = ["observed_on", "id"]

    journal_words = staticmethod(journal_words)

    def __str__(self) -> str:
        return f"{self.marker} : {self.extent} le {self.observed_on}"

    @property
    def extent_label(self) -> str:
        return vocabulary().label("extents", self.extent)


class QualityCriterion(models.Model):
    """A criterion of work well done, written by the team for its own work (Y. Clot)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="quality_criteria"
    )
    text = models.TextField("ce qu'est, pour nous, un travail bien fait")
    written_on = models.DateField("écrit le")
    written_by = models.CharField("écrit par (fonctions, nombre)", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "critère du travail bien fait"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class Disagreement(models.Model):
    """A disagreement about a criterion of work well done, kept and dated: what is argued, and what
    came of it (nothing yet, a reworded criterion, a disagreement kept open on purpose)."""

    criterion = models.ForeignKey(QualityCriterion, on_delete=models.CASCADE, related_name="disagreements")
    said_on = models.DateField("le")
    text = models.TextField("le désaccord")
    outcome = models.TextField("ce qu'il est devenu", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "désaccord sur un critère du travail bien fait"
        ordering = ["said_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]
