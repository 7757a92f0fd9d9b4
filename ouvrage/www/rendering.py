from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def render_page_or_fragment(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """One view, two answers: the whole page, or only its `fragment` partial for an HTMX request."""
    if getattr(request, "htmx", False):
        return render(request, f"{template}#{fragment}", context)
    return render(request, template, context)


def address_prefix(name: str, *args: Any) -> str:
    """The address of `name` for these arguments and a last id, without that id: a page listing many
    objects appends each id instead of reversing once per row (issue 17)."""
    return reverse(name, args=[*args, 0]).removesuffix("0/")
