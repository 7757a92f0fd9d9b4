from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.actions.models import Action, ActionNote, Status
from ouvrage.actions.proposals import Proposal
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import diff, record
from ouvrage.core.formatting import number
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion

if TYPE_CHECKING:
    from ouvrage.campaigns.models import Campaign
    from ouvrage.evidence.models import Evidence

TO_EDIT = "de modifier le plan d'action"


@transaction.atomic
def create_from_proposals(
    *, campaign: Campaign, actor: User, proposals: list[Proposal], merge: bool, merged_title: str = ""
) -> list[Action]:
    """One action per proposal, or one action for all of them when `merge`."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=campaign.establishment.organisation_id)
    criteria = {
        c.code: c for c in campaign.frame_version.criteria.filter(code__in=[p.code for p in proposals])
    }
    groups = [proposals] if merge else [[p] for p in proposals]
    created = []
    for group in groups:
        first = group[0]
        action = Action.objects.create(
            establishment=campaign.establishment,
            campaign=campaign,
            title=(merged_title.strip() or f"Améliorer les critères {', '.join(p.code for p in group)}")[:300]
            if merge
            else first.title,
            description="\n".join(
                f"{p.code} : note {number(p.score) if p.score is not None else 'non cotée'}"
                f"{' (impératif non pleinement atteint)' if p.reason == 'imperative' else ''}"
                for p in group
            ),
            priority="high" if any(p.priority == "high" for p in group) else first.priority,
            origin="imperative" if any(p.reason == "imperative" for p in group) else first.reason,
            created_by=actor,
        )
        action.criteria.set([criteria[p.code] for p in group])
        record(
            action=AuditAction.ACTION_CREATED,
            target=action,
            actor=actor,
            organisation=campaign.establishment.organisation,
            changes={"criteria": [p.code for p in group], "campaign": campaign.pk},
        )
        created.append(action)
    return created


@transaction.atomic
def create_action(
    *,
    establishment: Establishment,
    actor: User,
    data: dict[str, Any],
    criteria: list[Criterion],
    origin: str = "manual",
    source: dict[str, Any] | None = None,
) -> Action:
    """An action of the plan, typed by a person (`manual`) or coming from elsewhere (`origin`: a
    real-work journal entry, a collective session…, named in `source` for the journal of changes)."""
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    action = Action.objects.create(establishment=establishment, created_by=actor, origin=origin, **data)
    action.criteria.set(criteria)
    record(
        action=AuditAction.ACTION_CREATED,
        target=action,
        actor=actor,
        organisation=establishment.organisation,
        changes=source or {k: str(v) for k, v in data.items()},
    )
    return action


@transaction.atomic
def update_action(
    *, action: Action, actor: User, data: dict[str, Any], criteria: list[Criterion], evidence: list[Evidence]
) -> Action:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=action.establishment.organisation_id)
    # Compare with the stored row: a bound ModelForm has already copied its data onto the instance.
    stored = Action.objects.select_for_update().get(pk=action.pk)
    before = {f: str(getattr(stored, f)) for f in data} | {
        "criteria": sorted(c.code for c in stored.criteria.all())
    }
    for field, value in data.items():
        setattr(action, field, value)
    if action.status != Status.ABANDONED:
        action.abandon_reason = ""
    action.save()
    action.criteria.set(criteria)
    action.evidence.set(evidence)
    after = {f: str(getattr(action, f)) for f in data} | {"criteria": sorted(c.code for c in criteria)}
    changes = diff(before, after)
    if changes:
        record(
            action=AuditAction.ACTION_UPDATED,
            target=action,
            actor=actor,
            organisation=action.establishment.organisation,
            changes=changes,
        )
    return action


@transaction.atomic
def add_note(*, action: Action, actor: User, written_on: date, text: str) -> ActionNote:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=action.establishment.organisation_id)
    note = ActionNote.objects.create(action=action, written_on=written_on, text=text.strip(), author=actor)
    record(
        action=AuditAction.ACTION_NOTE_ADDED,
        target=action,
        actor=actor,
        organisation=action.establishment.organisation,
        changes={"written_on": str(written_on), "text": text.strip()[:500]},
    )
    return note
