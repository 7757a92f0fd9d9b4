"""Creation forms answer once. Each form carries a fresh token (`{% once %}` in a hidden field
named `once`); the first request with a token reserves it in the same transaction as the creation,
and any later one with that token (a double click, a resent form, a parallel request) is led where
the first one led, with « déjà enregistré », creating nothing. A refused form frees its token so
that the corrected form can be sent again. Forms without a token (scripts) behave as before.

A form sent without one's name (its `anonymous` box ticked: the real-work journal, an adverse event)
reserves its token without the person and without the address of what it created, so that nothing
kept ties them together; a double click still creates one thing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import template
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from ouvrage.core.models import Submission

register = template.Library()
TOKEN = re.compile(r"^[0-9a-f]{32}$")
ANONYMOUS = frozenset({"on", "true", "1"})
ALREADY = "Déjà enregistré : ce formulaire avait déjà été envoyé, rien n'a été créé en double."


@register.simple_tag
def once() -> str:
    return uuid.uuid4().hex


def created_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get("once", "") if request.method == "POST" else ""
        user = getattr(request, "user", None)
        if not TOKEN.match(token) or user is None or not user.is_authenticated:
            return view(request, *args, **kwargs)
        anonymous = request.POST.get("anonymous", "") in ANONYMOUS
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reserved = Submission.objects.create(token=token, user=None if anonymous else user)
            except IntegrityError:
                return _already(request, token)
            response = view(request, *args, **kwargs)
            redirected = isinstance(response, HttpResponseRedirect) or response.status_code in (301, 302, 303)
            if not redirected:
                reserved.delete()  # refused or shown again: the corrected form may use the token
            elif not anonymous:  # without one's name, the token alone answers a second click
                reserved.location = response.get("Location", "")[:500]
                reserved.save(update_fields=["location"])
            return response

    return wrapper


def _already(request: HttpRequest, token: str) -> HttpResponse:
    first = Submission.objects.filter(token=token, user_id=request.user.pk or 0).first()
    messages.info(request, ALREADY)
    target = first.location if first is not None and first.location else request.path
    return HttpResponseRedirect(target)
