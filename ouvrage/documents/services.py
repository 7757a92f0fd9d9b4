from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EVERYONE, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.models import Campaign, Interview
from ouvrage.documents.models import JobStatus, ReportJob, ReportKind
from ouvrage.documents.tasks import build_report
from ouvrage.establishments.models import Establishment
from ouvrage.projet.models import Projet

# Documents one person may have waiting or in production at once (a click on each of 25 reports
# queues 3, says why for the others).
MAX_PENDING_PER_PERSON = 3


def request_document(
    *,
    kind: str,
    actor: User,
    campaign: Campaign | None = None,
    projet: Projet | None = None,
    establishment: Establishment | None = None,
    interview: Interview | None = None,
) -> ReportJob:
    """Queue a document — of an evaluation (with its interview for a paper guide), of the projet
    d'établissement, or an establishment's reporting register; the worker produces it (at once in
    tests: immediate backend). Producing a document is reading: every role of the organisation may.
    The same document already waiting or in production is reused, whoever asked."""
    if establishment is None:
        establishment = campaign.establishment if campaign is not None else projet.establishment  # type: ignore[union-attr]
    require_role(actor, EVERYONE, to="de produire ce document", organisation_id=establishment.organisation_id)
    with transaction.atomic():
        Establishment.objects.select_for_update().filter(pk=establishment.pk).first()  # one at a time
        pending = ReportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        owner: dict[str, Any] = {"campaign": campaign, "projet": projet, "interview": interview}
        if kind == ReportKind.BURDEN_REGISTER:
            owner["establishment"] = establishment
        same = pending.filter(kind=kind, **owner).first()
        if same is not None:
            return same
        if pending.filter(created_by=actor).count() >= MAX_PENDING_PER_PERSON:
            raise ValidationError(
                f"Vous avez déjà {MAX_PENDING_PER_PERSON} documents en préparation : attendez qu'ils soient "
                "prêts avant d'en demander un autre."
            )
        job = ReportJob.objects.create(kind=kind, created_by=actor, **owner)
        record(
            action=AuditAction.REPORT_REQUESTED,
            target=job,
            actor=actor,
            organisation=establishment.organisation,
            changes={"kind": kind, **{k: v.pk for k, v in owner.items() if v is not None}},
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


# A document produced takes seconds; one silent for this long is shown interrupted (with « Réessayer »).
STALLED_AFTER = timedelta(minutes=5)
LEASE = timedelta(minutes=10)  # a running document gives news more often than this


def recover_interrupted_jobs(*, silent_for: timedelta | None = None, host: str | None = None) -> int:
    """Mark as failed (so that they can be retried) the documents a stopped worker left « en cours ».
    Without `host`: those without news for `silent_for` (all of them when it is None). With `host`
    (a worker starting on that machine): those of that host's workers that are no longer alive, and
    those of any worker silent for longer than the lease — never the work of a live worker."""
    running = ReportJob.objects.filter(status=JobStatus.RUNNING)
    if host is not None:
        dead = [
            job.pk
            for job in running.only("pk", "worker")
            if job.worker.rsplit(":", 1)[0] == host and not _alive(job.worker)
        ]
        running = running.filter(Q(pk__in=dead) | Q(updated_at__lt=timezone.now() - LEASE))
    elif silent_for is not None:
        running = running.filter(updated_at__lt=timezone.now() - silent_for)
    return running.update(
        status=JobStatus.FAILED, message=INTERRUPTED, finished_at=timezone.now(), updated_at=timezone.now()
    )


def _alive(worker: str) -> bool:
    """Whether the process `host:pid` (on this host) still runs."""
    try:
        pid = int(worker.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
