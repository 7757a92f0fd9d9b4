from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.reporting.burden import summarise
from ouvrage.reporting.forms import DutyForm
from ouvrage.reporting.models import ReportingDuty
from ouvrage.reporting.services import delete_duty, save_duty
from ouvrage.reports.pdf import html_to_pdf
from ouvrage.reports.spreadsheets import export_rows


def _context(establishment):
    duties = list(ReportingDuty.objects.filter(establishment=establishment))
    return {
        "establishment": establishment,
        "duties": duties,
        "summary": summarise(d.as_duty() for d in duties),
        "today": timezone.localdate(),
    }


def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = DutyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.can_edit_establishments:
            raise PermissionDenied("Votre rôle ne permet pas de modifier le registre du reporting.")
        if form.is_valid():
            save_duty(establishment=establishment, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Obligation ajoutée au registre.")
            return redirect("establishments:reporting", establishment_pk=establishment.pk)
    return render(request, "reporting/register.html", {**_context(establishment), "form": form})


def duty_edit(request: AuthedHttpRequest, establishment_pk: int, duty_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    duty = get_object_or_404(ReportingDuty.objects.filter(establishment=establishment), pk=duty_pk)
    if not request.user.can_edit_establishments:
        raise PermissionDenied("Votre rôle ne permet pas de modifier le registre du reporting.")
    form = DutyForm(request.POST or None, instance=duty)
    if request.method == "POST":
        if request.POST.get("delete") == "1":
            delete_duty(duty=duty, actor=request.user)
            messages.success(request, "Obligation retirée du registre.")
            return redirect("establishments:reporting", establishment_pk=establishment.pk)
        if form.is_valid():
            save_duty(establishment=establishment, actor=request.user, data=form.cleaned_data, duty=duty)
            messages.success(request, "Obligation mise à jour.")
            return redirect("establishments:reporting", establishment_pk=establishment.pk)
    return render(
        request, "reporting/edit.html", {"establishment": establishment, "form": form, "duty": duty}
    )


@require_safe
def register_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    ctx = _context(establishment)
    rows = [
        [
            d.title,
            d.recipient_label,
            d.legal_basis,
            d.get_frequency_display(),
            d.occurrences_per_year,
            float(d.hours_per_occurrence),
            float(d.hours_per_year),
            d.role,
            d.data_items,
        ]
        for d in ctx["duties"]
    ]
    summary = ctx["summary"]
    data = export_rows(
        "Registre du reporting",
        [
            "Ce qui est transmis",
            "Destinataire",
            "Fondement",
            "Fréquence",
            "Fois par an",
            "Heures par occurrence",
            "Heures par an",
            "Qui le fait",
            "Données transmises",
        ],
        rows,
        totals=[
            ["Total heures par an", float(summary.total_hours)],
            ["Soit jours de 7 h", float(summary.working_days)],
        ]
        + [[f"Destinataire : {r}", float(h)] for r, h in summary.by_recipient]
        + [[f"Fonction : {r}", float(h)] for r, h in summary.by_role]
        + [[f"Doublon : {d.item}", ", ".join(d.recipients)] for d in summary.duplicates],
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="registre-reporting-{establishment.pk}.xlsx"'
    return response


@require_safe
def register_pdf(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """A short document, produced at once (well under a second)."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    html = render_to_string("reporting/document.html", {**_context(establishment), "printable": True})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registre-reporting-{establishment.pk}.pdf"'
    return response
