from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import STAFF, requires
from ouvrage.campaigns.selectors import campaign_for
from ouvrage.documents.documents import render_document_html
from ouvrage.documents.models import EVALUATION_REPORTS, ReportJob, ReportKind
from ouvrage.documents.selectors import establishment_job_for, job_for
from ouvrage.documents.services import STALLED_AFTER, request_document
from ouvrage.establishments.selectors import establishment_for
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.rendering import render_page_or_fragment
from ouvrage.www.typing import AuthedHttpRequest

downloads = logging.getLogger("ouvrage.downloads")  # who downloaded what, in the server's log


def _document_page(request: AuthedHttpRequest, campaign_pk: int, kind: ReportKind) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    return HttpResponse(render_document_html(campaign, kind, printable=False, request=request))


@require_safe
@requires(STAFF, to=TO_STAFF)
def report_html(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    return _document_page(request, campaign_pk, ReportKind.SELF_EVALUATION)


@require_safe
@requires(STAFF, to=TO_STAFF)
def own_report_html(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    return _document_page(request, campaign_pk, ReportKind.OWN_EVALUATION)


@require_safe
@requires(STAFF, to=TO_STAFF)
def corrective_plan(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    return _document_page(request, campaign_pk, ReportKind.CORRECTIVE_PLAN)


@require_POST
@requires(STAFF, to=TO_STAFF)
def request_report(request: AuthedHttpRequest, campaign_pk: int, kind: str) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    if kind not in EVALUATION_REPORTS:
        raise Http404("Document inconnu.")
    try:
        job = request_document(campaign=campaign, kind=kind, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("campaigns:detail", campaign_pk=campaign.pk)
    return redirect("documents:job", campaign_pk=campaign.pk, job_pk=job.pk)


@require_safe
@requires(STAFF, to=TO_STAFF)
def job_status(request: AuthedHttpRequest, campaign_pk: int, job_pk: int) -> HttpResponse:
    """The document's progress; the page asks again every second while it is being produced."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    job = job_for(campaign=campaign, pk=job_pk)
    stalled = job.silent_since(timezone.now()) > STALLED_AFTER
    return render_page_or_fragment(
        request, "documents/job.html", "status", {"campaign": campaign, "job": job, "stalled": stalled}
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def job_download(request: AuthedHttpRequest, campaign_pk: int, job_pk: int) -> FileResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    return _pdf(request, job_for(campaign=campaign, pk=job_pk))


def _pdf(request: AuthedHttpRequest, job: ReportJob) -> FileResponse:
    """A document produced, as an attachment; who downloaded it goes to the server's log."""
    if not job.file:
        raise Http404("Le document n'est pas encore prêt.")
    downloads.info("document %s (%s) téléchargé par l'utilisateur %s", job.pk, job.kind, request.user.pk)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type="application/pdf"
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def establishment_job(request: AuthedHttpRequest, establishment_pk: int, document_pk: int) -> HttpResponse:
    """An establishment's document in production (its projet, its reporting register)."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    job = establishment_job_for(establishment=establishment, pk=document_pk)
    stalled = job.silent_since(timezone.now()) > STALLED_AFTER
    return render_page_or_fragment(
        request,
        "documents/establishment_job.html",
        "status",
        {"establishment": establishment, "job": job, "stalled": stalled},
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def establishment_download(
    request: AuthedHttpRequest, establishment_pk: int, document_pk: int
) -> FileResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return _pdf(request, establishment_job_for(establishment=establishment, pk=document_pk))
