from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import record
from ouvrage.surveys.models import EasyReadSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse


@transaction.atomic
def create_survey(
    *, establishment: Any, actor: Any, title: str, intro: str, questions: list[Any]
) -> EasyReadSurvey:
    require_role(actor, establishment.organisation_id, ESTABLISHMENT_EDITORS, "de créer un questionnaire")
    survey = EasyReadSurvey.objects.create(
        establishment=establishment, title=title, intro=intro, created_by=actor
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, position=i, text=q.text, pictogram=q.pictogram, criterion=q.criterion)
        for i, q in enumerate(questions, start=1)
    )
    record(
        action="survey.created",
        target=survey,
        actor=actor,
        organisation=establishment.organisation,
        changes={"questions": len(questions)},
    )
    return survey


@transaction.atomic
def set_open(*, survey: EasyReadSurvey, actor: Any, is_open: bool) -> None:
    if (
        actor.role not in ESTABLISHMENT_EDITORS
        or actor.organisation_id != survey.establishment.organisation_id
    ):
        raise PermissionDenied("Votre rôle ne permet pas de modifier ce questionnaire.")
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    record(
        action="survey.opened" if is_open else "survey.closed",
        target=survey,
        actor=actor,
        organisation=survey.establishment.organisation,
    )


@transaction.atomic
def submit(*, survey: EasyReadSurvey, answers: dict[int, str]) -> SurveyResponse:
    """Save one person's answers at once (all or nothing). Nothing about the person is stored."""
    questions = {q.pk: q for q in survey.questions.all()}
    response = SurveyResponse.objects.create(survey=survey)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=questions[qid], value=value)
        for qid, value in answers.items()
        if qid in questions
    )
    return response
