from __future__ import annotations

from typing import Any

from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS, Role
from ouvrage.accounts.permissions import require_role
from ouvrage.actions.models import Action
from ouvrage.audit.services import record
from ouvrage.evidence.models import Evidence
from ouvrage.realwork.models import WorkGap

WRITERS = ESTABLISHMENT_EDITORS | {Role.PROFESSIONAL}


@transaction.atomic
def record_gap(
    *, establishment: Any, actor: Any, data: dict[str, Any], criterion: Any, anonymous: bool
) -> WorkGap:
    """Record a gap. When `anonymous`, neither the entry nor the audit trail keeps who wrote it."""
    require_role(actor, establishment.organisation_id, WRITERS, "d'écrire dans le journal")
    gap = WorkGap.objects.create(
        establishment=establishment, criterion=criterion, author=None if anonymous else actor, **data
    )
    record(
        action="work_gap.recorded",
        target=gap,
        actor=None if anonymous else actor,
        actor_label="anonyme" if anonymous else "",
        organisation=establishment.organisation,
        changes={"prescription": gap.prescription, "missing": gap.missing},
    )
    return gap


@transaction.atomic
def gap_to_action(*, gap: WorkGap, actor: Any) -> Action:
    require_role(
        actor, gap.establishment.organisation_id, ESTABLISHMENT_EDITORS, "de modifier le plan d'action"
    )
    action = Action.objects.create(
        establishment=gap.establishment,
        title=f"Écart : {gap.prescription}"[:300],
        origin="work_gap",
        description=f"Situation du {gap.occurred_on:%d/%m/%Y} : {gap.situation}\nCe qui a manqué : {', '.join(gap.missing_labels)}",
        created_by=actor,
    )
    if gap.criterion:
        action.criteria.add(gap.criterion)
    record(
        action="action.created",
        target=action,
        actor=actor,
        organisation=gap.establishment.organisation,
        changes={"from_work_gap": gap.pk},
    )
    return action


@transaction.atomic
def gap_to_evidence(*, gap: WorkGap, actor: Any) -> Evidence:
    require_role(actor, gap.establishment.organisation_id, WRITERS, "d'ajouter des preuves")
    evidence = Evidence.objects.create(
        establishment=gap.establishment,
        kind="observation",
        created_by=actor,
        title=f"Journal du travail réel, {gap.occurred_on:%d/%m/%Y} : {gap.prescription}"[:200],
        text=f"{gap.situation}\nCe qui a manqué : {', '.join(gap.missing_labels)}\nFait à la place : {gap.done_instead}",
    )
    record(
        action="evidence.added",
        target=evidence,
        actor=actor,
        organisation=gap.establishment.organisation,
        changes={"from_work_gap": gap.pk},
    )
    return evidence
