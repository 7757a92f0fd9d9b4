"""The quality documents: the register (who has read what, counts), a new document naming who must
read it, its page with its versions, a new version, « J'ai lu cette version », a version's file."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ouvrage.accounts.permissions import EDITORS, STAFF, require_role, requires
from ouvrage.core.spreadsheets import XLSX_CONTENT_TYPE
from ouvrage.establishments.selectors import establishment_for
from ouvrage.evidence.files import download_name
from ouvrage.qualitydocs import services
from ouvrage.qualitydocs.exports import export_documents
from ouvrage.qualitydocs.models import DocKind, DocumentVersion
from ouvrage.qualitydocs.selectors import (
    checks_of,
    contacts_interval,
    crisis_of,
    document_for,
    exercises_of,
    register_of,
    versions_of,
)
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.qualitydocs.forms import (
    ContactsCheckForm,
    DocumentForm,
    ExerciseForm,
    IntervalForm,
    VersionForm,
)
from ouvrage.www.typing import AuthedHttpRequest

TO_EDIT = "de modifier les documents qualité"
downloads = logging.getLogger("ouvrage.downloads")


@require_safe
@requires(STAFF, to=TO_STAFF)
def register(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    rows = register_of(establishment, request.user, timezone.localdate())
    return render(
        request,
        "qualitydocs/register.html",
        {
            "establishment": establishment,
            "rows": rows,
            "mine": [r for r in rows if r.mine_to_read],
            "can_edit": request.user.role in EDITORS,
        },
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def register_xlsx(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    """The register as a spreadsheet: versions, owners, review dates, readings."""
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    rows = register_of(establishment, request.user, timezone.localdate())
    response = HttpResponse(export_documents(rows), content_type=XLSX_CONTENT_TYPE)
    filename = f"documents-qualite-{establishment.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(EDITORS, to=TO_EDIT)
@created_once
def new(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        organisation_id=establishment.organisation_id,
        initial={"effective_on": timezone.localdate(), "kind": "procedure"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                establishment=establishment, actor=request.user, **form.document_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Document enregistré, version 1.")
            return redirect(
                "qualitydocs:detail", establishment_pk=establishment.pk, qualitydoc_pk=document.pk
            )
    return render(
        request,
        "qualitydocs/new.html",
        {"establishment": establishment, "form": form},
        status=400 if form.errors else 200,
    )


def _detail(
    request: AuthedHttpRequest, establishment_pk: int, qualitydoc_pk: int, form: VersionForm | None = None
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    document = document_for(establishment=establishment, pk=qualitydoc_pk)
    row = next(
        r
        for r in register_of(establishment, request.user, timezone.localdate())
        if r.document.pk == document.pk
    )
    return render(
        request,
        "qualitydocs/detail.html",
        {
            "establishment": establishment,
            "document": document,
            "row": row,
            "versions": versions_of(document),
            "can_edit": request.user.role in EDITORS,
            "form": form
            or VersionForm(initial={"effective_on": timezone.localdate(), "review_on": document.review_on}),
        },
        status=400 if form is not None else 200,
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def detail(request: AuthedHttpRequest, establishment_pk: int, qualitydoc_pk: int) -> HttpResponse:
    return _detail(request, establishment_pk, qualitydoc_pk)


@require_POST
@requires(EDITORS, to=TO_EDIT)
@created_once
def new_version(request: AuthedHttpRequest, establishment_pk: int, qualitydoc_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    document = document_for(establishment=establishment, pk=qualitydoc_pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.add_version(
                document=document, actor=request.user, note=form.cleaned_data["note"], **form.version_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {version.number} en vigueur ; les précédentes sont gardées.")
            return redirect(
                "qualitydocs:detail", establishment_pk=establishment.pk, qualitydoc_pk=document.pk
            )
    return _detail(request, establishment_pk, qualitydoc_pk, form)


@require_POST
@requires(STAFF, to=TO_STAFF)
def read(request: AuthedHttpRequest, establishment_pk: int, qualitydoc_pk: int) -> HttpResponse:
    require_role(request.user, STAFF, to="de confirmer une lecture")
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    document = document_for(establishment=establishment, pk=qualitydoc_pk)
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        number = 0
    try:
        services.acknowledge(document=document, actor=request.user, number=number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Lecture de « {document.title} », version {number}, notée. Merci.")
    back = request.POST.get("next", "")
    if back == "desk":
        return redirect("home:index")
    return redirect("qualitydocs:detail", establishment_pk=establishment.pk, qualitydoc_pk=document.pk)


@require_safe
@requires(STAFF, to=TO_STAFF)
def download(request: AuthedHttpRequest, establishment_pk: int, qualitydoc_pk: int, n: int) -> FileResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    document = document_for(establishment=establishment, pk=qualitydoc_pk)
    version = get_object_or_404(DocumentVersion, document=document, number=n)
    if not version.file:
        raise Http404("Cette version n'a pas de fichier.")
    downloads.info("document qualité %s v%s téléchargé par l'utilisateur %s", document.pk, n, request.user.pk)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=download_name(version.file_name, version.content_type),
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


TO_CRISIS = "de tenir le plan de crise"


def _crisis_page(
    request: AuthedHttpRequest, establishment_pk: int, bound: dict[str, Any] | None = None
) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    today = timezone.localdate()
    interval = contacts_interval(establishment.organisation_id)
    forms = {
        "exercise_form": ExerciseForm(),
        "contacts_form": ContactsCheckForm(initial={"checked_on": today}),
        "interval_form": IntervalForm(initial={"days": interval}),
    } | (bound or {})
    rows = register_of(establishment, request.user, today)
    return render(
        request,
        "qualitydocs/crisis.html",
        {
            "establishment": establishment,
            "plans": [r for r in rows if r.document.kind == DocKind.CRISIS_PLAN],
            "crisis": crisis_of(establishment, today),
            "exercises": exercises_of(establishment),
            "checks": checks_of(establishment),
            "interval": interval,
            "can_edit": request.user.role in EDITORS,
            **forms,
        },
        status=400 if bound else 200,
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def crisis(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    return _crisis_page(request, establishment_pk)


@require_POST
@requires(EDITORS, to=TO_CRISIS)
@created_once
def exercise(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = ExerciseForm(request.POST)
    if form.is_valid():
        try:
            services.record_exercise(establishment=establishment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Exercice enregistré.")
            return redirect("qualitydocs:crisis", establishment_pk=establishment.pk)
    return _crisis_page(request, establishment_pk, {"exercise_form": form})


@require_POST
@requires(EDITORS, to=TO_CRISIS)
@created_once
def contacts(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = ContactsCheckForm(request.POST)
    if form.is_valid():
        try:
            services.note_contacts_checked(
                establishment=establishment, actor=request.user, checked_on=form.cleaned_data["checked_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Vérification de la liste des contacts notée.")
            return redirect("qualitydocs:crisis", establishment_pk=establishment.pk)
    return _crisis_page(request, establishment_pk, {"contacts_form": form})


@require_POST
@requires(EDITORS, to=TO_CRISIS)
def interval(request: AuthedHttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for(user=request.user, pk=establishment_pk)
    form = IntervalForm(request.POST)
    if form.is_valid():
        try:
            services.set_contacts_interval(
                organisation=establishment.organisation, actor=request.user, days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Intervalle de vérification changé pour tout l'organisme.")
            return redirect("qualitydocs:crisis", establishment_pk=establishment.pk)
    return _crisis_page(request, establishment_pk, {"interval_form": form})
