"""The establishment's own evaluative frame: missions, needs, values, and its own questions, which are
a frame like the HAS one (frames.Frame owned by the organisation), answered as evaluative questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ouvrage.core.formatting import long_date


class MissionSource(models.TextChoices):
    AUTHORISATION = "authorisation", "Arrêté d'autorisation"
    CPOM = "cpom", "CPOM"
    MANDATE = "mandate", "Mandat (juge, conseil départemental…)"
    LAW = "law", "Loi ou règlement"
    OTHER = "other", "Autre"


class Mission(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="missions"
    )
    text = models.TextField("mission")
    source = models.CharField("source", max_length=20, choices=MissionSource.choices)
    reference = models.CharField("référence (texte, date, article)", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class Need(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="needs"
    )
    text = models.TextField("besoin des personnes accompagnées")
    observed = models.TextField("comment il a été observé", blank=True)
    evidence = models.ManyToManyField(
        "evidence.Evidence", blank=True, related_name="needs", verbose_name="preuves"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class Value(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="values"
    )
    text = models.TextField("valeur professionnelle, dans les mots de l'équipe")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class OwnFrame(models.Model):
    """Which frame version holds this establishment's own questions."""

    establishment = models.OneToOneField(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="own_frame"
    )
    version = models.ForeignKey("frames.FrameVersion", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.version)


class CrosswalkLink(models.Model):
    """An own question linked to a HAS criterion (and so back): what is found once shows under both."""

    question = models.ForeignKey("frames.Criterion", on_delete=models.CASCADE, related_name="crosswalk_to")
    criterion = models.ForeignKey("frames.Criterion", on_delete=models.CASCADE, related_name="crosswalk_from")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "criterion"], name="unique_crosswalk")]

    def __str__(self) -> str:
        return f"{self.question} ↔ {self.criterion}"


class EvaluativeAnswer(models.Model):
    """The team's answer to one of its questions in a campaign: a judgement on its own scale (or
    none), a written analysis, who took part. Evidence is cited as for any element."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="evaluative_answers"
    )
    question = models.ForeignKey(
        "frames.Criterion", on_delete=models.PROTECT, related_name="evaluative_answers"
    )
    judgement = models.CharField("appréciation", max_length=100, blank=True)
    analysis = models.TextField("analyse", blank=True)
    participants = models.CharField("qui a pris part (fonctions, nombre)", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "question"], name="unique_evaluative_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question} : {self.judgement or '—'}"


class CollectiveSession(models.Model):
    """A collective reflection session: who took part (by role, counts or pseudonymous codes), the
    questions worked on, what was said, what was decided."""

    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField("date")
    title = models.CharField("intitulé", max_length=200)
    professionals = models.PositiveIntegerField("professionnels", default=0)
    people = models.PositiveIntegerField("personnes accompagnées", default=0)
    families = models.PositiveIntegerField("familles, proches", default=0)
    cvs = models.PositiveIntegerField("représentants au CVS", default=0)
    partners = models.PositiveIntegerField("partenaires", default=0)
    codes = models.CharField("codes des personnes accompagnées présentes", max_length=300, blank=True)
    questions = models.ManyToManyField(
        "frames.Criterion", blank=True, related_name="sessions", verbose_name="questions travaillées"
    )
    said = models.TextField("ce qui a été dit", blank=True)
    decided = models.TextField("ce qui a été décidé", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{long_date(self.held_on)} – {self.title}"

    @property
    def participant_total(self) -> int:
        return self.professionals + self.people + self.families + self.cvs + self.partners
