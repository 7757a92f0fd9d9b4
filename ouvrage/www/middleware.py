from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ouvrage.campaigns.lifecycle import CampaignLocked
from ouvrage.www.sync import answer, is_sync


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person may hold personal data: never cached by browsers or proxies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
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
