from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import EDITORS, STAFF, post_requires, requires
from ouvrage.actions.exports import export_action_plan
from ouvrage.actions.proposals import propose
from ouvrage.actions.selectors import action_for, actions_of, open_criteria_codes, plan_for
from ouvrage.actions.services import add_note, create_action, create_from_proposals, update_action
from ouvrage.campaigns.selectors import campaign_for, evaluated_versions, results_for
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.establishments.selectors import establishment_for
from ouvrage.www.actions.forms import ActionForm, NoteForm
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.typing import AuthedHttpRequest

TO_EDIT = "de modifier le plan d'action"


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


@post_requires(EDITORS, to=TO_EDIT)
@requires(STAFF, to=TO_STAFF)
def proposals(request: AuthedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Actions proposed from a campaign's results; the team keeps, merges or discards them."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    data = results_for(campaign)
    proposed = propose(
        data.results,
        {c: cr.title for c, cr in data.criteria.items()},
        open_criteria_codes(campaign.establishment),
    )
    if request.method == "POST":
        chosen = [p for p in proposed if p.code in set(request.POST.getlist("codes"))]
        if not chosen:
            messages.error(request, "Cochez au moins une proposition.")
        else:
            created = create_from_proposals(
                campaign=campaign,
                actor=request.user,
                proposals=chosen,
                merge=request.POST.get("merge") == "1",
                merged_title=request.POST.get("merged_title", "")[:300],
            )
            plural = "s" if len(created) > 1 else ""
            messages.success(request, f"{len(created)} action{plural} ajoutée{plural} au plan.")
            return redirect("actions:plan", establishment_pk=campaign.establishment.pk)
    return render(
        request,
        "actions/proposals.html",
        {"campaign": campaign, "proposals": proposed, "criteria": data.criteria},
    )


@requires(EDITORS, to=TO_EDIT)
@created_once
def action_create(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = ActionForm(
        request.POST or None, establishment=establishment, versions=evaluated_versions(establishment)
    )
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


def _versions(action):
    versions = evaluated_versions(action.establishment)
    if action.campaign is not None:  # codes are read in the action's own campaign first
        versions = [
            action.campaign.frame_version,
            *(v for v in versions if v.pk != action.campaign.frame_version_id),
        ]
    return versions


@post_requires(EDITORS, to=TO_EDIT)
def action_detail(request: AuthedHttpRequest, action_pk: int) -> HttpResponse:
    action = action_for(user=request.user, pk=action_pk)
    form = ActionForm(instance=action, establishment=action.establishment, versions=_versions(action))
    note_form = NoteForm(initial={"written_on": _today()})
    if request.method == "POST":
        form = ActionForm(
            request.POST, instance=action, establishment=action.establishment, versions=_versions(action)
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
    return _detail(request, action, form, note_form)


@require_POST
@requires(EDITORS, to=TO_EDIT)
def action_note(request: AuthedHttpRequest, action_pk: int) -> HttpResponse:
    """A dated note on the action's progress."""
    action = action_for(user=request.user, pk=action_pk)
    note_form = NoteForm(request.POST)
    if note_form.is_valid():
        add_note(action=action, actor=request.user, **note_form.cleaned_data)
        messages.success(request, "Avancement noté.")
        return redirect("actions:detail", action_pk=action.pk)
    form = ActionForm(instance=action, establishment=action.establishment, versions=_versions(action))
    return _detail(request, action, form, note_form, status=400)


def _detail(request: AuthedHttpRequest, action, form: ActionForm, note_form: NoteForm, status: int = 200):
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
        status=status,
    )


@require_safe
def action_plan_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    response = HttpResponse(export_action_plan(actions_of(establishment)), content_type=XLSX_CONTENT_TYPE)
    filename = f"plan-action-{establishment.pk}-{_today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
