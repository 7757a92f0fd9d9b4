"""Writing the real-work journal, and turning an entry into an action or a piece of evidence."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, require_role
from ouvrage.actions.models import Action
from ouvrage.actions.services import create_action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.core.formatting import long_date
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence, EvidenceKind
from ouvrage.evidence.services import add_evidence
from ouvrage.frames.models import Criterion
from ouvrage.realwork.models import WorkGap


@transaction.atomic
def record_gap(
    *,
    establishment: Establishment,
    actor: User,
    data: dict[str, Any],
    criterion: Criterion | None,
    anonymous: bool,
) -> WorkGap:
    """Record a gap. When `anonymous`, neither the entry nor the audit trail keeps who wrote it."""
    require_role(
        actor, CONTRIBUTORS, to="d'écrire dans le journal", organisation_id=establishment.organisation_id
    )
    gap = WorkGap.objects.create(
        establishment=establishment, criterion=criterion, author=None if anonymous else actor, **data
    )
    record(
        action=AuditAction.WORK_GAP_RECORDED,
        target=gap,
        actor=None if anonymous else actor,
        actor_label="anonyme" if anonymous else "",
        organisation=establishment.organisation,
        changes={"prescription": gap.prescription, "missing": gap.missing},
    )
    return gap


def gap_to_action(*, gap: WorkGap, actor: User) -> Action:
    """A gap becomes an action of the plan (linked to its criterion if it names one)."""
    missing = ", ".join(gap.missing_labels)
    return create_action(
        establishment=gap.establishment,
        actor=actor,
        data={
            "title": f"Écart : {gap.prescription}"[:300],
            "description": f"Situation du {long_date(gap.occurred_on)} : {gap.situation}\nCe qui a manqué : {missing}",
        },
        criteria=[gap.criterion] if gap.criterion else [],
        origin="work_gap",
        source={"from_work_gap": gap.pk},
    )


def gap_to_evidence(*, gap: WorkGap, actor: User) -> Evidence:
    """A gap becomes a piece of evidence (an observation) to cite from the grids."""
    missing = ", ".join(gap.missing_labels)
    return add_evidence(
        establishment=gap.establishment,
        actor=actor,
        kind=EvidenceKind.OBSERVATION,
        title=f"Journal du travail réel, {long_date(gap.occurred_on)} : {gap.prescription}"[:200],
        text=f"{gap.situation}\nCe qui a manqué : {missing}\nFait à la place : {gap.done_instead}",
    )
