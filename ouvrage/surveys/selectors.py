"""Reading questionnaires: what people accompanied answered, for the pages that prepare interviews."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.db.models import Q

from ouvrage.surveys.models import ANSWERS, EasyReadSurvey, SurveyAnswer, SurveyResponse

if TYPE_CHECKING:
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import Criterion

Voices = list[tuple[str, list[tuple[str, int]]]]  # (question, [(answer, count)]) for one criterion


def voices_for(establishment: Establishment, criteria: list[Criterion]) -> dict[int, Voices]:
    """What people accompanied answered in the easy-read questionnaires linked to these criteria, by
    criterion id, to prepare the accompagné traceur interviews (one query)."""
    counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for criterion_id, text, value in SurveyAnswer.objects.filter(
        question__criterion__in=criteria,
        question__survey__establishment=establishment,
        response__set_aside=False,
    ).values_list("question__criterion_id", "question__text", "value"):
        counts[(criterion_id, text)][value] += 1
    found: dict[int, Voices] = defaultdict(list)
    for (criterion_id, text), counter in counts.items():
        found[criterion_id].append((text, [(a, counter[a]) for a in ANSWERS if counter[a]]))
    return found


def answer_counts(survey_id: int) -> dict[int, dict[str, int]]:
    """Answers of one questionnaire counted by question id and answer (one query)."""
    counts: dict[int, dict[str, int]] = {}
    for question_id, value in SurveyAnswer.objects.filter(
        question__survey_id=survey_id, response__set_aside=False
    ).values_list("question_id", "value"):
        per_question = counts.setdefault(question_id, dict.fromkeys(ANSWERS, 0))
        per_question[value] = per_question.get(value, 0) + 1
    return counts


def open_survey(token: str) -> EasyReadSurvey | None:
    """The questionnaire of this secret link, if it is open to answers."""
    return EasyReadSurvey.objects.filter(token=token, is_open=True).first()


def surveys_of(establishment: Establishment) -> list[EasyReadSurvey]:
    return list(EasyReadSurvey.objects.filter(establishment=establishment))


def flagged_responses(survey: EasyReadSurvey) -> list[SurveyResponse]:
    """Responses that came in a burst from one address, and those set aside, newest first."""
    return list(survey.responses.filter(Q(flagged=True) | Q(set_aside=True)).order_by("-submitted_at")[:200])
