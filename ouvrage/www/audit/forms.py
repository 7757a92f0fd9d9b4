from __future__ import annotations

from django import forms

from ouvrage.audit.selectors import JournalFilters


class JournalForm(forms.Form):
    qui = forms.CharField(label="Qui (adresse ou nom)", required=False, max_length=200)
    objet = forms.CharField(label="Objet", required=False, max_length=64)
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> JournalFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return JournalFilters(
            who=data.get("qui") or "",
            kind=data.get("objet") or "",
            since=data.get("du"),
            until=data.get("au"),
        )
