from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion
from ouvrage.surveys.abuse import judge
from ouvrage.surveys.models import EasyReadSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse, new_token


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


class AnswerRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def source_of(address: str) -> str:
    """A keyed hash of the address an answer came from: the same address gives the same value, and
    the address cannot be read back from it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey-source:{address}".encode(), hashlib.sha256).hexdigest()[:16]


@transaction.atomic
def submit(
    *, survey: EasyReadSurvey, answers: dict[int, str], source: str = "", shared_device: bool = False
) -> SurveyResponse:
    """Save one person's answers at once (all or nothing). Nothing about the person is stored; what
    one address sends is limited, a burst flagged (surveys/abuse.py)."""
    EasyReadSurvey.objects.select_for_update().filter(pk=survey.pk).first()  # one answer at a time
    now = timezone.now()
    earlier = (
        SurveyResponse.objects.filter(
            survey=survey, source=source, submitted_at__gte=now - timedelta(hours=1)
        ).values_list("submitted_at", flat=True)
        if source
        else []
    )
    verdict = judge(list(earlier), now, shared_device=shared_device)
    if not verdict.accepted:
        raise AnswerRefused(verdict.problem)
    questions = {q.pk: q for q in survey.questions.all()}
    response = SurveyResponse.objects.create(
        survey=survey, source=source, shared_device=shared_device, flagged=verdict.flagged
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=questions[qid], value=value)
        for qid, value in answers.items()
        if qid in questions
    )
    return response


@transaction.atomic
def set_aside(*, response: SurveyResponse, actor: User, aside: bool) -> None:
    """Staff set a response aside (kept, no longer counted), or count it again."""
    survey = response.survey
    require_role(
        actor, EDITORS, to="de trier les réponses", organisation_id=survey.establishment.organisation_id
    )
    response.set_aside = aside
    response.save(update_fields=["set_aside"])
    record(
        action=AuditAction.SURVEY_RESPONSE_SET_ASIDE if aside else AuditAction.SURVEY_RESPONSE_COUNTED,
        target=survey,
        actor=actor,
        organisation=survey.establishment.organisation,
        changes={"réponse": response.pk, "reçue": response.submitted_at.isoformat(timespec="minutes")},
    )


@transaction.atomic
def renew_link(*, survey: EasyReadSurvey, actor: User) -> None:
    """A new secret link (and code QR) for the questionnaire: the previous one stops working."""
    require_role(
        actor,
        EDITORS,
        to="de changer le lien du questionnaire",
        organisation_id=survey.establishment.organisation_id,
    )
    survey.token = new_token()
    survey.save(update_fields=["token"])
    record(
        action=AuditAction.SURVEY_LINK_RENEWED,
        target=survey,
        actor=actor,
        organisation=survey.establishment.organisation,
        changes={},
    )
