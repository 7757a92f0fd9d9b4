from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ouvrage.accounts.permissions import ACCOUNT_MANAGERS, requires
from ouvrage.audit.selectors import journal_for
from ouvrage.www.audit.forms import JournalForm
from ouvrage.www.typing import AuthedHttpRequest


@require_safe
@requires(ACCOUNT_MANAGERS, to="de consulter le journal : c'est l'administration de l'organisme qui le lit")
def journal(request: AuthedHttpRequest) -> HttpResponse:
    """Who changed what and when, in the whole organisation: for its administrators."""
    form = JournalForm(request.GET or None)
    view = journal_for(request.user.organisation, form.filters(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/journal.html", {"journal": view, "form": form, "query": query.urlencode()})
