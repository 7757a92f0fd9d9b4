from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, CONTRIBUTORS, EDITORS, STAFF, requires
from ouvrage.campaigns.lifecycle import State
from ouvrage.campaigns.models import Campaign
from ouvrage.core.formatting import counted, long_date
from ouvrage.core.params import as_id
from ouvrage.core.problems import ProblemsFound
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.models import Evidence, EvidenceKind
from ouvrage.evidence.selectors import evidence_of, proof_in_scope, proof_links, readiness
from ouvrage.evidence.services import add_evidence, link_proof
from ouvrage.frames.domain import Method
from ouvrage.frames.models import FrameUpdate, FrameUpload, FrameVersion, UploadKind
from ouvrage.frames.selectors import (
    Filters,
    criterion_for,
    mandatory_versions,
    referentiel_for,
    rewordings_for,
    version_for,
)
from ouvrage.frames.uploads import apply_upload, load_upload, may_change_shared, shared_versions
from ouvrage.ownframe.selectors import hidden_frames, team_work_of
from ouvrage.www.effects.figures import effect_figures
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.registers import figures_by_code
from ouvrage.www.rendering import address_prefix, render_page_or_fragment
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
    return render(
        request,
        "frames/list.html",
        {
            "versions": versions,
            "editor": request.user.role in EDITORS,
            "may_load": may_change_shared(request.user),
        },
    )


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
        {
            "page": page,
            "filters": filters,
            "methods": list(Method),
            # Each criterion's address, from one reversal for the page (the element id is appended).
            "criteria_url": address_prefix("frames:criterion", establishment.pk, version.pk),
        },
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
            "registers": figures_by_code(establishment, timezone.localdate(), [page.criterion.code]).get(
                page.criterion.code, []
            )
            if staff
            else [],
            "effects": effect_figures(establishment, [page.criterion], markers=True).get(
                page.criterion.pk, []
            )
            if staff
            else [],
            "staff": staff,
            "rewordings": rewordings_for(establishment, page.criterion),
            "checklist": _checklist(request, establishment, page.proofs) if staff else [],
            "can_link": request.user.role in CONTRIBUTORS,
        },
    )


