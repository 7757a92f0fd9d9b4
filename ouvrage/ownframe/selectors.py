from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ouvrage.campaigns.selectors import results_for
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import EvidenceUse
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.models import CrosswalkLink, EvaluativeAnswer, OwnFrame


def own_frame_of(establishment: Any) -> OwnFrame | None:
    return OwnFrame.objects.select_related("version__frame").filter(establishment=establishment).first()


def own_frame_in(campaign: Any) -> OwnFrame | None:
    """The establishment's own frame if this campaign evaluates it (the campaign names it)."""
    own = own_frame_of(campaign.establishment)
    if own is None or not campaign.evaluative_versions.filter(pk=own.version_id).exists():
        return None
    return own


@dataclass
class Dimension:
    code: str
    title: str
    questions: list[tuple[Criterion, list[str]]] = field(default_factory=list)  # question, linked HAS codes


def dimensions_of(own: OwnFrame) -> list[Dimension]:
    links: dict[int, list[str]] = defaultdict(list)
    for question_id, code in CrosswalkLink.objects.filter(question__version=own.version).values_list(
        "question_id", "criterion__code"
    ):
        links[question_id].append(code)
    dimensions = {ch.code: Dimension(ch.code, ch.title) for ch in own.version.chapters.all()}
    for question in own.version.criteria.select_related("objective__chapter").order_by("position"):
        dimensions[question.objective.chapter.code].questions.append((question, sorted(links[question.pk])))
    return list(dimensions.values())


@dataclass
class QuestionRow:
    question: Criterion
    answer: EvaluativeAnswer | None
    evidence: list[Any]  # cited for the question itself
    linked: list[tuple[Criterion, Any, list[Any]]]  # HAS criterion, its score in the campaign, its evidence


def own_evaluation(campaign: Any, own: OwnFrame) -> list[QuestionRow]:
    """Each own question with its answer and evidence, and the HAS criteria it is linked to with their
    score and evidence in the same campaign: what is recorded once shows under both frames."""
    questions = list(own.version.criteria.order_by("position"))
    answers = {
        a.question_id: a for a in EvaluativeAnswer.objects.filter(campaign=campaign, question__in=questions)
    }
    evidence: dict[int, list[Any]] = defaultdict(list)  # by criterion id
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence", "element"):
        evidence[use.element.criterion_id].append(use.evidence)
    links = defaultdict(list)
    for link in CrosswalkLink.objects.filter(question__in=questions).select_related("criterion"):
        links[link.question_id].append(link.criterion)
    scores = {code: r.score for code, r in results_for(campaign).results.criteria.items()} if links else {}
    return [
        QuestionRow(
            q,
            answers.get(q.pk),
            evidence.get(q.pk, []),
            [
                (c, scores.get(c.code), evidence.get(c.pk, []))
                for c in sorted(links[q.pk], key=lambda c: c.position)
            ],
        )
        for q in questions
    ]


@dataclass
class TeamWork:
    question: Criterion
    answer: EvaluativeAnswer | None
    evidence: list[Any]


def team_work_for(criteria: Any, campaign: Any | None = None) -> dict[int, list[TeamWork]]:
    """For HAS criteria: what the team's own questions linked to them say (their answers and evidence
    in `campaign`, or the latest answers when no campaign is given)."""
    links = list(CrosswalkLink.objects.filter(criterion__in=criteria).select_related("question"))
    if not links:
        return {}
    questions = [link.question for link in links]
    answers_qs = EvaluativeAnswer.objects.filter(question__in=questions).order_by("updated_at")
    if campaign is not None:
        answers_qs = answers_qs.filter(campaign=campaign)
    answers = {a.question_id: a for a in answers_qs}
    evidence: dict[int, list[Any]] = defaultdict(list)
    uses = EvidenceUse.objects.filter(element__criterion__in=questions).select_related("evidence", "element")
    if campaign is not None:
        uses = uses.filter(campaign=campaign)
    for use in uses:
        evidence[use.element.criterion_id].append(use.evidence)
    found: dict[int, list[TeamWork]] = defaultdict(list)
    for link in links:
        found[link.criterion_id].append(
            TeamWork(link.question, answers.get(link.question_id), evidence.get(link.question_id, []))
        )
    return found


def team_work_for_campaign(campaign: Any) -> dict[int, list[TeamWork]]:
    """What the team's own questions say about the criteria of a campaign's frame, by criterion id."""
    return team_work_for(campaign.frame_version.criteria.all(), campaign)


def team_work_of(establishment: Any, criterion: Criterion) -> list[TeamWork]:
    """The establishment's own questions linked to one HAS criterion, with their latest answers."""
    own = own_frame_of(establishment)
    if own is None:
        return []
    return [
        t for t in team_work_for([criterion]).get(criterion.pk, []) if t.question.version_id == own.version_id
    ]


def hidden_frames(user: Any) -> set[int]:
    """The own frames of the establishments this person does not see (frame ids): the catalogue and
    the référentiel pages follow the establishment scope."""
    return set(
        OwnFrame.objects.filter(establishment__organisation=user.organisation)
        .exclude(establishment__in=Establishment.objects.for_user(user))
        .values_list("version__frame_id", flat=True)
    )
