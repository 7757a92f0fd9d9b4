from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import CONTRIBUTORS, post_requires, requires
from ouvrage.campaigns.lifecycle import editing_problem
from ouvrage.campaigns.selectors import campaign_for, element_in_grid, interview_for
from ouvrage.core.params import as_id
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.files import download_name
from ouvrage.evidence.models import Evidence
from ouvrage.evidence.selectors import evidence_in_scope, evidence_of, for_element
from ouvrage.evidence.services import add_and_cite, add_evidence, cite_evidence
from ouvrage.www.evidence.forms import EvidenceForm
from ouvrage.www.once import created_once
from ouvrage.www.typing import AuthedHttpRequest


@post_requires(CONTRIBUTORS, to="d'ajouter des preuves")
@created_once
def evidence_list(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        evidence = add_evidence(establishment=establishment, actor=request.user, **form.evidence_data())
        messages.success(request, f"Preuve « {evidence.title} » enregistrée.")
        return redirect("evidence:list", establishment_pk=establishment.pk)
    return render(
        request,
        "evidence/list.html",
        {
            "establishment": establishment,
            "form": form,
            "items": evidence_of(establishment),
            "can_add": request.user.role in CONTRIBUTORS,
        },
    )


# Reading a file is not a change (a page that is read never writes): downloads are recorded in the
# server's log, « ouvrage.downloads » (docs/deploy.md).
downloads = logging.getLogger("ouvrage.downloads")


@require_safe
def evidence_download(request: AuthedHttpRequest, evidence_pk: int) -> FileResponse:
    evidence = evidence_in_scope(user=request.user, pk=evidence_pk)
    if evidence is None or not evidence.file:
        raise Http404("Cette preuve n'a pas de fichier.")
    downloads.info(
        "preuve %s (%s) téléchargée par l'utilisateur %s",
        evidence.pk,
        evidence.establishment_id,
        request.user.pk,
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=download_name(evidence.file_name, evidence.content_type),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@post_requires(CONTRIBUTORS, to="de citer des preuves")
def element_evidence(
    request: AuthedHttpRequest, campaign_pk: int, interview_pk: int, element_pk: int
) -> HttpResponse:
    """HTMX: the evidence cited for one element, and citing or un-citing one."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    element = element_in_grid(interview=interview, pk=element_pk)
    if request.method == "POST":
        evidence = get_object_or_404(
            Evidence.objects.filter(establishment=campaign.establishment),
            pk=as_id(request.POST.get("evidence")),
        )
        cite_evidence(
            evidence=evidence,
            campaign=campaign,
            element=element,
            actor=request.user,
            cite=request.POST.get("action") != "detach",
        )
    return _element_fragment(request, campaign, interview, element)


def _element_fragment(
    request: AuthedHttpRequest, campaign, interview, element, status: int = 200
) -> HttpResponse:
    cited, available = for_element(
        campaign=campaign, element=element, citable=campaign.editable and request.user.role in CONTRIBUTORS
    )
    return render(
        request,
        "evidence/_element.html",
        {
            "campaign": campaign,
            "interview": interview,
            "element": element,
            "cited": cited,
            "available": available,
            "can_add": campaign.editable and request.user.role in CONTRIBUTORS,
        },
        status=status,
    )


@require_POST
@requires(CONTRIBUTORS, to="d'ajouter des preuves")
def new_for_element(
    request: AuthedHttpRequest, campaign_pk: int, interview_pk: int, element_pk: int
) -> HttpResponse:
    """From the grid: record a piece of evidence and cite it for the element, without leaving the
    grid. A refused form answers its French messages (400) and the page keeps what was typed and
    the file chosen."""
    campaign = campaign_for(user=request.user, pk=campaign_pk)
    interview = interview_for(campaign=campaign, pk=interview_pk)
    element = element_in_grid(interview=interview, pk=element_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not campaign.editable:
        errors = [editing_problem(campaign.lifecycle) or ""]
    elif not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
    else:
        errors = []
    if errors:
        return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
    add_and_cite(campaign=campaign, element=element, actor=request.user, **form.evidence_data())
    return _element_fragment(request, campaign, interview, element)
