from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ouvrage.audit.services import record
from ouvrage.core.failpoints import failpoint
from ouvrage.reports.models import JobStatus, ReportJob
from ouvrage.reports.tasks import build_report


def request_document(*, campaign: Any, kind: str, actor: Any) -> ReportJob:
    """Queue a document; the worker produces it (at once in tests: immediate backend)."""
    if actor.organisation_id != campaign.establishment.organisation_id:
        raise PermissionDenied("Cette évaluation n'est pas celle de votre organisme.")
    with transaction.atomic():
        job = ReportJob.objects.create(campaign=campaign, kind=kind, created_by=actor)
        record(
            action="report.requested",
            target=job,
            actor=actor,
            organisation=campaign.establishment.organisation,
            changes={"kind": kind, "campaign": campaign.pk},
        )
    try:
        build_report.enqueue(job.pk)
    except Exception:
        job.refresh_from_db()
        if job.status == JobStatus.QUEUED:  # not even queued (the task backend is unreachable)
            job.status = JobStatus.FAILED
            job.message = (
                "La mise en file a échoué. Réessayez ; si l'échec persiste, prévenez l'administrateur."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return job


INTERRUPTED = "Production interrompue par un arrêt du service. Réessayez."


def recover_interrupted_jobs(*, silent_for: timedelta | None = None) -> int:
    """Mark as failed (so that they can be retried) the documents a stopped worker left « en cours »:
    all of them when a worker starts, or those without news for `silent_for`."""
    running = ReportJob.objects.filter(status=JobStatus.RUNNING)
    if silent_for is not None:
        running = running.filter(updated_at__lt=timezone.now() - silent_for)
    return running.update(
        status=JobStatus.FAILED, message=INTERRUPTED, finished_at=timezone.now(), updated_at=timezone.now()
    )


class ImportRefused(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@transaction.atomic
def import_grid_changes(*, campaign: Any, actor: Any, changes: list[Any]) -> int:
    """Apply the checked changes of a grid file, all or nothing: if one cotation was saved in the
    application meanwhile or is refused, nothing is written."""
    from ouvrage.campaigns.services import rate_element

    refused = []
    for change in changes:
        outcome = rate_element(
            interview=change.interview,
            element=change.element,
            actor=actor,
            mark=change.mark,
            comment=change.comment,
            justification=change.justification,
            expected_version=change.version,
        )
        if outcome.conflict is not None:
            refused.append(f"{change.where} : modifiée dans Ouvrage pendant l'import")
        elif outcome.problem:
            refused.append(f"{change.where} : {outcome.problem}")
    if refused:
        transaction.set_rollback(True)
        raise ImportRefused(refused)
    failpoint("grid_import.before_commit")
    record(
        action="grid.imported",
        target=campaign,
        actor=actor,
        organisation=campaign.establishment.organisation,
        changes={"cotations": len(changes)},
    )
    return len(changes)
