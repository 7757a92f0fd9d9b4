from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EVERYONE, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.models import Campaign
from ouvrage.documents.models import JobStatus, ReportJob
from ouvrage.documents.tasks import build_report


def request_document(*, campaign: Campaign, kind: str, actor: User) -> ReportJob:
    """Queue a document; the worker produces it (at once in tests: immediate backend). Producing a
    document is reading the results: every role of the organisation may."""
    require_role(
        actor, EVERYONE, to="de produire ce document", organisation_id=campaign.establishment.organisation_id
    )
    with transaction.atomic():
        job = ReportJob.objects.create(campaign=campaign, kind=kind, created_by=actor)
        record(
            action=AuditAction.REPORT_REQUESTED,
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
