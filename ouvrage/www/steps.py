"""One step of a record's handling as the registers' pages take them (qualify, analyse, decide an
action, close…): a small form read, one service called, a message and the record's page again — or
the form again, with what the service refused next to the field it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect


def form_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal next to the fields it names (above the form otherwise)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


def step(
    request: HttpRequest,
    form: Any,
    act: Callable[[Any], Any],
    *,
    done: str,
    then: Callable[[Any], HttpResponse],
    again: Callable[[], HttpResponse],
) -> HttpResponse:
    """Call `act(form)` (a service) when the form is valid: `done` said, then `then(result)`; else, or
    when the service refuses, `again()` (the page with the form and its problems)."""
    if form.is_valid():
        try:
            result = act(form)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, done)
            return then(result)
    return again()


def back_to(name: str, record: str) -> Callable[[Any], HttpResponse]:
    """Where a step leads once done: the action it created (`action_form`), else the record's page."""

    def then(result: Any) -> HttpResponse:
        if name == "action_form":
            return redirect("actions:detail", action_pk=result.pk)
        return HttpResponseRedirect(record)

    return then
