from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ouvrage.accounts.permissions import CONTRIBUTORS, post_requires
from ouvrage.campaigns.selectors import evaluated_versions
from ouvrage.establishments.selectors import establishment_for
from ouvrage.realwork.models import Missing, WorkGap
from ouvrage.realwork.selectors import journal_of
from ouvrage.realwork.services import gap_to_action, gap_to_evidence, record_gap
from ouvrage.www.once import created_once
from ouvrage.www.realwork.forms import WorkGapForm
from ouvrage.www.typing import AuthedHttpRequest

GAP_FIELDS = ("occurred_on", "situation", "prescription_kind", "prescription", "missing", "done_instead")


@post_requires(CONTRIBUTORS, to="d'écrire dans le journal")
@created_once
def journal(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = WorkGapForm(
        request.POST or None,
        versions=evaluated_versions(establishment),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        record_gap(
            establishment=establishment,
            actor=request.user,
            data={f: form.cleaned_data[f] for f in GAP_FIELDS},
            criterion=form.cleaned_data["criterion_code"],
            anonymous=form.cleaned_data["anonymous"],
        )
        messages.success(request, "Écart noté dans le journal. Merci.")
        return redirect("realwork:journal", establishment_pk=establishment.pk)
    gaps, view = journal_of(establishment)
    missing = request.GET.get("manque", "")
    labels = dict(Missing.choices)
    return render(
        request,
        "realwork/journal.html",
        {
            "establishment": establishment,
            "form": form,
            "gaps": [g for g in gaps if not missing or missing in g.missing],
            "view": view,
            "by_missing": [(labels.get(k, k), k, n) for k, n in view.by_missing],
            "missing": missing,
            "can_write": request.user.role in CONTRIBUTORS,
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
    return redirect("evidence:list", establishment_pk=establishment.pk)
