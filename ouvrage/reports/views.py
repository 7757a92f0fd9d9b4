from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.actions.models import Action
from ouvrage.campaigns.selectors import campaign_for, grid_for, results_for
from ouvrage.campaigns.services import RATERS
from ouvrage.core.problems import ProblemsFound
from ouvrage.core.rendering import render_page_or_fragment
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.reports.documents import render_document_html
from ouvrage.reports.models import ReportJob, ReportKind
from ouvrage.reports.services import ImportRefused, import_grid_changes, request_document
from ouvrage.reports.spreadsheets import (
    export_action_plan,
    export_grids,
    export_open_data,
    open_data_row,
    read_grids,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A document produced takes seconds; a worker silent for this long has stopped (see `ouvrage worker`).
STALLED_AFTER = timedelta(minutes=5)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def report_html(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    return HttpResponse(
        render_document_html(campaign, ReportKind.SELF_EVALUATION, printable=False, request=request)
    )


@require_POST
def request_report(request: AuthedHttpRequest, campaign_pk: int, kind: str) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    if kind not in ReportKind.values:
        raise Http404("Document inconnu.")
    job = request_document(campaign=campaign, kind=kind, actor=request.user)
    return redirect("reports:job", campaign_pk=campaign.pk, job_pk=job.pk)


@require_safe
def job_status(request: AuthedHttpRequest, campaign_pk: int, job_pk: int) -> HttpResponse:
    """The document's progress; the page asks again every second while it is being produced."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    job = get_object_or_404(ReportJob.objects.filter(campaign=campaign), pk=job_pk)
    stalled = job.silent_since(timezone.now()) > STALLED_AFTER
    return render_page_or_fragment(
        request, "reports/job.html", "status", {"campaign": campaign, "job": job, "stalled": stalled}
    )


@require_safe
def job_download(request: AuthedHttpRequest, campaign_pk: int, job_pk: int) -> FileResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    job = get_object_or_404(ReportJob.objects.filter(campaign=campaign), pk=job_pk)
    if not job.file:
        raise Http404("Le document n'est pas encore prêt.")
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type="application/pdf"
    )


@require_safe
def grids_xlsx(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    grids = [grid_for(i) for i in campaign.interviews.select_related("person")]
    return _xlsx(export_grids(campaign, grids), f"grilles-evaluation-{campaign.pk}.xlsx")


def grids_import(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    context: dict = {"campaign": campaign}
    if request.method == "POST":
        if request.user.role not in RATERS:
            raise PermissionDenied("Votre rôle ne permet pas de coter.")
        upload = request.FILES.get("file")
        if upload is None:
            context["problems"] = ["Choisissez le fichier .xlsx rempli."]
        else:
            grids = {i.pk: grid_for(i) for i in campaign.interviews.select_related("person")}
            try:
                checked = read_grids(
                    upload.name or "fichier.xlsx", upload.read(5 * 1024 * 1024 + 1), campaign, grids
                )
            except ProblemsFound as exc:
                context["problems"] = [str(p) for p in exc.problems]
            else:
                if checked.conflicts:
                    context["conflicts"] = checked.conflicts
                else:
                    try:
                        count = import_grid_changes(
                            campaign=campaign, actor=request.user, changes=checked.changes
                        )
                    except ImportRefused as exc:
                        context["conflicts"] = exc.messages
                    else:
                        messages.success(
                            request,
                            f"Import terminé : {count} cotation(s) enregistrée(s), {checked.unchanged} inchangée(s).",
                        )
                        return redirect("campaigns:detail", campaign_pk=campaign.pk)
        context["refused"] = True
    return render(
        request, "reports/grids_import.html", context, status=400 if context.get("refused") else 200
    )


@require_safe
def open_data_xlsx(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    row = open_data_row(campaign, results_for(campaign).results, campaign.frame_version)
    return _xlsx(export_open_data([row]), f"resultats-format-open-data-{campaign.pk}.xlsx")


@require_safe
def action_plan_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    actions = list(
        Action.objects.filter(establishment=establishment)
        .select_related("owner", "campaign")
        .prefetch_related("criteria", "notes")
    )
    return _xlsx(
        export_action_plan(actions), f"plan-action-{establishment.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    )


@require_safe
def own_report_html(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    return HttpResponse(
        render_document_html(campaign, ReportKind.OWN_EVALUATION, printable=False, request=request)
    )
