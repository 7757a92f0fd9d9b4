from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_safe

from ouvrage.campaigns.selectors import campaigns_of
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.forms import EstablishmentForm, profile_defaults
from ouvrage.establishments.selectors import establishment_for, establishments_for, history_of
from ouvrage.establishments.services import create_establishment, update_establishment
from ouvrage.frames.selectors import applicable_counts, current_has_version, extensions_for


@require_safe
def establishment_list(request: AuthedHttpRequest) -> HttpResponse:
    establishments = establishments_for(user=request.user)
    version = current_has_version()
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
    version = current_has_version()
    counts = applicable_counts([establishment], version).get(establishment.pk)
    return render(
        request,
        "establishments/detail.html",
        {
            "establishment": establishment,
            "version": version,
            "counts": counts,
            "history": history_of(establishment),
            "campaigns": campaigns_of(establishment),
            "extensions": extensions_for(establishment),
            "national": _national(establishment),
        },
    )


def _national(establishment):
    """The establishment's latest estimated mean beside the published results of its category."""
    from ouvrage.campaigns.selectors import campaigns_of, results_for
    from ouvrage.national.models import NationalResult
    from ouvrage.national.selectors import national_comparison

    if not NationalResult.objects.filter(category=establishment.finess_category).exists():
        return {"ours": None, "distributions": []}
    campaigns = sorted(campaigns_of(establishment), key=lambda c: (c.starts_on, c.pk))
    ours = results_for(campaigns[-1]).results.quality.mean_100_display if campaigns else None
    return {"ours": ours, "distributions": national_comparison(establishment, ours)}


def _require_editor(request: AuthedHttpRequest) -> None:
    if not request.user.can_edit_establishments:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les établissements.")


def establishment_create(request: AuthedHttpRequest) -> HttpResponse:
    _require_editor(request)
    organisation = request.user.organisation
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


def establishment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
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
def profile_from_category(request: AuthedHttpRequest) -> HttpResponse:
    """HTMX: the profile fields prefilled from the chosen FINESS category."""
    _require_editor(request)
    form = EstablishmentForm(
        organisation=request.user.organisation,
        initial=profile_defaults(request.GET.get("finess_category", "")),
    )
    return render(request, "establishments/form.html#profile", {"form": form})
