"""Maltreatment signals. Any member of staff reports one through a form that then shows them
nothing more; only the people the organisation names see the register, a signal's page and its
forms — everyone else gets 404, as for something that does not exist. The organisation's
administrator names them. An adverse event qualified « suspicion de maltraitance » links to the
report form with its facts (date, place, the person's code, its number; not its free text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, STAFF, requires
from ouvrage.campaigns.rules import likely_names
from ouvrage.core.params import as_id
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE, export_rows
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for, establishments_for
from ouvrage.incidents.models import AdverseEvent
from ouvrage.safeguarding import services
from ouvrage.safeguarding.exports import export_signals
from ouvrage.safeguarding.models import Signal
from ouvrage.safeguarding.rules import ASSESS_WITHIN_DAYS
from ouvrage.safeguarding.selectors import (
    access_of,
    figures_of,
    may_handle,
    require_handler,
    signal_for,
    signals_of,
)
from ouvrage.www.once import created_once
from ouvrage.www.safeguarding import across
from ouvrage.www.safeguarding.forms import (
    AccessForm,
    AssessForm,
    AuthoritiesForm,
    CloseForm,
    ReportForm,
    SignalActionForm,
)
from ouvrage.www.steps import back_to, step
from ouvrage.www.typing import AuthedHttpRequest

NAMES_WARNING = (
    "Le texte semble nommer quelqu'un : {names}. Les personnes accompagnées n'apparaissent que sous "
    "leur code : la personne qui traite le signalement corrigera le texte."
)


def _event_facts(establishment: Establishment, pk: int) -> dict[str, Any]:
    """The facts of an adverse event of this establishment to start a report from (its number,
    date, place and person code; not its free text, where a name may be)."""
    event = AdverseEvent.objects.filter(establishment=establishment, pk=pk).first()
    if event is None:
        return {}
    return {
        "from_event": event.number,
        "occurred_on": event.occurred_on,
        "place": event.place,
        "person_code": event.person_code,
    }


@requires(STAFF, to=services.TO_REPORT)
@created_once
def report(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    initial |= _event_facts(establishment, as_id(request.GET.get("evenement", "")))
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ReportForm.Meta.fields}
        try:
            services.report_signal(establishment=establishment, actor=request.user, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            names = likely_names(
                " ".join(str(data.get(f) or "") for f in ("what", "place", "immediate_measures"))
            )
            if names:
                messages.warning(request, NAMES_WARNING.format(names=", ".join(f"« {n} »" for n in names)))
            return redirect("safeguarding:reported", establishment_pk=establishment.pk)
    return render(
        request,
        "safeguarding/report.html",
        {"establishment": establishment, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def reported(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """What the person who reported sees: thanks, and nothing of the signal."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(request, "safeguarding/reported.html", {"establishment": establishment})


@require_safe
def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    require_handler(request.user)
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return render(
        request,
        "safeguarding/register.html",
        {
            "establishment": establishment,
            "signals": signals_of(establishment),
            "figures": figures_of(establishment, timezone.localdate()),
            "within": ASSESS_WITHIN_DAYS,
        },
    )


