from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS
from ouvrage.accounts.permissions import require_role
from ouvrage.actions.models import Action, ActionNote, Status
from ouvrage.actions.proposals import Proposal
from ouvrage.audit.services import diff, record
from ouvrage.frames.models import Criterion


def _require(actor: Any, organisation_id: int) -> None:
    require_role(actor, organisation_id, ESTABLISHMENT_EDITORS, "de modifier le plan d'action")


@transaction.atomic
def create_from_proposals(
    *, campaign: Any, actor: Any, proposals: list[Proposal], merge: bool, merged_title: str = ""
) -> list[Action]:
    """One action per proposal, or one action for all of them when `merge`."""
    _require(actor, campaign.establishment.organisation_id)
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
                f"{p.code} : note {p.score if p.score is not None else 'non cotée'}"
                f"{' (impératif non pleinement atteint)' if p.reason == 'imperative' else ''}"
                for p in group
            ),
            priority="high" if any(p.priority == "high" for p in group) else first.priority,
            origin="imperative" if any(p.reason == "imperative" for p in group) else first.reason,
            created_by=actor,
        )
        action.criteria.set([criteria[p.code] for p in group])
        record(
            action="action.created",
            target=action,
            actor=actor,
            organisation=campaign.establishment.organisation,
            changes={"criteria": [p.code for p in group], "campaign": campaign.pk},
        )
        created.append(action)
    return created


@transaction.atomic
def create_action(
    *, establishment: Any, actor: Any, data: dict[str, Any], criteria: list[Criterion]
) -> Action:
    _require(actor, establishment.organisation_id)
    action = Action.objects.create(establishment=establishment, created_by=actor, origin="manual", **data)
    action.criteria.set(criteria)
    record(
        action="action.created",
        target=action,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return action


@transaction.atomic
def update_action(
    *, action: Action, actor: Any, data: dict[str, Any], criteria: list[Criterion], evidence: list[Any]
) -> Action:
    _require(actor, action.establishment.organisation_id)
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
            action="action.updated",
            target=action,
            actor=actor,
            organisation=action.establishment.organisation,
            changes=changes,
        )
    return action


@transaction.atomic
def add_note(*, action: Action, actor: Any, written_on: date, text: str) -> ActionNote:
    _require(actor, action.establishment.organisation_id)
    note = ActionNote.objects.create(action=action, written_on=written_on, text=text.strip(), author=actor)
    record(
        action="action.note_added",
        target=action,
        actor=actor,
        organisation=action.establishment.organisation,
        changes={"written_on": str(written_on), "text": text.strip()[:500]},
    )
    return note
