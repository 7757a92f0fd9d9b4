from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ouvrage.accounts.permissions import EDITORS, post_requires, requires
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.documents.models import ReportKind
from ouvrage.documents.services import request_document
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for
from ouvrage.reporting_burden.documents import register_xlsx as xlsx_of
from ouvrage.reporting_burden.models import ReportingDuty
from ouvrage.reporting_burden.selectors import register_of
from ouvrage.reporting_burden.services import delete_duty, save_duty
from ouvrage.www.once import created_once
from ouvrage.www.reporting_burden.forms import DutyForm
from ouvrage.www.typing import AuthedHttpRequest

TO_EDIT = "de modifier le registre du reporting"


def _context(establishment: Establishment) -> dict:
    register = register_of(establishment)
    return {
        "establishment": establishment,
        "duties": register.duties,
        "summary": register.summary,
        "today": timezone.localdate(),
    }


@post_requires(EDITORS, to=TO_EDIT)
@created_once
def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = DutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_duty(establishment=establishment, actor=request.user, data=form.cleaned_data)
        messages.success(request, "Obligation ajoutée au registre.")
        return redirect("reporting_burden:register", establishment_pk=establishment.pk)
    return render(request, "reporting_burden/register.html", {**_context(establishment), "form": form})


@requires(EDITORS, to=TO_EDIT)
def duty_edit(request: AuthedHttpRequest, establishment_pk: int, duty_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    duty = get_object_or_404(ReportingDuty.objects.filter(establishment=establishment), pk=duty_pk)
    form = DutyForm(request.POST or None, instance=duty)
    if request.method == "POST":
        if request.POST.get("delete") == "1":
            delete_duty(duty=duty, actor=request.user)
            messages.success(request, "Obligation retirée du registre.")
            return redirect("reporting_burden:register", establishment_pk=establishment.pk)
        if form.is_valid():
            save_duty(establishment=establishment, actor=request.user, data=form.cleaned_data, duty=duty)
            messages.success(request, "Obligation mise à jour.")
            return redirect("reporting_burden:register", establishment_pk=establishment.pk)
    return render(
        request, "reporting_burden/edit.html", {"establishment": establishment, "form": form, "duty": duty}
    )


@require_safe
def register_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    response = HttpResponse(xlsx_of(register_of(establishment)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="registre-reporting-{establishment.pk}.xlsx"'
    return response


def register_pdf(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The register in PDF, produced by the worker: asked by a button (POST); an old link (GET)
    leads to that button."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    if request.method != "POST":
        messages.info(request, "Le PDF se produit en arrière-plan : cliquez sur « PDF » pour le demander.")
        return redirect("reporting_burden:register", establishment_pk=establishment.pk)
    try:
        job = request_document(
            kind=ReportKind.BURDEN_REGISTER, actor=request.user, establishment=establishment
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("reporting_burden:register", establishment_pk=establishment.pk)
    return redirect("documents:establishment_job", establishment_pk=establishment.pk, document_pk=job.pk)