@require_POST
@requires(CONTRIBUTORS, to="d'ajouter des preuves")
@created_once
def registers_as_evidence(
    request: AuthedHttpRequest, establishment_pk: int, version_pk: int, criterion_pk: int
) -> HttpResponse:
    """What the registers say about a criterion today, kept as evidence (an observation dated and
    titled by register): the evaluator can consult it, the grid can cite it, the checklist can link it,
    even after the register has moved on. Maltreatment signals give counts only, as on the page."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    version = _visible(request, version_for(organisation=establishment.organisation, pk=version_pk))
    page = criterion_for(establishment=establishment, version=version, pk=criterion_pk)
    today = timezone.localdate()
    figures = figures_by_code(establishment, today, [page.criterion.code]).get(page.criterion.code, [])
    for figure in figures:
        add_evidence(
            establishment=establishment,
            actor=request.user,
            kind=EvidenceKind.OBSERVATION,
            title=f"{figure.register} au {long_date(today)} (critère {page.criterion.code})"[:200],
            text=f"{figure.text}. Relevé dans Ouvrage le {long_date(today)}, pour le critère "
            f"{page.criterion.code} : {page.criterion.title}",
        )
    if figures:
        messages.success(
            request,
            f"{counted(len(figures), 'preuve ajoutée', 'preuves ajoutées')} : l'état des registres au "
            f"{long_date(today)}. Liez-la ci-dessous à ce que l'évaluateur consultera, ou citez-la dans la grille.",
        )
    else:
        messages.info(request, "Aucun registre ne parle de ce critère : rien n'a été ajouté.")
    return redirect(
        "frames:criterion",
        establishment_pk=establishment.pk,
        version_pk=version.pk,
        criterion_pk=page.criterion.pk,
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


def _campaign_names(organisation: Any, reports: list[dict[str, Any]]) -> dict[int, Campaign]:
    """The campaigns of this organisation named in these reports (others' are never shown)."""
    ids = {row["campaign"] for r in reports for key in ("to_review", "set_aside") for row in r.get(key, [])}
    return {
        c.pk: c
        for c in Campaign.objects.for_organisation(organisation)
        .filter(pk__in=ids)
        .select_related("establishment")
    }


def _scoped(report: dict[str, Any], campaigns: dict[int, Campaign]) -> dict[str, Any]:
    """A report with only the rows of the organisation's campaigns, each with its campaign."""
    return {
        **report,
        **{
            key: [
                {**row, "campaign": campaigns[row["campaign"]]}
                for row in report.get(key, [])
                if row["campaign"] in campaigns
            ]
            for key in ("to_review", "set_aside")
        },
    }


@requires(EDITORS, to="de voir les mises à jour du référentiel")
@created_once
def frame_updates(request: AuthedHttpRequest) -> HttpResponse:
    """What each update of a frame's data did to the organisation's evaluations, and (for those who
    may change the shared frames) loading a newer official file."""
    organisation = request.user.organisation
    if organisation is None:
        raise Http404("Aucun organisme.")
    may_load = may_change_shared(request.user)
    problems: list[Any] = []
    if request.method == "POST":
        if not may_load:
            raise PermissionDenied("Votre rôle ne permet pas de changer un référentiel partagé.")
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        versions = {v.pk: v for v in shared_versions()}
        version = versions.get(as_id(request.POST.get("version")) or 0)
        if upload is None:
            messages.error(request, "Choisissez un fichier.")
        elif kind not in UploadKind.values:
            messages.error(request, "Choisissez ce que contient le fichier.")
        else:
            try:
                item = load_upload(
                    actor=request.user, organisation=organisation, kind=kind, upload=upload, version=version
                )
            except ProblemsFound as exc:
                problems = exc.problems
            else:
                return redirect("frames:upload", upload_pk=item.pk)
    updates = list(
        FrameUpdate.objects.filter(
            version__in=FrameVersion.objects.for_organisation(organisation)
        ).select_related("version__frame", "actor")[:20]
    )
    campaigns = _campaign_names(organisation, [u.report for u in updates])
    return render(
        request,
        "frames/updates.html",
        {
            "updates": [(u, _scoped(u.report, campaigns)) for u in updates],
            "may_load": may_load,
            "versions": shared_versions() if may_load else [],
            "kinds": UploadKind.choices,
            "problems": problems,
            "uploads": FrameUpload.objects.filter(organisation=organisation).select_related("created_by")[
                :10
            ],
            "running": list(
                Campaign.objects.for_organisation(organisation)
                .filter(state__in=[State.PREPARATION, State.IN_PROGRESS])
                .select_related("establishment")
            )
            if updates
            else [],
        },
        status=400 if problems else 200,
    )


@requires(ACCOUNT_MANAGERS, to="de changer un référentiel partagé")
def frame_upload(request: AuthedHttpRequest, upload_pk: int) -> HttpResponse:
    """The preview of a loaded file, and its confirmation."""
    item = get_object_or_404(
        FrameUpload.objects.select_related("version__frame"),
        pk=upload_pk,
        organisation=request.user.organisation,
    )
    problems: list[Any] = []
    if request.method == "POST":
        try:
            item = apply_upload(actor=request.user, upload=item)
        except ProblemsFound as exc:
            problems = exc.problems
        else:
            messages.success(request, f"« {item.file_name} » appliqué.")
            return redirect("frames:upload", upload_pk=item.pk)
    reports = [r for r in (item.update.report if item.update else None, item.preview.get("elements")) if r]
    campaigns = _campaign_names(request.user.organisation, reports)
    preview = dict(item.preview)
    if preview.get("elements"):
        preview["elements"] = _scoped(preview["elements"], campaigns)
    return render(
        request,
        "frames/upload.html",
        {
            "item": item,
            "preview": preview,
            "report": _scoped(item.update.report, campaigns) if item.update else None,
            "may_apply": may_change_shared(request.user),
            "problems": problems,
        },
        status=400 if problems else 200,
    )
