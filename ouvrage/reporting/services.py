from __future__ import annotations

from typing import Any

from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import record
from ouvrage.reporting.models import ReportingDuty


def _require(actor: Any, organisation_id: int) -> None:
    require_role(actor, organisation_id, ESTABLISHMENT_EDITORS, "de modifier le registre du reporting")


@transaction.atomic
def save_duty(
    *, establishment: Any, actor: Any, data: dict[str, Any], duty: ReportingDuty | None = None
) -> ReportingDuty:
    _require(actor, establishment.organisation_id)
    created = duty is None
    duty = duty or ReportingDuty(establishment=establishment)
    for field, value in data.items():
        setattr(duty, field, value)
    duty.save()
    record(
        action="reporting_duty.created" if created else "reporting_duty.updated",
        target=duty,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return duty


@transaction.atomic
def delete_duty(*, duty: ReportingDuty, actor: Any) -> None:
    _require(actor, duty.establishment.organisation_id)
    record(
        action="reporting_duty.deleted",
        target=duty,
        actor=actor,
        organisation=duty.establishment.organisation,
        changes={"title": duty.title},
    )
    duty.delete()
