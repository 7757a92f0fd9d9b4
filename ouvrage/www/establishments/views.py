from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_safe

from ouvrage.accounts.models import Role
from ouvrage.accounts.permissions import EDITORS, requires
from ouvrage.campaigns.lifecycle import FINISHED
from ouvrage.campaigns.selectors import (
    ProfileEffect,
    campaigns_of,
    conducted_by,
    profile_effects,
    summaries_for,
)
from ouvrage.establishments.finess import categories
from ouvrage.establishments.logo import MAX_BYTES, LogoRefused, normalised_logo
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
from ouvrage.establishments.selectors import establishment_for, establishments_for, history_of, logo_data_uri
from ouvrage.establishments.services import (
    create_establishment,
    ensure_can_create,
    set_logo,
    update_establishment,
)
from ouvrage.frames.selectors import applicable_counts, extensions_for, mandatory_versions
from ouvrage.national.proposal import ProfileProposal
from ouvrage.national.selectors import category_means, profile_proposal
from ouvrage.safeguarding.selectors import may_handle
from ouvrage.www.establishments.evolution import evolution
from ouvrage.www.establishments.forms import EstablishmentForm, profile_defaults
from ouvrage.www.once import created_once
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
        {
            "rows": rows,
            "version": version,
            "organisation": request.user.organisation,
            "conducted": conducted_by(request.user) if request.user.role == Role.EVALUATOR else None,
        },
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
            "evolution": evolution(campaigns),
            "signals_handler": may_handle(request.user),
        },
    )


def _national(establishment: Establishment, campaigns: list) -> dict:
    """A light summary: the mean of the establishment's latest closed evaluation (stored summary)
    beside the published means of its category in all France; the comparison page has the rest. An
    evaluation under way is not compared."""
    finished = [c for c in campaigns if c.lifecycle in FINISHED and c.frame_version.frame.mandatory]
    latest = max(finished, key=lambda c: (c.starts_on, c.pk)) if finished else None
    ours = summaries_for([latest])[latest.pk].mean_100 if latest else None
    return {"ours": ours, "campaign": latest, "means": category_means(establishment.finess_category, ours)}


@requires(EDITORS, to=TO_EDIT)
@created_once
def establishment_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("Votre compte n'est rattaché à aucun organisme.")
    ensure_can_create(request.user, organisation)
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
    category = str(form["finess_category"].value() or "")
    return render(
        request,
        "establishments/form.html",
        {"form": form, "establishment": None, "proposal": _proposal(category), "category": category},
    )


@requires(EDITORS, to=TO_EDIT)
def establishment_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The profile. A change that would change what applies to an evaluation in preparation says so
    and asks to confirm; evaluations already started keep what applied when they started."""
    establishment = establishment_for(user=request.user, pk=pk)
    effects: list[ProfileEffect] = []
    if request.method == "POST":
        before = establishment.profile
        form = EstablishmentForm(
            request.POST, instance=establishment, organisation=establishment.organisation
        )
        if form.is_valid():
            after = Profile(
                Sector(form.cleaned_data["sector"]),
                StructureKind(form.cleaned_data["kind"]),
                frozenset(Public(p) for p in form.cleaned_data["publics"]),
            )
            if after != before and not request.POST.get("confirm"):
                effects = [
                    e for e in profile_effects(establishment, after) if e.applicable_now != e.applicable_after
                ]
            if not effects:
                update_establishment(establishment=establishment, actor=request.user, data=form.cleaned_data)
                messages.success(request, "Les modifications sont enregistrées.")
                return redirect("establishments:detail", pk=establishment.pk)
    else:
        form = EstablishmentForm(instance=establishment, organisation=establishment.organisation)
    category = str(form["finess_category"].value() or "")
    return render(
        request,
        "establishments/form.html",
        {
            "form": form,
            "establishment": establishment,
            "effects": effects,
            "proposal": _proposal(category),
            "category": category,
        },
    )


def _proposal(category: str) -> ProfileProposal | None:
    """For a category whose table leaves the profile incomplete: the most frequent profile HAS recorded
    for its published evaluations (a proposal the person confirms with a button)."""
    known = categories().get(category)
    if known is None or known.is_complete:
        return None
    return profile_proposal(category)


@require_GET
@requires(EDITORS, to=TO_EDIT)
def profile_from_category(request: AuthedHttpRequest) -> HttpResponse:
    """HTMX: the profile fields prefilled from the chosen FINESS category; with `publie=1`, from the
    profile the published results propose for it (the person asked for it with the button)."""
    category = request.GET.get("finess_category", "")[:4]
    initial = profile_defaults(category)
    proposal = _proposal(category)
    applied = False
    if proposal is not None and request.GET.get("publie") == "1":
        initial.update(
            sector=proposal.sector.value,
            kind=proposal.kind.value,
            publics=[p.value for p in proposal.publics_in_order],
        )
        applied = True
    form = EstablishmentForm(organisation=request.user.organisation, initial=initial)
    return render(
        request,
        "establishments/form.html#profile",
        {"form": form, "proposal": proposal, "category": category, "applied": applied},
    )


@requires(EDITORS, to=TO_EDIT)
def establishment_logo(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The logo printed on the covers of the establishment's documents: upload, replace, remove."""
    establishment = establishment_for(user=request.user, pk=pk)
    problem = ""
    if request.method == "POST":
        upload = request.FILES.get("logo")
        if request.POST.get("remove"):
            set_logo(establishment=establishment, actor=request.user, png=None)
            messages.success(request, "Le logo est retiré.")
            return redirect("establishments:logo", pk=establishment.pk)
        if upload is None:
            problem = "Choisissez une image PNG ou JPEG."
        else:
            try:
                png = normalised_logo(upload.read(MAX_BYTES + 1), upload.name or "image")
            except LogoRefused as exc:
                problem = str(exc)
            else:
                set_logo(establishment=establishment, actor=request.user, png=png)
                messages.success(
                    request, "Le logo est enregistré : il figure sur la couverture des rapports."
                )
                return redirect("establishments:logo", pk=establishment.pk)
    return render(
        request,
        "establishments/logo.html",
        {"establishment": establishment, "logo": logo_data_uri(establishment), "problem": problem},
        status=400 if problem else 200,
    )
