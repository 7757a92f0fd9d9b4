"""The adverse events register: declare (any professional, from a phone), qualify, analyse, decide
actions, note the declaration to the authorities, close with a feedback; the CREX meetings; the
dashboard and the spreadsheet. One small view per form."""

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

from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, post_requires, require_role, requires
from ouvrage.campaigns.rules import likely_names
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for
from ouvrage.incidents import services
from ouvrage.incidents.exports import export_register
from ouvrage.incidents.models import AdverseEvent
from ouvrage.incidents.rules import scales
from ouvrage.incidents.selectors import crex_of, dashboard, declaration_text, event_for, events_of
from ouvrage.www.incidents.forms import (
    AnalyseForm,
    AuthoritiesForm,
    CloseForm,
    CrexForm,
    DeclareForm,
    EventActionForm,
    QualifyForm,
)
from ouvrage.www.once import created_once
from ouvrage.www.steps import back_to, step
from ouvrage.www.typing import AuthedHttpRequest

TO_DECLARE = "de déclarer un événement indésirable"
TO_TREAT = "de traiter les événements indésirables"


@require_safe
def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    events = events_of(establishment)
    return render(
        request,
        "incidents/register.html",
        {
            "establishment": establishment,
            "events": events,
            "board": dashboard(events, timezone.localdate()),
            "can_declare": request.user.role in CONTRIBUTORS,
            "can_treat": request.user.role in EDITORS,
        },
    )


# Names in free text are warned, not refused (« Madame la directrice » is no one's name).
NAMES_WARNING = (
    "Le texte semble nommer quelqu'un : {names}. Les personnes accompagnées n'apparaissent que sous "
    "leur code : la personne chargée de la qualité corrigera le texte en qualifiant l'événement."
)


@requires(CONTRIBUTORS, to=TO_DECLARE)
@created_once
def declare(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = DeclareForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in DeclareForm.Meta.fields}
        try:
            services.declare_event(
                establishment=establishment,
                actor=request.user,
                data=data,
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Événement déclaré. Merci : la personne chargée de la qualité va le traiter."
            )
            names = likely_names(
                " ".join(str(data.get(f) or "") for f in ("what", "place", "immediate_measures"))
            )
            if names:
                messages.warning(request, NAMES_WARNING.format(names=", ".join(f"« {n} »" for n in names)))
            return redirect("incidents:register", establishment_pk=establishment.pk)
    return render(
        request,
        "incidents/declare.html",
        {"establishment": establishment, "form": form},
        status=400 if form.errors else 200,
    )


def _page(
    request: AuthedHttpRequest,
    establishment: Establishment,
    event: AdverseEvent,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = {
        "qualify_form": QualifyForm(
            initial={
                "qualification": event.qualification,
                "severity": event.severity,
                "frequency": event.frequency,
            }
        ),
        "analyse_form": AnalyseForm(
            initial={"analysis": event.analysis} | {f"cause_{k}": v for k, v in event.causes.items()}
        ),
        "action_form": EventActionForm(),
        "authorities_form": AuthoritiesForm(initial={"declared_on": timezone.localdate()}),
        "close_form": CloseForm(initial={"feedback": event.feedback}),
    } | (bound or {})
    return render(
        request,
        "incidents/event.html",
        {
            "establishment": establishment,
            "event": event,
            "rule": scales().declaration,
            "declaration": declaration_text(event) if event.must_declare else "",
            "can_treat": request.user.role in EDITORS,
            **forms,
        },
        status=status,
    )


@require_safe
def event(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return _page(request, establishment, event_for(establishment=establishment, pk=event_pk))


def _treat(
    request: AuthedHttpRequest,
    establishment_pk: int,
    event_pk: int,
    form_class: type[Any],
    name: str,
    act: Callable[[AdverseEvent, Any], Any],
    done: str,
) -> HttpResponse:
    """Read one form about an event; on success call `act` (a service) and go back to the event."""
    require_role(request.user, EDITORS, to=TO_TREAT)  # the role, before anything is read
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    found = event_for(establishment=establishment, pk=event_pk)
    form = form_class(request.POST)
    record = reverse("incidents:event", args=[establishment.pk, found.pk])
    again = lambda: _page(request, establishment, found, {name: form}, status=400)  # noqa: E731
    return step(request, form, lambda f: act(found, f), done=done, then=back_to(name, record), again=again)


@require_POST
def qualify(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    return _treat(
        request,
        establishment_pk,
        event_pk,
        QualifyForm,
        "qualify_form",
        lambda e, f: services.qualify_event(event=e, actor=request.user, **f.cleaned_data),
        "Événement qualifié.",
    )


@require_POST
def analyse(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    return _treat(
        request,
        establishment_pk,
        event_pk,
        AnalyseForm,
        "analyse_form",
        lambda e, f: services.analyse_event(
            event=e, actor=request.user, causes=f.causes(), analysis=f.cleaned_data["analysis"]
        ),
        "Analyse enregistrée.",
    )


@require_POST
@created_once
def action(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    return _treat(
        request,
        establishment_pk,
        event_pk,
        EventActionForm,
        "action_form",
        lambda e, f: services.decide_action(event=e, actor=request.user, data=f.cleaned_data, criteria=[]),
        "Action ajoutée au plan d'action, liée à l'événement.",
    )


@require_POST
def authorities(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    return _treat(
        request,
        establishment_pk,
        event_pk,
        AuthoritiesForm,
        "authorities_form",
        lambda e, f: services.note_authorities_declared(
            event=e, actor=request.user, declared_on=f.cleaned_data["declared_on"]
        ),
        "Déclaration aux autorités notée.",
    )


@require_POST
def close(request: AuthedHttpRequest, establishment_pk: int, event_pk: int) -> HttpResponse:
    return _treat(
        request,
        establishment_pk,
        event_pk,
        CloseForm,
        "close_form",
        lambda e, f: services.close_event(event=e, actor=request.user, feedback=f.cleaned_data["feedback"]),
        "Événement clos : le retour au déclarant est visible sur le registre.",
    )


@post_requires(EDITORS, to=TO_TREAT)
@created_once
def crex(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = CrexForm(
        request.POST or None, establishment=establishment, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_crex(
                establishment=establishment,
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                events=list(form.cleaned_data["events"]),
                participants=form.participants(),
                decisions=form.cleaned_data["decisions"],
                action_titles=form.action_titles(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "CREX enregistré.")
            return redirect("incidents:crex", establishment_pk=establishment.pk)
    return render(
        request,
        "incidents/crex.html",
        {
            "establishment": establishment,
            "meetings": crex_of(establishment),
            "form": form,
            "can_treat": request.user.role in EDITORS,
        },
        status=400 if form.errors else 200,
    )


@require_safe
def register_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    response = HttpResponse(export_register(events_of(establishment)), content_type=XLSX_CONTENT_TYPE)
    filename = f"evenements-indesirables-{establishment.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
