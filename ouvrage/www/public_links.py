"""The page of an establishment's public link (complaints, stories of change): the address to print,
its QR code, and the editors' buttons to open, close or renew it; and the QR code of any address."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ouvrage.www.typing import AuthedHttpRequest


def qr_svg(address: str, title: str) -> SafeString:
    """The address as a QR code, an SVG titled for screen readers (segno writes it: no user HTML)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", scale=5, title=title, xmldecl=False)
    return mark_safe(buffer.getvalue().decode("utf-8"))  # noqa: S308 (segno's SVG)


def link_page(
    request: AuthedHttpRequest,
    establishment: Any,
    *,
    link: Any,
    set_link: Callable[..., Any],
    here: str,
    public: str,
    template: str,
    qr_title: str,
) -> HttpResponse:
    """GET: the link's page; POST: open, close or renew it (`set_link`, the domain's service), then
    the page again. `here`: this page's URL name; `public`: the public page's, given the token."""
    if request.method == "POST":
        renew = request.POST.get("renew") == "1"
        set_link(
            establishment=establishment,
            actor=request.user,
            open_=renew or request.POST.get("open") == "1",
            renew=renew,
        )
        messages.success(
            request,
            "Nouveau lien et nouveau code QR : l'ancien ne mène plus nulle part."
            if renew and link is not None
            else "C'est enregistré.",
        )
        return redirect(here, establishment_pk=establishment.pk)
    address = request.build_absolute_uri(reverse(public, args=[link.token])) if link else ""
    return render(
        request,
        template,
        {
            "establishment": establishment,
            "link": link,
            "address": address,
            "qr": qr_svg(address, qr_title) if link else "",
        },
    )
