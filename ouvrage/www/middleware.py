import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ouvrage.accounts.adapter import client_ip
from ouvrage.accounts.security import (
    LAST_USE,
    SECOND_FACTOR_SEEN,
    SIGNED_IN_AT,
    TOUCHED,
    has_second_factor,
    note_session_use,
    record_refusal,
    second_factor_required,
)
from ouvrage.campaigns.lifecycle import CampaignLocked
from ouvrage.www.sync import answer, is_sync


class BodySizeMiddleware:
    """A request body larger than MAX_REQUEST_BODY is refused before it is read, signed in or not
    (413, in French). Bodies sent without a declared length are cut by the upload handler below."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > body_limit(request):
            return too_large(request)
        return self.get_response(request)


def body_limit(request: HttpRequest | None) -> int:
    """The largest body a request may send: MAX_REQUEST_BODY, or more on the pages that take the HAS's
    large public files (LARGE_BODY_PATHS)."""
    path = request.path if request is not None else ""
    for prefix, limit in settings.LARGE_BODY_PATHS.items():
        if path == prefix:
            return int(limit)
    return int(settings.MAX_REQUEST_BODY)


def too_large(request: HttpRequest) -> HttpResponse:
    limit = body_limit(request) // (1024 * 1024)
    problem = f"Envoi trop volumineux : {limit} Mo au plus par envoi (un fichier de preuve : 10 Mo au plus)."
    if is_sync(request):
        return answer("too_large", 413, problem=problem)
    response = HttpResponse(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Envoi trop volumineux · Ouvrage'
        f"</title></head><body><main><h1>Envoi trop volumineux</h1><p>{problem}</p>"
        "<p>Revenez à la page précédente et choisissez un fichier plus léger.</p></main></body></html>",
        status=413,
    )
    response["Connection"] = "close"
    return response


class BodyLimitUploadHandler(FileUploadHandler):
    """Counts what a multipart body really holds and stops reading past MAX_REQUEST_BODY (a client
    may send no length, or a false one)."""

    def __init__(self, request: HttpRequest | None = None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > body_limit(self.request):
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class OutOfRangeMiddleware:
    """The net under the bounded form fields: a number beyond what the database stores, sent by a
    browser or a script wherever it lands, is a 400 with a French sentence (the transaction of the
    service was rolled back by the exception), never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        out_of_range = isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        )
        if not out_of_range:
            return None
        problem = "Une valeur envoyée dépasse ce que l'application enregistre (un nombre trop grand) : rien n'a été enregistré."
        if is_sync(request):
            return answer("refused", 400, problem=problem)
        return HttpResponse(
            f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Valeur refusée · Ouvrage</title>'
            f"</head><body><main><h1>Valeur refusée</h1><p>{problem}</p>"
            "<p>Revenez à la page précédente et rechargez-la.</p></main></body></html>",
            status=400,
        )


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person may hold personal data: never cached by browsers or proxies.
    Nor the pages reached by a secret address (a questionnaire's answers, the iCalendar feed, a
    complaint sent through an establishment's link and its follow-up)."""

    SECRET_ADDRESSES = ("/q/", "/calendrier/flux/", "/reclamer/", "/suivi/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(self.SECRET_ADDRESSES):
            response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """No page uses the camera, the microphone, the location or payments: the browser refuses them to
    any script (security keys stay allowed). Before WhiteNoise, so static files get it too."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class ClosedCampaignMiddleware:
    """A change asked of a closed (or abandoned) evaluation, whatever the view: the person reads why
    on the evaluation's page, a script reads it in JSON, and nothing was written (the service raised
    before its transaction committed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CampaignLocked):
            return None
        if is_sync(request):
            return answer("refused", 409, problem=exception.message)
        messages.error(request, exception.message)
        target = (
            reverse("campaigns:detail", kwargs={"campaign_pk": exception.campaign_pk})
            if exception.campaign_pk
            else reverse("home:index")
        )
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)


class SessionLifetimeMiddleware:
    """A session ends SESSION_MAX_AGE after signing in, however active it stays (the 8 hours of
    SESSION_COOKIE_AGE count from the last request, give or take SESSION_TOUCH_EVERY: the session is
    written again at most that often, not on every page). A script's request then gets its 401. Its last
    use (time, address, device) is written down at most every SESSION_USE_EVERY seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - int(started) > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(request, "Votre session a duré le maximum prévu : reconnectez-vous.")
                return self.get_response(request)
            if now - int(request.session.get(TOUCHED, 0)) >= settings.SESSION_TOUCH_EVERY:
                request.session[TOUCHED] = now  # saved: the inactivity delay starts again
            noted = request.session.get(LAST_USE)
            key = request.session.session_key
            if key and (noted is None or now - int(noted) >= settings.SESSION_USE_EVERY):
                request.session[LAST_USE] = now
                note_session_use(
                    session_key=key,
                    address=client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Where the organisation requires it, administrators and directors set up a second factor
    before anything else (the pages to do it, to sign out and the static files stay open)."""

    OPEN_PREFIXES = ("/compte/", "/static/", "/sw.js", "/hors-ligne/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and second_factor_required(user)
            and not request.session.get(SECOND_FACTOR_SEEN)
        ):
            if has_second_factor(user):  # once per session: not a query on every page
                request.session[SECOND_FACTOR_SEEN] = True
                return self.get_response(request)
            if is_sync(request):
                return answer(
                    "second_factor", 403, problem="Activez la double authentification pour continuer."
                )
            return HttpResponseRedirect(reverse("accounts:security"))
        return self.get_response(request)


class RefusalsJournalMiddleware:
    """Every refused authorisation (403) of a signed-in person is written in the journal of changes:
    who, when, what page. Outside the read-only guard on purpose: the journal is written even when
    the refused page was only read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            record_refusal(user=user, method=request.method or "", path=request.path)
        return response
