from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_safe

from ouvrage.accounts.permissions import EDITORS, requires
from ouvrage.campaigns.selectors import campaigns_of, summaries_for
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for, establishments_for, history_of
from ouvrage.establishments.services import create_establishment, update_establishment
from ouvrage.frames.selectors import applicable_counts, extensions_for, mandatory_versions
from ouvrage.national.selectors import has_published_results, national_comparison
from ouvrage.www.establishments.forms import EstablishmentForm, profile_defaults
from ouvrage.www.typing import AuthedHttpRequest

TO_EDIT = "de modifier les établissements"


def _mandatory():
    versions = mandatory_versions()
    return versions[0] if versions else None


@require_safe
def establishment_list(request: AuthedHttpRequest) -> HttpResponse:
    establishments = establishments_for(user=request.user)
    version = _mandatory()
    counts = applicable_counts(establishments, version)
    rows = [(e, counts.get(e.pk)) for e in establishments]
    return render(
        request,
        "establishments/list.html",
        {"rows": rows, "version": version, "organisation": request.user.organisation},
    )


@require_safe
def establishment_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=pk)
    version = _mandatory()
    campaigns = campaigns_of(establishment)
    return render(
        request,
        "establishments/detail.html",
        {
            "establishment": establishment,
            "version": version,
            "counts": applicable_counts([establishment], version).get(establishment.pk),
            "history": history_of(establishment),
            "campaigns": campaigns,
            "extensions": extensions_for(establishment),
            "national": _national(establishment, campaigns),
        },
    )


def _national(establishment: Establishment, campaigns: list) -> dict:
    """The establishment's latest estimated mean (stored summary) beside the published results of its
    category."""
    if not has_published_results(establishment.finess_category):
        return {"ours": None, "distributions": []}
    latest = max(campaigns, key=lambda c: (c.starts_on, c.pk)) if campaigns else None
    ours = summaries_for([latest])[latest.pk].mean_100 if latest else None
    return {"ours": ours, "distributions": national_comparison(establishment, ours)}


@requires(EDITORS, to=TO_EDIT)
def establishment_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("Votre compte n'est rattaché à aucun organisme.")
    if request.method == "POST":
        form = EstablishmentForm(request.POST, organisation=organisation)
        if form.is_valid():
            establishment = create_establishment(
                organisation=organisation, actor=request.user, data=form.cleaned_data
            )
            messages.success(request, f"« {establishment.name} » est créé.")
            return redirect("establishments:detail", pk=establishment.pk)
    else:
        form = EstablishmentForm(
            organisation=organisation, initial=profile_defaults(request.GET.get("finess_category", ""))
        )
    return render(request, "establishments/form.html", {"form": form, "establishment": None})


@requires(EDITORS, to=TO_EDIT)
def establishment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=pk)
    if request.method == "POST":
        form = EstablishmentForm(
            request.POST, instance=establishment, organisation=establishment.organisation
        )
        if form.is_valid():
            update_establishment(establishment=establishment, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect("establishments:detail", pk=establishment.pk)
    else:
        form = EstablishmentForm(instance=establishment, organisation=establishment.organisation)
    return render(request, "establishments/form.html", {"form": form, "establishment": establishment})


@require_GET
@requires(EDITORS, to=TO_EDIT)
def profile_from_category(request: AuthedHttpRequest) -> HttpResponse:
    """HTMX: the profile fields prefilled from the chosen FINESS category."""
    form = EstablishmentForm(
        organisation=request.user.organisation,
        initial=profile_defaults(request.GET.get("finess_category", "")),
    )
    return render(request, "establishments/form.html#profile", {"form": form})
