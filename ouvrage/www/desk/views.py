"""The start page of a signed-in person (« / »): their desk."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ouvrage.accounts.models import Role
from ouvrage.www.desk.compose import desk_for
from ouvrage.www.typing import AuthedHttpRequest


@require_safe
def desk(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "desk/desk.html",
        {
            "desk": desk_for(request.user, timezone.localdate()),
            "evaluator": request.user.role == Role.EVALUATOR,
            "editor": request.user.role in (Role.ADMIN, Role.DIRECTION, Role.QUALITY),
        },
    )
