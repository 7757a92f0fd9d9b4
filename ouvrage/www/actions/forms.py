from __future__ import annotations

from typing import Any, cast

from django import forms

from ouvrage.accounts.models import User
from ouvrage.actions.models import Action, Status
from ouvrage.campaigns.selectors import criteria_by_code
from ouvrage.evidence.models import Evidence
from ouvrage.frames.models import FrameVersion
from ouvrage.www.fields import bounded

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.ModelForm):
    criteria_codes = forms.CharField(
        label="Critères liés",
        required=False,
        max_length=1000,
        help_text="Numéros de critères séparés par des virgules, par exemple 2.2.3, 3.13.1.",
    )

    class Meta:
        formfield_callback = bounded
        model = Action
        fields = [
            "title",
            "description",
            "owner",
            "due_on",
            "priority",
            "status",
            "abandon_reason",
            "evidence",
        ]
        widgets = {
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "abandon_reason": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Donnez un intitulé à l'action."},
            "due_on": {"invalid": "Échéance invalide (JJ/MM/AAAA)."},
        }

    def __init__(self, *args: Any, establishment: Any, versions: list[FrameVersion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.versions = versions
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = User.objects.filter(
            organisation=establishment.organisation, is_active=True
        )
        self.fields["owner"].label = "Pilote"
        cast(forms.ModelMultipleChoiceField, self.fields["evidence"]).queryset = Evidence.objects.filter(
            establishment=establishment
        )
        self.fields["evidence"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["criteria_codes"] = ", ".join(c.code for c in self.instance.criteria.all())

    def clean_criteria_codes(self) -> list[Any]:
        raw = self.cleaned_data.get("criteria_codes", "")
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        if not codes:
            return []
        found = criteria_by_code(self.versions, codes)
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(f"Critère(s) inconnu(s) dans le référentiel : {', '.join(unknown)}.")
        return [found[c] for c in codes]

    def clean(self) -> dict[str, Any]:
        super().clean()
        if (
            self.cleaned_data.get("status") == Status.ABANDONED
            and not self.cleaned_data.get("abandon_reason", "").strip()
        ):
            self.add_error("abandon_reason", "Dites pourquoi l'action est abandonnée.")
        return self.cleaned_data

    def action_data(self) -> dict[str, Any]:
        return {
            f: self.cleaned_data[f]
            for f in ("title", "description", "owner", "due_on", "priority", "status", "abandon_reason")
        }


class NoteForm(forms.Form):
    written_on = forms.DateField(
        label="Date",
        widget=DATE,
        error_messages={"required": "Indiquez la date.", "invalid": "Date invalide (JJ/MM/AAAA)."},
    )
    text = forms.CharField(
        label="Avancement",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Décrivez l'avancement."},
    )
