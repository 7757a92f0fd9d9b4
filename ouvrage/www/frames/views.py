from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ouvrage.establishments.selectors import establishment_for
from ouvrage.frames.domain import Method
from ouvrage.frames.models import FrameVersion
from ouvrage.frames.selectors import (
    Filters,
    criterion_for,
    mandatory_versions,
    referentiel_for,
    rewordings_for,
    version_for,
)
from ouvrage.ownframe.selectors import hidden_frames, team_work_of
from ouvrage.www.rendering import render_page_or_fragment
from ouvrage.www.typing import AuthedHttpRequest


def _visible(request: AuthedHttpRequest, version: FrameVersion) -> FrameVersion:
    """404 for the own frame of an establishment the person does not see."""
    if version.frame_id in hidden_frames(request.user):
        raise Http404("Cadre inconnu.")
    return version


@require_safe
def frame_list(request: AuthedHttpRequest) -> HttpResponse:
    versions = (
        FrameVersion.objects.for_organisation(request.user.organisation)
        .exclude(frame_id__in=hidden_frames(request.user))
        .select_related("frame")
        .order_by("frame__name", "-published_on")
    )
    return render(request, "frames/list.html", {"versions": versions})


@require_safe
def has_referentiel(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The référentiel every establishment is evaluated against (the frame data marks it mandatory)."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = mandatory_versions()
    if not versions:
        messages.error(
            request, "Aucun référentiel obligatoire n'est chargé : lancez « ouvrage frames import »."
        )
        return redirect("establishments:detail", pk=establishment.pk)
    return redirect("frames:referentiel", establishment_pk=establishment.pk, version_pk=versions[0].pk)


@require_safe
def referentiel(request: AuthedHttpRequest, establishment_pk: int, version_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = _visible(request, version_for(organisation=establishment.organisation, pk=version_pk))
    filters = Filters.from_query(request.GET)
    page = referentiel_for(establishment=establishment, version=version, filters=filters)
    return render_page_or_fragment(
        request,
        "frames/referentiel.html",
        "results",
        {"page": page, "filters": filters, "methods": list(Method)},
    )


@require_safe
def criterion_detail(
    request: AuthedHttpRequest, establishment_pk: int, version_pk: int, criterion_pk: int
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = _visible(request, version_for(organisation=establishment.organisation, pk=version_pk))
    page = criterion_for(establishment=establishment, version=version, pk=criterion_pk)
    return render(
        request,
        "frames/criterion.html",
        {
            "page": page,
            "establishment": establishment,
            "version": version,
            "team": team_work_of(establishment, page.criterion),
            "rewordings": rewordings_for(establishment, page.criterion),
        },
    )
