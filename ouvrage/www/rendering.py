from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_fragment(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """One view, two answers: the whole page, or only its `fragment` partial for an HTMX request."""
    if getattr(request, "htmx", False):
        return render(request, f"{template}#{fragment}", context)
    return render(request, template, context)
