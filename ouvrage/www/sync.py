"""What a page's script needs to send changes kept on the device (offline rating): answers in JSON
when the request says `X-Ouvrage-Sync: 1`, and 401 rather than a login page when the session ended,
so that the script never takes a sign-in page for a success."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

HEADER = "X-Ouvrage-Sync"


def is_sync(request: HttpRequest) -> bool:
    return request.headers.get(HEADER) == "1"


def answer(state: str, status: int = 200, **data: Any) -> JsonResponse:
    return JsonResponse({"state": state, **data}, status=status, json_dumps_params={"ensure_ascii": False})


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like the sign-in every page needs, but a script's request gets 401 in JSON."""

    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if is_sync(request):
                return answer("signed_out", 401, login=reverse("accounts:login"))
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
