from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion
from ouvrage.surveys.models import EasyReadSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse


@dataclass(frozen=True)
class QuestionText:
    text: str
    pictogram: str
    criterion: Criterion | None


@transaction.atomic
def create_survey(
    *, establishment: Establishment, actor: User, title: str, intro: str, questions: Sequence[QuestionText]
) -> EasyReadSurvey:
    require_role(
        actor, EDITORS, to="de créer un questionnaire", organisation_id=establishment.organisation_id
    )
    survey = EasyReadSurvey.objects.create(
        establishment=establishment, title=title, intro=intro, created_by=actor
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, position=i, text=q.text, pictogram=q.pictogram, criterion=q.criterion)
        for i, q in enumerate(questions, start=1)
    )
    record(
        action=AuditAction.SURVEY_CREATED,
        target=survey,
        actor=actor,
        organisation=establishment.organisation,
        changes={"questions": len(questions)},
    )
    return survey


@transaction.atomic
def set_open(*, survey: EasyReadSurvey, actor: User, is_open: bool) -> None:
    require_role(
        actor,
        EDITORS,
        to="de modifier ce questionnaire",
        organisation_id=survey.establishment.organisation_id,
    )
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    record(
        action=AuditAction.SURVEY_OPENED if is_open else AuditAction.SURVEY_CLOSED,
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
