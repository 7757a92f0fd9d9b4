from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.national.importing import delete_file
from ouvrage.national.models import PENDING, ImportStatus, PublishedImport
from ouvrage.national.tasks import import_published

SUFFIXES = (".xlsx", ".csv", ".parquet")
# Who may replace the published results from the page: they are shared by every organisation of the
# installation, public data that anyone can download again; any organisation administrator may
# replace them, and the journal of their organisation says who, when, which file and how many rows
# (docs/national-results.md).
IMPORTERS = ACCOUNT_MANAGERS
log = logging.getLogger(__name__)


def pending_import() -> PublishedImport | None:
    """The import waiting or under way, if any (one at a time for the whole installation); one whose
    worker stopped giving news does not count."""
    now = timezone.now()
    for job in PublishedImport.objects.filter(status__in=PENDING).order_by("-created_at")[:5]:
        if not job.stalled(now):
            return job
    return None


def request_import(
    *, actor: User, upload: UploadedFile, enqueue: Callable[[int], Any] | None = None
) -> PublishedImport:
    """Keep the uploaded file in private storage and queue its import for the worker."""
    require_role(actor, IMPORTERS, to="de remplacer les résultats publiés par la HAS")
    name = (upload.name or "").rsplit("/", 1)[-1][-200:]
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError(
            "Choisissez un fichier .xlsx, .csv ou .parquet (open_data_par_essms de la HAS)."
        )
    with transaction.atomic():
        running = pending_import()
        if running is not None:
            raise ValidationError(
                "Un import des résultats publiés est déjà en cours : attendez sa fin avant d'en lancer un autre."
            )
        job = PublishedImport(organisation=actor.organisation, created_by=actor, file_name=name)
        suffix = next(s for s in SUFFIXES if name.lower().endswith(s))
        job.file.save(f"import{suffix}", upload, save=False)
        job.save()
        record(
            action=AuditAction.NATIONAL_IMPORT_REQUESTED,
            target=job,
            actor=actor,
            organisation=actor.organisation,
            changes={"file": name, "bytes": upload.size},
        )
    if enqueue is None:
        enqueue = import_published.enqueue
    try:
        enqueue(job.pk)
    except Exception:
        log.exception("import %s not queued", job.pk)
        job.refresh_from_db()
        if job.status == ImportStatus.QUEUED:
            job.status = ImportStatus.FAILED
            job.message = (
                "La mise en file a échoué. Réessayez ; si l'échec persiste, prévenez l'administrateur."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at", "updated_at"])
            delete_file(job)
    return job
