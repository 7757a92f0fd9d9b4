from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ouvrage.accounts.services import ACCOUNT_MANAGERS
from ouvrage.audit.selectors import JournalFilters, journal_for
from ouvrage.core.typing import AuthedHttpRequest


class JournalForm(forms.Form):
    qui = forms.CharField(label="Qui (adresse ou nom)", required=False, max_length=200)
    objet = forms.CharField(label="Objet", required=False, max_length=64)
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@require_safe
def journal(request: AuthedHttpRequest) -> HttpResponse:
    """Who changed what and when, in the whole organisation: for its administrators."""
    if request.user.role not in ACCOUNT_MANAGERS:
        raise PermissionDenied("Seule l'administration de l'organisme consulte le journal.")
    form = JournalForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = JournalFilters(
        who=data.get("qui") or "", kind=data.get("objet") or "", since=data.get("du"), until=data.get("au")
    )
    view = journal_for(request.user.organisation, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/journal.html", {"journal": view, "form": form, "query": query.urlencode()})
