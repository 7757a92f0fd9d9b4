from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, require_role
from ouvrage.actions.models import Action
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.lifecycle import ensure_editable
from ouvrage.campaigns.models import Campaign
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence
from ouvrage.evidence.services import cite_evidence
from ouvrage.frames.loader import load_frame
from ouvrage.frames.models import Criterion, Element
from ouvrage.frames.services import import_frame_version
from ouvrage.organisations.models import Organisation
from ouvrage.ownframe.models import (
    CollectiveSession,
    CrosswalkLink,
    EvaluativeAnswer,
    Mission,
    Need,
    OwnFrame,
    Value,
)

STARTER = "ouvrage-questions-evaluatives"
TO_EDIT = "de modifier le cadre propre de l'établissement"
ITEM_ACTIONS = {
    Mission: AuditAction.MISSION_ADDED,
    Need: AuditAction.NEED_ADDED,
    Value: AuditAction.VALUE_ADDED,
}


@transaction.atomic
def adopt_starter(*, establishment: Establishment, actor: User) -> OwnFrame:
    """Copy the starter questions into the establishment's own frame, to be rewritten by the team."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
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
    record(
        action=AuditAction.OWN_FRAME_CREATED,
        target=frame,
        actor=actor,
        organisation=establishment.organisation,
    )
    return frame


@transaction.atomic
def save_question(
    *, own: OwnFrame, actor: User, dimension: str, text: str, question: Criterion | None = None
) -> Criterion:
    """Add a question to a dimension, or reword one; its single element carries the same text."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=own.establishment.organisation_id)
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
        action=AuditAction.OWN_QUESTION_SAVED,
        target=question,
        actor=actor,
        organisation=own.establishment.organisation,
        changes={"title": [before, text]},
    )
    return question


@transaction.atomic
def set_crosswalk(
    *, question: Criterion, actor: User, organisation: Organisation, criteria: list[Criterion]
) -> None:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=organisation.pk)
    CrosswalkLink.objects.filter(question=question).exclude(criterion__in=criteria).delete()
    for criterion in criteria:
        CrosswalkLink.objects.get_or_create(question=question, criterion=criterion)
    record(
        action=AuditAction.CROSSWALK_SET,
        target=question,
        actor=actor,
        organisation=organisation,
        changes={"criteria": [c.code for c in criteria]},
    )


@transaction.atomic
def answer_question(
    *,
    campaign: Campaign,
    question: Criterion,
    actor: User,
    judgement: str,
    analysis: str,
    participants: str,
    evidence: Evidence | None = None,
) -> EvaluativeAnswer:
    """The team's answer to one of its questions: a judgement on the scale its frame declares (or
    none), an analysis, who took part; evidence cited as for any element."""
    require_role(
        actor,
        CONTRIBUTORS,
        to="de répondre aux questions de l'équipe",
        organisation_id=campaign.establishment.organisation_id,
    )
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    if not campaign.evaluative_versions.filter(pk=question.version_id).exists():
        raise ValidationError(
            "Cette évaluation n'évalue pas le cadre propre : ajoutez-le d'abord à l'évaluation."
        )
    scale = question.version.rules.judgement_scale
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
        cite_evidence(
            evidence=evidence, campaign=campaign, element=question.elements.get(rank=1), actor=actor
        )
    record(
        action=AuditAction.EVALUATIVE_ANSWER_SAVED,
        target=answer.question,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={"campaign": campaign.pk, "before": before, "judgement": judgement},
    )
    return answer


@transaction.atomic
def add_item(
    *,
    model: type[Mission] | type[Need] | type[Value],
    establishment: Establishment,
    actor: User,
    data: dict[str, Any],
    evidence: list[Evidence] | None = None,
) -> Mission | Need | Value:
    """Add a mission, a need (with the evidence that shows it) or a value."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    item = model.objects.create(establishment=establishment, **data)
    if evidence and isinstance(item, Need):
        item.evidence.set(evidence)
    record(
        action=ITEM_ACTIONS[model],
        target=item,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return item


@transaction.atomic
def record_session(
    *, establishment: Establishment, actor: User, data: dict[str, Any], questions: list[Criterion]
) -> CollectiveSession:
    """A collective session: participants by role (counts, pseudonymous codes), questions worked on,
    what was said and decided."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    session = CollectiveSession.objects.create(establishment=establishment, created_by=actor, **data)
    session.questions.set(questions)
    record(
        action=AuditAction.SESSION_RECORDED,
        target=session,
        actor=actor,
        organisation=establishment.organisation,
        changes={"title": session.title, "participants": session.participant_total},
    )
    return session


@transaction.atomic
def session_to_action(*, session: CollectiveSession, actor: User) -> Action:
    """The decision of a session becomes an action of the plan."""
    return create_action(
        establishment=session.establishment,
        actor=actor,
        data={"title": f"Décision de la séance « {session.title} »"[:300], "description": session.decided},
        criteria=[],
        origin="session",
        source={"from_session": session.pk},
    )
