"""The progress markers of the partners and publics (Outcome Mapping) with their observations and
charts, a marker's observations, and the criteria of work well done with their disagreements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ouvrage.accounts.permissions import CONTRIBUTORS, STAFF, post_requires, requires
from ouvrage.effects import markers as service
from ouvrage.effects.markers import CriterionRow
from ouvrage.effects.models import Disagreement
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for
from ouvrage.www.effects.markers_forms import (
    CriterionForm,
    DisagreementForm,
    MarkerForm,
    ObservationForm,
    OutcomeForm,
    RewordForm,
)
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.steps import form_errors
from ouvrage.www.typing import AuthedHttpRequest

TO_MARKERS = service.TO_MARKERS
TO_QUALITY_WORK = service.TO_QUALITY_WORK


def _status(bound: bool) -> int:
    return 400 if bound else 200


# ---------------------------------------------------------------- progress markers


def _markers_page(
    request: AuthedHttpRequest, establishment: Establishment, form: MarkerForm | None = None
) -> HttpResponse:
    return render(
        request,
        "effects/markers/markers.html",
        {
            "establishment": establishment,
            "partners": service.markers_of(establishment),
            "names": service.partners_of(establishment),
            "form": form or MarkerForm(initial={"level": "expect"}),
            "can_edit": request.user.role in CONTRIBUTORS,
        },
        status=_status(form is not None),
    )


@requires(STAFF, to=TO_STAFF)
@post_requires(CONTRIBUTORS, to=TO_MARKERS)
@created_once
def markers(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    if request.method != "POST":
        return _markers_page(request, establishment)
    form = MarkerForm(request.POST)
    if form.is_valid():
        try:
            marker = service.add_marker(establishment=establishment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Marqueur ajouté pour « {marker.partner} ».")
            return redirect("effects:markers", establishment_pk=establishment.pk)
    return _markers_page(request, establishment, form)


@requires(STAFF, to=TO_STAFF)
@post_requires(CONTRIBUTORS, to=TO_MARKERS)
@created_once
def marker_observe(request: AuthedHttpRequest, establishment_pk: int, marker_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    marker = service.marker_for(establishment=establishment, pk=marker_pk)
    form = ObservationForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service.observe_marker(marker=marker, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Observation enregistrée.")
            return redirect("effects:markers", establishment_pk=establishment.pk)
    partner = next(p for p in service.markers_of(establishment) if p.partner == marker.partner)
    row = next(r for r in partner.markers if r.marker.pk == marker.pk)
    return render(
        request,
        "effects/markers/observe.html",
        {
            "establishment": establishment,
            "marker": marker,
            "row": row,
            "partner": partner,
            "form": form,
            "can_edit": request.user.role in CONTRIBUTORS,
        },
        status=_status(request.method == "POST"),
    )


# ---------------------------------------------------------------- work well done


@dataclass(frozen=True)
class CriterionForms:
    row: CriterionRow
    disagreement: DisagreementForm
    reword: RewordForm
    outcomes: list[tuple[Disagreement, OutcomeForm]]


def _quality_page(
    request: AuthedHttpRequest, establishment: Establishment, bound: dict[str, Any] | None = None
) -> HttpResponse:
    """The page, with the form sent (`bound`, by its prefix) shown again with its problems."""
    bound = bound or {}
    today = timezone.localdate()
    rows = []
    for row in service.quality_work_rows(establishment):
        pk = row.criterion.pk
        rows.append(
            CriterionForms(
                row,
                bound.get(f"d{pk}") or DisagreementForm(prefix=f"d{pk}", initial={"said_on": today}),
                bound.get(f"r{pk}")
                or RewordForm(prefix=f"r{pk}", initial={"reworded_on": today, "text": row.criterion.text}),
                [
                    (
                        d,
                        bound.get(f"o{d.pk}")
                        or OutcomeForm(prefix=f"o{d.pk}", initial={"outcome": d.outcome}),
                    )
                    for d in row.disagreements
                ],
            )
        )
    return render(
        request,
        "effects/markers/quality_work.html",
        {
            "establishment": establishment,
            "rows": rows,
            "form": bound.get("criterion") or CriterionForm(initial={"written_on": today}),
            "open": next(iter(bound), ""),
            "can_edit": request.user.role in CONTRIBUTORS,
        },
        status=_status(bool(bound)),
    )


def _step(
    request: AuthedHttpRequest,
    establishment: Establishment,
    key: str,
    form: forms.Form,
    act: Any,
    done: str,
    anchor: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(f"{_quality_url(establishment)}#{anchor}")
    return _quality_page(request, establishment, {key: form})


def _quality_url(establishment: Establishment) -> str:
    return reverse("effects:quality_work", kwargs={"establishment_pk": establishment.pk})


@requires(STAFF, to=TO_STAFF)
@post_requires(CONTRIBUTORS, to=TO_QUALITY_WORK)
@created_once
def quality_work(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    if request.method != "POST":
        return _quality_page(request, establishment)
    return _step(
        request,
        establishment,
        "criterion",
        CriterionForm(request.POST),
        lambda data: service.write_criterion(establishment=establishment, actor=request.user, **data),
        "Critère enregistré.",
        "criteres",
    )


@require_POST
@requires(CONTRIBUTORS, to=TO_QUALITY_WORK)
@created_once
def disagreement(
    request: AuthedHttpRequest, establishment_pk: int, quality_criterion_pk: int
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    criterion = service.criterion_for(establishment=establishment, pk=quality_criterion_pk)
    return _step(
        request,
        establishment,
        f"d{criterion.pk}",
        DisagreementForm(request.POST, prefix=f"d{criterion.pk}"),
        lambda data: service.add_disagreement(criterion=criterion, actor=request.user, **data),
        "Désaccord consigné et daté.",
        f"critere-{criterion.pk}",
    )


@require_POST
@requires(CONTRIBUTORS, to=TO_QUALITY_WORK)
@created_once
def disagreement_outcome(
    request: AuthedHttpRequest, establishment_pk: int, quality_criterion_pk: int, disagreement_pk: int
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    criterion = service.criterion_for(establishment=establishment, pk=quality_criterion_pk)
    found = service.disagreement_for(criterion=criterion, pk=disagreement_pk)
    return _step(
        request,
        establishment,
        f"o{found.pk}",
        OutcomeForm(request.POST, prefix=f"o{found.pk}"),
        lambda data: service.record_outcome(disagreement=found, actor=request.user, **data),
        "Ce qu'est devenu le désaccord est noté.",
        f"desaccord-{found.pk}",
    )


@require_POST
@requires(CONTRIBUTORS, to=TO_QUALITY_WORK)
@created_once
def quality_reword(
    request: AuthedHttpRequest, establishment_pk: int, quality_criterion_pk: int
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    criterion = service.criterion_for(establishment=establishment, pk=quality_criterion_pk)
    return _step(
        request,
        establishment,
        f"r{criterion.pk}",
        RewordForm(request.POST, prefix=f"r{criterion.pk}"),
        lambda data: service.reword_criterion(criterion=criterion, actor=request.user, **data),
        "Critère reformulé ; l'ancienne formulation est gardée.",
        f"critere-{criterion.pk}",
    )
