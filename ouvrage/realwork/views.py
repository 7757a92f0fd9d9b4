from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ouvrage.accounts.permissions import post_requires
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.selectors import current_has_version
from ouvrage.realwork.forms import WorkGapForm
from ouvrage.realwork.journal import GapFacts, aggregate
from ouvrage.realwork.models import Missing, WorkGap
from ouvrage.realwork.services import WRITERS, gap_to_action, gap_to_evidence, record_gap


@post_requires(WRITERS, "d'écrire dans le journal")
def journal(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = WorkGapForm(
        request.POST or None, version=current_has_version(), initial={"occurred_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = {
            f: form.cleaned_data[f]
            for f in (
                "occurred_on",
                "situation",
                "prescription_kind",
                "prescription",
                "missing",
                "done_instead",
            )
        }
        record_gap(
            establishment=establishment,
            actor=request.user,
            data=data,
            criterion=form.cleaned_data["criterion_code"],
            anonymous=form.cleaned_data["anonymous"],
        )
        messages.success(request, "Écart noté dans le journal. Merci.")
        return redirect("establishments:journal", establishment_pk=establishment.pk)
    gaps = list(WorkGap.objects.filter(establishment=establishment).select_related("criterion", "author"))
    missing = request.GET.get("manque", "")
    shown = [g for g in gaps if not missing or missing in g.missing]
    labels = dict(Missing.choices)
    view = aggregate(
        GapFacts(g.occurred_on, g.prescription, g.criterion.code if g.criterion else None, tuple(g.missing))
        for g in gaps
    )
    return render(
        request,
        "realwork/journal.html",
        {
            "establishment": establishment,
            "form": form,
            "gaps": shown,
            "view": view,
            "by_missing": [(labels.get(k, k), k, n) for k, n in view.by_missing],
            "missing": missing,
            "can_write": request.user.role in WRITERS,
        },
    )


@require_POST
def gap_use(request: AuthedHttpRequest, establishment_pk: int, gap_pk: int) -> HttpResponse:
    """Turn a gap into an action of the plan, or into a piece of evidence."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    gap = get_object_or_404(WorkGap.objects.filter(establishment=establishment), pk=gap_pk)
    if request.POST.get("as") == "action":
        action = gap_to_action(gap=gap, actor=request.user)
        messages.success(request, "L'écart est devenu une action du plan.")
        return redirect("actions:detail", action_pk=action.pk)
    gap_to_evidence(gap=gap, actor=request.user)
    messages.success(
        request, "L'écart est enregistré comme preuve (observation) : citez-le depuis les grilles."
    )
    return redirect("establishments:evidence", establishment_pk=establishment.pk)
