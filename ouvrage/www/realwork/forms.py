from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.campaigns.selectors import criteria_by_code
from ouvrage.frames.models import FrameVersion
from ouvrage.realwork.models import Missing, WorkGap
from ouvrage.www.fields import bounded


class WorkGapForm(forms.ModelForm):
    missing = forms.MultipleChoiceField(
        label="Ce qui a manqué",
        choices=Missing.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins ce qui a manqué."},
    )
    criterion_code = forms.CharField(
        label="Critère HAS concerné (facultatif)",
        required=False,
        max_length=20,
        help_text="Par exemple 2.2.1.",
    )
    anonymous = forms.BooleanField(label="Ne pas enregistrer mon nom", required=False)

    class Meta:
        formfield_callback = bounded
        model = WorkGap
        fields = ["occurred_on", "situation", "prescription_kind", "prescription", "missing", "done_instead"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "situation": forms.Textarea(attrs={"rows": 3}),
            "done_instead": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "occurred_on": {
                "required": "Indiquez la date de la situation.",
                "invalid": "Date invalide (JJ/MM/AAAA).",
            },
            "situation": {"required": "Décrivez la situation."},
            "prescription": {"required": "Dites quelle prescription est concernée."},
        }

    def __init__(self, *args: Any, versions: list[FrameVersion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.versions = versions

    def clean_criterion_code(self) -> Any:
        code = self.cleaned_data.get("criterion_code", "").strip()
        if not code:
            return None
        criterion = criteria_by_code(self.versions, [code]).get(code)
        if criterion is None:
            raise forms.ValidationError(f"Le critère {code} n'existe pas dans le référentiel.")
        return criterion
