"""Easy-to-read questionnaires (FALC) that people accompanied answer through a link or a QR code,
without an account, anonymously."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

ANSWERS = ["Oui", "Un peu", "Non", "Je ne sais pas"]
PICTOGRAMS = {
    "": "aucun",
    "maison": "maison",
    "repas": "repas",
    "personne": "personne",
    "coeur": "cœur",
    "parole": "parole",
}


def new_token() -> str:
    return secrets.token_urlsafe(18)


class EasyReadSurvey(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField("titre", max_length=120)
    intro = models.TextField("phrase d'accueil", blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField("ouvert aux réponses", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(EasyReadSurvey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField("question", max_length=200)
    pictogram = models.CharField("pictogramme", max_length=20, blank=True)
    criterion = models.ForeignKey(
        "frames.Criterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_questions",
        verbose_name="critère lié",
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="unique_survey_position")]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's answers: nothing identifies them. `source` is a keyed hash of the address they
    came from (never the address), to count what one place sends (surveys/abuse.py)."""

    survey = models.ForeignKey(EasyReadSurvey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, blank=True, db_index=True)
    shared_device = models.BooleanField("tablette partagée", default=False)
    flagged = models.BooleanField("arrivée en rafale", default=False)
    set_aside = models.BooleanField("mise de côté", default=False)

    def __str__(self) -> str:
        return f"{self.survey} {self.submitted_at:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=30)

    def __str__(self) -> str:
        return self.value
