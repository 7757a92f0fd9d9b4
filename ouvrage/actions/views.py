from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ouvrage.actions.forms import ActionForm, NoteForm
from ouvrage.actions.models import Action
from ouvrage.actions.proposals import propose
from ouvrage.actions.selectors import action_for, plan_for
from ouvrage.actions.services import add_note, create_action, create_from_proposals, update_action
from ouvrage.campaigns.selectors import campaign_for, results_for
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.selectors import current_has_version


def _require_editor(request: AuthedHttpRequest) -> None:
    if not request.user.can_edit_establishments:
        raise PermissionDenied("Votre rôle ne permet pas de modifier le plan d'action.")


def _today() -> date:
    return timezone.localdate()


@require_safe
def action_plan(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(
        request,
        "actions/plan.html",
        {"establishment": establishment, "plan": plan_for(establishment, _today()), "today": _today()},
    )


def proposals(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Actions proposed from a campaign's results; the team keeps, merges or discards them."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    data = results_for(campaign)
    followed = (
        Action.objects.filter(establishment=campaign.establishment)
        .open()
        .values_list("criteria__code", flat=True)
    )
    proposed = propose(
        data.results, {c: cr.title for c, cr in data.criteria.items()}, [c for c in followed if c]
    )
    if request.method == "POST":
        _require_editor(request)
        chosen = [p for p in proposed if p.code in set(request.POST.getlist("codes"))]
        if not chosen:
            messages.error(request, "Cochez au moins une proposition.")
        else:
            merge = request.POST.get("merge") == "1"
            created = create_from_proposals(
                campaign=campaign,
                actor=request.user,
                proposals=chosen,
                merge=merge,
                merged_title=request.POST.get("merged_title", "")[:300],
            )
            messages.success(
                request,
                f"{len(created)} action{'s' if len(created) > 1 else ''} ajoutée{'s' if len(created) > 1 else ''} au plan.",
            )
            return redirect("establishments:action_plan", establishment_pk=campaign.establishment.pk)
    return render(
        request,
        "actions/proposals.html",
        {"campaign": campaign, "proposals": proposed, "criteria": data.criteria},
    )


def action_create(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    _require_editor(request)
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = ActionForm(request.POST or None, establishment=establishment, version=current_has_version())
    if request.method == "POST" and form.is_valid():
        action = create_action(
            establishment=establishment,
            actor=request.user,
            data=form.action_data(),
            criteria=form.cleaned_data["criteria_codes"],
        )
        messages.success(request, "Action ajoutée au plan.")
        return redirect("actions:detail", action_pk=action.pk)
    return render(
        request, "actions/form.html", {"form": form, "establishment": establishment, "action": None}
    )


def action_detail(request: AuthedHttpRequest, action_pk: int) -> HttpResponse:
    action = action_for(user=request.user, pk=action_pk)
    version = action.campaign.frame_version if action.campaign else current_has_version()
    form = ActionForm(instance=action, establishment=action.establishment, version=version)
    note_form = NoteForm(initial={"written_on": _today()})
    if request.method == "POST":
        _require_editor(request)
        if request.POST.get("form") == "note":
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                add_note(action=action, actor=request.user, **note_form.cleaned_data)
                messages.success(request, "Avancement noté.")
                return redirect("actions:detail", action_pk=action.pk)
        else:
            form = ActionForm(
                request.POST, instance=action, establishment=action.establishment, version=version
            )
            if form.is_valid():
                update_action(
                    action=action,
                    actor=request.user,
                    data=form.action_data(),
                    criteria=form.cleaned_data["criteria_codes"],
                    evidence=list(form.cleaned_data["evidence"]),
                )
                messages.success(request, "Action mise à jour.")
                return redirect("actions:detail", action_pk=action.pk)
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "form": form,
            "note_form": note_form,
            "notes": action.notes.select_related("author"),
            "establishment": action.establishment,
            "today": _today(),
        },
    )


@require_safe
def corrective_plan(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    from ouvrage.reports.documents import render_document_html
    from ouvrage.reports.models import ReportKind

    campaign = campaign_for(user=request.user, pk=campaign_pk)
    return HttpResponse(
        render_document_html(campaign, ReportKind.CORRECTIVE_PLAN, printable=False, request=request)
    )
