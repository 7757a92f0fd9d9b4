from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ouvrage.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request from a signed-in person (LoginRequiredMiddleware guarantees it for every view
    not marked `login_not_required`)."""

    user: User
    htmx: HtmxDetails
