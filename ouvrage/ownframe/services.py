from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS, Role
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import record
from ouvrage.evidence.models import Evidence
from ouvrage.frames.loader import load_frame
from ouvrage.frames.models import Criterion, Element
from ouvrage.frames.services import import_frame_version
from ouvrage.ownframe.models import CrosswalkLink, EvaluativeAnswer, OwnFrame

STARTER = "ouvrage-questions-evaluatives"
ANSWERERS = ESTABLISHMENT_EDITORS | {Role.PROFESSIONAL}


def _require(actor: Any, organisation_id: int, roles: frozenset[str] = ESTABLISHMENT_EDITORS) -> None:
    require_role(actor, organisation_id, roles, "de modifier le cadre propre de l'établissement")


@transaction.atomic
def adopt_starter(*, establishment: Any, actor: Any) -> OwnFrame:
    """Copy the starter questions into the establishment's own frame, to be rewritten by the team."""
    _require(actor, establishment.organisation_id)
    existing = OwnFrame.objects.filter(establishment=establishment).first()
    if existing:
        return existing
    spec = load_frame(settings.FRAMES_DATA_DIR / STARTER / "1.0")
    own = replace(
        spec,
        slug=f"cadre-propre-{establishment.pk}",
        name=f"Cadre propre – {establishment.name}",
        publisher=establishment.organisation.name,
        version="1",
        attribution=f"Cadre de l'équipe de {establishment.name}, à partir du point de départ Ouvrage.",
        checksum=f"own-{establishment.pk}",
    )
    result = import_frame_version(spec=own, actor=actor, organisation=establishment.organisation)
    frame = OwnFrame.objects.create(establishment=establishment, version=result.version)
    record(action="own_frame.created", target=frame, actor=actor, organisation=establishment.organisation)
    return frame


@transaction.atomic
def save_question(
    *, own: OwnFrame, actor: Any, dimension: str, text: str, question: Criterion | None = None
) -> Criterion:
    """Add a question to a dimension, or reword one; its single element carries the same text."""
    _require(actor, own.establishment.organisation_id)
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Écrivez la question.")
    objective = own.version.objectives.filter(code=dimension).first()
    if objective is None:
        raise ValidationError("Dimension inconnue.")
    before = question.title if question else ""
    if question is None:
        position = (own.version.criteria.aggregate(Max("position"))["position__max"] or 0) + 1
        number = own.version.criteria.filter(objective=objective).count() + 1
        code = f"Q{dimension[1:]}.{number}"
        while own.version.criteria.filter(code=code).exists():
            number += 1
            code = f"Q{dimension[1:]}.{number}"
        question = Criterion.objects.create(
            version=own.version,
            objective=objective,
            code=code,
            title=text,
            position=position,
            sources={"criterion": {"url": "", "confidence": "question de l'équipe"}},
        )
        Element.objects.create(criterion=question, rank=1, text=text)
    else:
        question.title = text
        question.objective = objective
        question.save(update_fields=["title", "objective"])
        question.elements.filter(rank=1).update(text=text)
    record(
        action="own_question.saved",
        target=question,
        actor=actor,
        organisation=own.establishment.organisation,
        changes={"title": [before, text]},
    )
    return question


@transaction.atomic
def set_crosswalk(*, question: Criterion, actor: Any, organisation: Any, criteria: list[Criterion]) -> None:
    _require(actor, organisation.pk)
    CrosswalkLink.objects.filter(question=question).exclude(criterion__in=criteria).delete()
    for criterion in criteria:
        CrosswalkLink.objects.get_or_create(question=question, criterion=criterion)
    record(
        action="crosswalk.set",
        target=question,
        actor=actor,
        organisation=organisation,
        changes={"criteria": [c.code for c in criteria]},
    )


@transaction.atomic
def answer_question(
    *,
    campaign: Any,
    question: Criterion,
    actor: Any,
    judgement: str,
    analysis: str,
    participants: str,
    scale: list[str],
    evidence: Evidence | None = None,
) -> EvaluativeAnswer:
    _require(actor, campaign.establishment.organisation_id, ANSWERERS)
    if judgement and judgement not in scale:
        raise ValidationError(f"Appréciation « {judgement} » inconnue : choisissez parmi {', '.join(scale)}.")
    answer, _ = EvaluativeAnswer.objects.select_for_update().get_or_create(
        campaign=campaign, question=question
    )
    before = {"judgement": answer.judgement, "analysis": answer.analysis, "participants": answer.participants}
    answer.judgement, answer.analysis, answer.participants = judgement, analysis.strip(), participants.strip()
    answer.updated_by = actor
    answer.save()
    if evidence is not None:
        from ouvrage.evidence.services import cite_evidence

        cite_evidence(
            evidence=evidence, campaign=campaign, element=question.elements.get(rank=1), actor=actor
        )
    record(
        action="evaluative_answer.saved",
        target=answer.question,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={"campaign": campaign.pk, "before": before, "judgement": judgement},
    )
    return answer


@transaction.atomic
def add_item(
    *, model: Any, establishment: Any, actor: Any, data: dict[str, Any], evidence: list[Any] | None = None
) -> Any:
    """Add a mission, a need (with the evidence that shows it) or a value."""
    _require(actor, establishment.organisation_id)
    item = model.objects.create(establishment=establishment, **data)
    if evidence:
        item.evidence.set(evidence)
    record(
        action=f"{model._meta.model_name}.added",
        target=item,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return item


@transaction.atomic
def record_session(*, establishment: Any, actor: Any, form: Any) -> Any:
    _require(actor, establishment.organisation_id)
    session = form.save(commit=False)
    session.establishment = establishment
    session.created_by = actor
    session.save()
    form.save_m2m()
    record(
        action="session.recorded",
        target=session,
        actor=actor,
        organisation=establishment.organisation,
        changes={"title": session.title, "participants": session.participant_total},
    )
    return session


@transaction.atomic
def session_to_action(*, session: Any, actor: Any) -> Any:
    from ouvrage.actions.models import Action

    _require(actor, session.establishment.organisation_id)
    action = Action.objects.create(
        establishment=session.establishment,
        title=f"Décision de la séance « {session.title} »"[:300],
        origin="session",
        description=session.decided,
        created_by=actor,
    )
    record(
        action="action.created",
        target=action,
        actor=actor,
        organisation=session.establishment.organisation,
        changes={"from_session": session.pk},
    )
    return action
