from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ouvrage.accounts.permissions import STAFF, requires
from ouvrage.establishments.selectors import establishment_for
from ouvrage.national.selectors import import_for, imports_of, published_state, stalled
from ouvrage.national.services import IMPORTERS, pending_import, request_import
from ouvrage.www.national.comparison import compare
from ouvrage.www.national.forms import PublishedFileForm
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.rendering import render_page_or_fragment
from ouvrage.www.typing import AuthedHttpRequest

TO_IMPORT = "de remplacer les résultats publiés par la HAS : c'est le rôle de l'administration de l'organisme"


@requires(IMPORTERS, to=TO_IMPORT)
@created_once
def published(request: AuthedHttpRequest) -> HttpResponse:
    """« Résultats publiés par la HAS »: what the installation holds, the file to import."""
    form = PublishedFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = request_import(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, f"« {job.file_name} » est envoyé : l'import se fait en arrière-plan.")
            return redirect("national:import", import_pk=job.pk)
    return render(
        request,
        "national/published.html",
        {
            "form": form,
            "state": published_state(),
            "imports": imports_of(request.user.organisation),
            "pending": pending_import(),
        },
        status=400 if form.errors else 200,
    )


@require_safe
@requires(IMPORTERS, to=TO_IMPORT)
def import_status(request: AuthedHttpRequest, import_pk: int) -> HttpResponse:
    """An import in the background: rows read out of the total, then the result or the problems."""
    job = import_for(organisation=request.user.organisation, pk=import_pk)
    return render_page_or_fragment(
        request, "national/import.html", "status", {"job": job, "stalled": stalled(job)}
    )


@require_safe
@requires(STAFF, to=TO_STAFF)
def comparison(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """« Comparaison avec les résultats publiés »."""
    establishment = establishment_for(user=request.user, pk=pk)
    return render(request, "national/comparison.html", {"c": compare(establishment)})
