from __future__ import annotations

from typing import Any

from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.establishments.models import Establishment
from ouvrage.reporting_burden.models import ReportingDuty

TO_EDIT = "de modifier le registre du reporting"


@transaction.atomic
def save_duty(
    *, establishment: Establishment, actor: User, data: dict[str, Any], duty: ReportingDuty | None = None
) -> ReportingDuty:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=establishment.organisation_id)
    created = duty is None
    duty = duty or ReportingDuty(establishment=establishment)
    for field, value in data.items():
        setattr(duty, field, value)
    duty.save()
    record(
        action=AuditAction.REPORTING_DUTY_CREATED if created else AuditAction.REPORTING_DUTY_UPDATED,
        target=duty,
        actor=actor,
        organisation=establishment.organisation,
        changes={k: str(v) for k, v in data.items()},
    )
    return duty


@transaction.atomic
def delete_duty(*, duty: ReportingDuty, actor: User) -> None:
    require_role(actor, EDITORS, to=TO_EDIT, organisation_id=duty.establishment.organisation_id)
    record(
        action=AuditAction.REPORTING_DUTY_DELETED,
        target=duty,
        actor=actor,
        organisation=duty.establishment.organisation,
        changes={"title": duty.title},
    )
    duty.delete()