@require_safe
def register_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The register as a spreadsheet, for the same people as its page."""
    require_handler(request.user)
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    response = HttpResponse(export_signals(signals_of(establishment)), content_type=XLSX_CONTENT_TYPE)
    filename = f"signalements-{establishment.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(
    request: AuthedHttpRequest,
    establishment: Establishment,
    signal: Signal,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = {
        "assess_form": AssessForm(
            initial={
                "assessment": signal.assessment,
                "decisions": signal.decisions,
                "authorities_concerned": signal.authorities_concerned,
            }
        ),
        "authorities_form": AuthoritiesForm(initial={"reported_on": timezone.localdate()}),
        "action_form": SignalActionForm(),
        "close_form": CloseForm(initial={"closing_note": signal.closing_note}),
    } | (bound or {})
    return render(
        request,
        "safeguarding/signal.html",
        {"establishment": establishment, "signal": signal, **forms},
        status=status,
    )


@require_safe
def signal(request: AuthedHttpRequest, establishment_pk: int, signal_pk: int) -> HttpResponse:
    require_handler(request.user)
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return _page(request, establishment, signal_for(establishment=establishment, pk=signal_pk))


def _handle(
    request: AuthedHttpRequest,
    establishment_pk: int,
    signal_pk: int,
    form_class: type[Any],
    name: str,
    act: Callable[[Signal, Any], Any],
    done: str,
) -> HttpResponse:
    require_handler(request.user)  # 404 before anything is read
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    found = signal_for(establishment=establishment, pk=signal_pk)
    form = form_class(request.POST)
    record = reverse("safeguarding:signal", args=[establishment.pk, found.pk])
    again = lambda: _page(request, establishment, found, {name: form}, status=400)  # noqa: E731
    return step(request, form, lambda f: act(found, f), done=done, then=back_to(name, record), again=again)


@require_POST
def assess(request: AuthedHttpRequest, establishment_pk: int, signal_pk: int) -> HttpResponse:
    return _handle(
        request,
        establishment_pk,
        signal_pk,
        AssessForm,
        "assess_form",
        lambda s, f: services.assess_signal(signal=s, actor=request.user, **f.cleaned_data),
        "Évaluation enregistrée.",
    )


@require_POST
def authorities(request: AuthedHttpRequest, establishment_pk: int, signal_pk: int) -> HttpResponse:
    return _handle(
        request,
        establishment_pk,
        signal_pk,
        AuthoritiesForm,
        "authorities_form",
        lambda s, f: services.note_authorities(
            signal=s, actor=request.user, reported_on=f.cleaned_data["reported_on"]
        ),
        "Transmission aux autorités notée.",
    )


@require_POST
@created_once
def action(request: AuthedHttpRequest, establishment_pk: int, signal_pk: int) -> HttpResponse:
    return _handle(
        request,
        establishment_pk,
        signal_pk,
        SignalActionForm,
        "action_form",
        lambda s, f: services.decide_action(signal=s, actor=request.user, data=f.cleaned_data),
        "Action ajoutée au plan d'action, liée au signalement.",
    )


@require_POST
def close(request: AuthedHttpRequest, establishment_pk: int, signal_pk: int) -> HttpResponse:
    return _handle(
        request,
        establishment_pk,
        signal_pk,
        CloseForm,
        "close_form",
        lambda s, f: services.close_signal(
            signal=s, actor=request.user, closing_note=f.cleaned_data["closing_note"]
        ),
        "Signalement clos.",
    )


@requires(ACCOUNT_MANAGERS, to=services.TO_SET)
def access(request: AuthedHttpRequest) -> HttpResponse:
    organisation_id = request.user.organisation_id or 0
    roles, people = access_of(organisation_id)
    form = AccessForm(
        request.POST if request.method == "POST" else None,
        organisation_id=organisation_id,
        initial={"roles": roles, "people": list(people)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_access(
                organisation_id=organisation_id,
                actor=request.user,
                roles=form.cleaned_data["roles"],
                people=list(form.cleaned_data["people"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Accès aux signalements enregistré.")
            return redirect("safeguarding:access")
    return render(request, "safeguarding/access.html", {"form": form}, status=400 if form.errors else 200)


@require_safe
@requires(STAFF, to="de voir les registres de l'organisme")
def registers(request: AuthedHttpRequest) -> HttpResponse:
    """The registers of the establishments of the person's scope, side by side."""
    with_signals = may_handle(request.user)
    rows = across.rows_for(
        establishments_for(user=request.user), timezone.localdate(), with_signals=with_signals
    )
    return render(
        request,
        "safeguarding/across.html",
        {"rows": rows, "with_signals": with_signals, "within": ASSESS_WITHIN_DAYS},
    )


@require_safe
@requires(STAFF, to="de voir les registres de l'organisme")
def registers_xlsx(request: AuthedHttpRequest) -> HttpResponse:
    with_signals = may_handle(request.user)
    rows = across.rows_for(
        establishments_for(user=request.user), timezone.localdate(), with_signals=with_signals
    )
    content = export_rows(
        "Registres", across.header(with_signals=with_signals), [across.cells(r) for r in rows]
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"registres-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
