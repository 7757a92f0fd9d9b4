"""Background work (Django Tasks API through the django-tasks backport)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from ouvrage.campaigns.selectors import grid_for
from ouvrage.core.failpoints import failpoint
from ouvrage.core.pdf import html_to_pdf
from ouvrage.documents.documents import interview_guide_pdf, render_document_html
from ouvrage.documents.models import JobStatus, ReportJob, ReportKind
from ouvrage.projet.documents import projet_pdf
from ouvrage.reporting_burden.documents import register_pdf
from ouvrage.reporting_burden.selectors import register_of


def _projet(job: ReportJob) -> bytes:
    return projet_pdf(job.projet)


def _register(job: ReportJob) -> bytes:
    establishment = job.establishment
    assert establishment is not None  # noqa: S101 (set by request_document for this kind)
    return register_pdf(establishment, register_of(establishment), timezone.localdate())


def _guide(job: ReportJob) -> bytes:
    assert job.interview is not None  # noqa: S101 (set by request_document for this kind)
    return interview_guide_pdf(grid_for(job.interview))


# Documents that are not an evaluation's report: each has its own renderer.
STANDALONE: dict[str, Callable[[ReportJob], bytes]] = {
    ReportKind.PROJET: _projet,
    ReportKind.BURDEN_REGISTER: _register,
    ReportKind.INTERVIEW_GUIDE: _guide,
}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _step(job: ReportJob, progress: int, message: str) -> None:
    job.progress = progress
    job.message = message
    job.save(update_fields=["progress", "message", "status", "updated_at"])


@task()
def build_report(job_id: int) -> None:
    """Render a document to PDF, saying how far it is. A failure is recorded and can be retried."""
    job = ReportJob.objects.select_related(
        "campaign__establishment__organisation", "projet", "establishment", "interview"
    ).get(pk=job_id)
    started = time.perf_counter()
    job.status = JobStatus.RUNNING
    job.worker = worker_name()
    job.save(update_fields=["status", "worker", "updated_at"])
    _step(job, 10, "Calcul des résultats…")
    try:
        if job.kind in STANDALONE:
            _step(job, 50, "Mise en page du PDF…")
            pdf = STANDALONE[job.kind](job)
        else:
            html = render_document_html(job.campaign, job.kind, printable=True)
            _step(job, 50, "Mise en page du PDF…")
            pdf = html_to_pdf(html)
        _step(job, 90, "Enregistrement…")
        failpoint("report.before_save")
        job.file.save(job.filename, ContentFile(pdf), save=False)
    except Exception as exc:  # the person sees the failure and can retry
        job.status = JobStatus.FAILED
        job.message = f"La production a échoué ({type(exc).__name__}). Réessayez ; si l'échec persiste, prévenez l'administrateur."
        job.finished_at = timezone.now()
        job.save()
        raise
    job.status = JobStatus.DONE
    job.progress = 100
    job.message = "Document prêt."
    job.seconds = time.perf_counter() - started
    job.finished_at = timezone.now()
    job.save()
