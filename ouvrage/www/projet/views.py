"""The projet d'établissement: one page, and one small view per thing a person does on it."""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import EDITORS, requires
from ouvrage.actions.models import Action
from ouvrage.documents.models import ReportKind
from ouvrage.documents.services import request_document
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.selectors import establishment_for
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.projet.contents import PARTS, checklist
from ouvrage.projet.documents import projet_docx
from ouvrage.projet.models import Projet
from ouvrage.projet.services import add_objective, new_version, save_life, save_sections, start_projet
from ouvrage.www.once import created_once
from ouvrage.www.projet.forms import LifeForm, ObjectiveForm, SectionsForm
from ouvrage.www.typing import AuthedHttpRequest

TO_EDIT = "de modifier le projet d'établissement"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _projets(establishment: Establishment) -> list[Projet]:
    return list(
        Projet.objects.filter(establishment=establishment).prefetch_related(
            "objectives__criteria", "objectives__actions", "sessions"
        )
    )


def _page(
    request: AuthedHttpRequest,
    establishment: Establishment,
    projet: Projet | None,
    versions: list[Projet],
    refused: forms.BaseForm | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    problems = list(problems or [])
    if refused is not None:
        problems += [str(e) for errors in refused.errors.values() for e in errors]
    return render(
        request,
        "projet/page.html",
        {
            "establishment": establishment,
            "projet": projet,
            "versions": versions,
            "problems": problems,
            "checks": checklist(projet.sections) if projet else [],
            "parts": PARTS,
            "today": today,
            "expired": bool(projet and projet.valid_until and projet.valid_until < today),
            "sessions": CollectiveSession.objects.filter(establishment=establishment),
            "actions": Action.objects.filter(establishment=establishment),
            "objectives": [
                (o, [a for a in o.actions.all() if a.status != "abandoned"]) for o in projet.objectives.all()
            ]
            if projet
            else [],
        },
        status=400 if problems else 200,
    )


@require_safe
def projet_page(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = _projets(establishment)
    wanted = request.GET.get("version", "")
    projet = next((p for p in versions if str(p.version) == wanted), versions[0] if versions else None)
    return _page(request, establishment, projet, versions)


def _projet(
    request: AuthedHttpRequest, establishment_pk: int, projet_pk: int
) -> tuple[Establishment, Projet]:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    return establishment, get_object_or_404(Projet.objects.filter(establishment=establishment), pk=projet_pk)


def _back(projet: Projet) -> HttpResponse:
    return redirect(f"{reverse('projet:page', args=[projet.establishment_id])}?version={projet.version}")


@require_POST
@requires(EDITORS, to=TO_EDIT)
@created_once
def projet_start(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    if not Projet.objects.filter(establishment=establishment).exists():
        start_projet(establishment=establishment, actor=request.user)
    return redirect("projet:page", establishment_pk=establishment.pk)


@require_POST
@requires(EDITORS, to=TO_EDIT)
def projet_sections(request: AuthedHttpRequest, establishment_pk: int, projet_pk: int) -> HttpResponse:
    establishment, projet = _projet(request, establishment_pk, projet_pk)
    form = SectionsForm(request.POST)
    if not form.is_valid():
        return _page(request, establishment, projet, _projets(establishment), refused=form)
    save_sections(projet=projet, actor=request.user, texts=form.texts())
    messages.success(request, "Contenu enregistré.")
    return _back(projet)


@require_POST
@requires(EDITORS, to=TO_EDIT)
def projet_life(request: AuthedHttpRequest, establishment_pk: int, projet_pk: int) -> HttpResponse:
    establishment, projet = _projet(request, establishment_pk, projet_pk)
    form = LifeForm(request.POST, instance=Projet.objects.get(pk=projet.pk), establishment=establishment)
    if not form.is_valid():
        return _page(request, establishment, projet, _projets(establishment), refused=form)
    try:
        save_life(
            projet=projet,
            actor=request.user,
            data=form.life_data(),
            sessions=list(form.cleaned_data["sessions"]),
        )
    except ValidationError as exc:
        return _page(request, establishment, projet, _projets(establishment), problems=exc.messages)
    messages.success(request, "Étapes enregistrées.")
    return _back(projet)


@require_POST
@requires(EDITORS, to=TO_EDIT)
def projet_objective(request: AuthedHttpRequest, establishment_pk: int, projet_pk: int) -> HttpResponse:
    establishment, projet = _projet(request, establishment_pk, projet_pk)
    form = ObjectiveForm(request.POST, establishment=establishment)
    if not form.is_valid():
        return _page(request, establishment, projet, _projets(establishment), refused=form)
    add_objective(
        projet=projet,
        actor=request.user,
        text=form.cleaned_data["text"],
        criteria=form.cleaned_data["codes"],
        actions=list(form.cleaned_data["actions"]),
    )
    return _back(projet)


@require_POST
@requires(EDITORS, to=TO_EDIT)
@created_once
def projet_new_version(request: AuthedHttpRequest, establishment_pk: int, projet_pk: int) -> HttpResponse:
    _, projet = _projet(request, establishment_pk, projet_pk)
    following = new_version(projet=projet, actor=request.user)
    messages.success(
        request, f"Version {following.version} commencée à partir de la version {projet.version}."
    )
    return _back(following)


@require_safe
def projet_compare(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    versions = {p.version: p for p in Projet.objects.filter(establishment=establishment)}
    ordered = sorted(versions)

    def pick(name: str, default: int) -> Projet | None:
        return (
            versions.get(int(request.GET[name]))
            if request.GET.get(name, "").isdigit()
            else versions.get(default)
        )

    a = pick("a", ordered[-2] if len(ordered) > 1 else 0)
    b = pick("b", ordered[-1] if ordered else 0)
    changes = []
    if a and b:
        for part in PARTS:
            for item in part.items:
                before, after = a.sections.get(item.key, ""), b.sections.get(item.key, "")
                if before != after:
                    lines = list(
                        difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
                    )[2:]
                    changes.append((item.label, before, after, lines))
    return render(
        request,
        "projet/compare.html",
        {"establishment": establishment, "a": a, "b": b, "versions": ordered, "changes": changes},
    )


@require_safe
def projet_export(request: AuthedHttpRequest, establishment_pk: int, fmt: str) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    projet = Projet.objects.filter(establishment=establishment).order_by("-version").first()
    if projet is None or fmt not in {"pdf", "docx"}:
        raise Http404("Pas de projet d'établissement.")
    if fmt == "pdf":  # produced in the background now: an old link leads to the page's button
        messages.info(request, "Le PDF se produit en arrière-plan : cliquez sur « PDF » pour le demander.")
        return redirect("projet:page", establishment_pk=establishment.pk)
    response = HttpResponse(projet_docx(projet), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="projet-{establishment.pk}-v{projet.version}.{fmt}"'
    )
    return response


@require_POST
def projet_pdf_request(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The projet d'établissement in PDF, produced by the worker (WeasyPrint takes seconds)."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    projet = Projet.objects.filter(establishment=establishment).order_by("-version").first()
    if projet is None:
        raise Http404("Pas de projet d'établissement.")
    try:
        job = request_document(kind=ReportKind.PROJET, actor=request.user, projet=projet)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("projet:page", establishment_pk=establishment.pk)
    return redirect("documents:establishment_job", establishment_pk=establishment.pk, document_pk=job.pk)
