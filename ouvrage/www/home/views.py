from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe

from ouvrage.www.errors import SaidNotFound
from ouvrage.www.sync import answer, is_sync

SERVICE_WORKER = Path(settings.WWW_DIR) / "static" / "ouvrage" / "sw.js"


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Ouvrage's 404 page, with the site's layout (handler404)."""
    if isinstance(exception, SaidNotFound):
        return HttpResponseNotFound(
            loader.render_to_string(exception.template, {"said": str(exception)}, request)
        )
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing security token (a page left open for a long time, cookies
    refused): Ouvrage's page says what to do. A script sending kept changes learns that its token is
    stale (it asks for a new one)."""
    if is_sync(request):
        return answer("csrf", 403, problem="Jeton de sécurité périmé : la page en demande un autre.")
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", {}, request))


def server_error(request: HttpRequest) -> HttpResponse:
    """Ouvrage's 500 page (handler500): rendered without the request, so with no database query and
    no session (the error may come from either); a plain French page if even that fails."""
    try:
        html = loader.get_template("500.html").render({})
    except Exception:  # the last resort answers whatever broke
        html = PLAIN_500
    return HttpResponseServerError(html)


PLAIN_500 = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur · Ouvrage</title></head>'
    "<body><main><h1>Une erreur est survenue</h1><p>Ouvrage n'a pas pu afficher cette page. Réessayez ; "
    "si l'erreur persiste, prévenez l'administrateur de votre organisme.</p>"
    '<p><a href="/">Revenir à l\'accueil</a></p></main></body></html>'
)


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so that its scope is the whole site: it keeps the
    static files and the grids opened today, so that a grid opens and rates without network."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page that is not kept on the device."""
    return render(request, "offline.html")


@login_not_required
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For a container's or a load balancer's health check: the application answers and its
    database too (503 otherwise). Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"etat": "base de données injoignable"}, status=503)
    else:
        response = JsonResponse({"etat": "ok"})
    response["Cache-Control"] = "no-store"
    return response
