from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, requires
from ouvrage.accounts.selectors import member_for, members_of
from ouvrage.accounts.services import set_active
from ouvrage.www.typing import AuthedHttpRequest

TO_MANAGE = "de gérer les comptes : c'est l'administration de l'organisme qui les gère"


@require_safe
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def members(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "accounts/members.html", {"members": members_of(request.user.organisation)})


@require_POST
@requires(ACCOUNT_MANAGERS, to=TO_MANAGE)
def member_active(request: AuthedHttpRequest, user_pk: int) -> HttpResponse:
    member = member_for(organisation=request.user.organisation, pk=user_pk)
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


@login_not_required
@require_safe
def token(request: HttpRequest) -> JsonResponse:
    """For a page's script: the current security token and who is signed in (none when the session
    ended), so that changes kept on the device are sent again only as the person who made them."""
    user = request.user
    response = JsonResponse(
        {
            "csrf": get_token(request),
            "user": user.pk if user.is_authenticated else None,
            "name": str(user) if user.is_authenticated else "",
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def signed_in_again(request: AuthedHttpRequest) -> HttpResponse:
    """Where the sign-in opened from a grid lands: the grid's tab sends what it kept."""
    return render(request, "accounts/signed_in_again.html")
