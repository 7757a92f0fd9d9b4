from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import CONTRIBUTORS, STAFF, requires
from ouvrage.core.params import as_id
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.models import Evidence
from ouvrage.evidence.selectors import evidence_of, proof_in_scope, proof_links, readiness
from ouvrage.evidence.services import link_proof
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
from ouvrage.www.permissions import TO_STAFF
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
    staff = request.user.role in STAFF
    return render(
        request,
        "frames/criterion.html",
        {
            "page": page,
            "establishment": establishment,
            "version": version,
            "team": team_work_of(establishment, page.criterion),
            "rewordings": rewordings_for(establishment, page.criterion),
            "checklist": _checklist(request, establishment, page.proofs) if staff else [],
            "can_link": request.user.role in CONTRIBUTORS,
        },
    )


def _checklist(
    request: AuthedHttpRequest, establishment: Any, proofs: list[Any]
) -> list[tuple[Any, list[Evidence], list[Evidence]]]:
    """Each item the evaluator will consult, with the evidence linked to it and (for those who may
    link) the establishment's other evidence."""
    links = proof_links(establishment, proofs)
    available = evidence_of(establishment) if request.user.role in CONTRIBUTORS else []
    return [
        (proof, links.get(proof.pk, []), [e for e in available if e not in links.get(proof.pk, [])])
        for proof in proofs
    ]


@require_POST
@requires(CONTRIBUTORS, to="de lier des preuves à ce que l'évaluateur consultera")
def proof_link(
    request: AuthedHttpRequest, establishment_pk: int, version_pk: int, criterion_pk: int, proof_pk: int
) -> HttpResponse:
    """Link (or unlink) one of the establishment's pieces of evidence to an item of the checklist;
    answers the item (HTMX) or the criterion page."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = _visible(request, version_for(organisation=establishment.organisation, pk=version_pk))
    proof = proof_in_scope(
        establishment=establishment, version=version, criterion_pk=criterion_pk, pk=proof_pk
    )
    evidence = Evidence.objects.filter(
        establishment=establishment, pk=as_id(request.POST.get("evidence"))
    ).first()
    if evidence is None:
        messages.error(request, "Choisissez une preuve de l'établissement dans la liste.")
    else:
        link_proof(
            establishment=establishment,
            proof=proof,
            evidence=evidence,
            actor=request.user,
            link=request.POST.get("action") != "unlink",
        )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "frames/_proof.html",
            {
                "item": _checklist(request, establishment, [proof])[0],
                "establishment": establishment,
                "version": version,
                "criterion": proof.criterion,
                "can_link": True,
            },
        )
    return redirect("frames:criterion", establishment.pk, version.pk, criterion_pk)


@require_safe
@requires(STAFF, to=TO_STAFF)
def visit_readiness(request: AuthedHttpRequest, establishment_pk: int, version_pk: int) -> HttpResponse:
    """Before the visit: what the evaluator will consult for each applicable criterion, by chapter,
    with and without the establishment's evidence."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = _visible(request, version_for(organisation=establishment.organisation, pk=version_pk))
    chapters = readiness(establishment, version)
    items = sum(c.items for c in chapters)
    linked = sum(c.with_evidence for c in chapters)
    return render(
        request,
        "frames/readiness.html",
        {
            "establishment": establishment,
            "version": version,
            "chapters": chapters,
            "items": items,
            "linked": linked,
            "missing": items - linked,
            "missing_only": request.GET.get("manquants") == "1",
        },
    )
