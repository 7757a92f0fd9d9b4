from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.models import User
from ouvrage.accounts.services import ACCOUNT_MANAGERS, set_active
from ouvrage.core.typing import AuthedHttpRequest


def _managed(request: AuthedHttpRequest):
    if request.user.role not in ACCOUNT_MANAGERS:
        raise PermissionDenied("Seule l'administration de l'organisme gère les comptes.")
    return User.objects.filter(organisation=request.user.organisation)


@require_safe
def members(request: AuthedHttpRequest) -> HttpResponse:
    people = _managed(request).prefetch_related("establishments").order_by("-is_active", "email")
    return render(request, "accounts/members.html", {"members": people})


@require_POST
def member_active(request: AuthedHttpRequest, user_pk: int) -> HttpResponse:
    member = get_object_or_404(_managed(request), pk=user_pk)
    active = request.POST.get("active") == "1"
    try:
        ended = set_active(member=member, active=active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if active:
            messages.success(request, f"Le compte {member.email} est de nouveau actif.")
        else:
            messages.success(
                request,
                f"Le compte {member.email} est désactivé ; {ended} session(s) ouverte(s) fermée(s).",
            )
    return redirect("accounts:members")
