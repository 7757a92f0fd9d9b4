from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from ouvrage.campaigns.selectors import criteria_by_code
from ouvrage.evidence.models import Evidence
from ouvrage.frames.models import FrameVersion
from ouvrage.ownframe.models import CollectiveSession, Mission, Need, Value
from ouvrage.www.fields import bounded


class MissionForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = Mission
        fields = ["text", "source", "reference"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": "Écrivez la mission."}}


class NeedForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = Need
        fields = ["text", "observed", "evidence"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "observed": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.CheckboxSelectMultiple,
        }
        error_messages = {"text": {"required": "Écrivez le besoin observé."}}

    def __init__(self, *args: Any, establishment: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["evidence"])
        field.queryset = (
            Evidence.objects.filter(establishment=establishment) if establishment else Evidence.objects.none()
        )
        field.required = False


class ValueForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = Value
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": "Écrivez la valeur."}}


class QuestionForm(forms.Form):
    dimension = forms.ChoiceField(label="Dimension")
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Écrivez la question."},
    )
    crosswalk = forms.CharField(
        label="Critères du référentiel liés",
        required=False,
        max_length=500,
        help_text="Numéros séparés par des virgules, par exemple 1.5.1, 3.3.2.",
    )

    def __init__(
        self, *args: Any, dimensions: list[tuple[str, str]], versions: list[FrameVersion], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["dimension"]).choices = dimensions
        self.versions = versions

    def clean_crosswalk(self) -> list[Any]:
        codes = [
            c.strip()
            for c in self.cleaned_data.get("crosswalk", "").replace(";", ",").split(",")
            if c.strip()
        ]
        found = criteria_by_code(self.versions, codes)
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                f"Critère(s) inconnu(s) dans les référentiels de l'établissement : {', '.join(unknown)}."
            )
        return [found[c] for c in codes]


class AnswerForm(forms.Form):
    judgement = forms.ChoiceField(label="Appréciation", required=False)
    analysis = forms.CharField(
        label="Analyse", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    participants = forms.CharField(label="Qui a pris part", required=False, max_length=300)
    evidence = forms.ChoiceField(label="Citer une preuve", required=False)

    def __init__(self, *args: Any, scale: list[str], evidence: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["judgement"]).choices = [("", "— sans appréciation")] + [
            (s, s) for s in scale
        ]
        cast(forms.ChoiceField, self.fields["evidence"]).choices = [("", "—")] + [
            (str(e.pk), e.title) for e in evidence
        ]


class SessionForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = CollectiveSession
        fields = [
            "held_on",
            "title",
            "professionals",
            "people",
            "families",
            "cvs",
            "partners",
            "codes",
            "questions",
            "said",
            "decided",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "questions": forms.CheckboxSelectMultiple,
            "said": forms.Textarea(attrs={"rows": 4}),
            "decided": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "held_on": {
                "required": "Indiquez la date de la séance.",
                "invalid": "Date invalide (JJ/MM/AAAA).",
            },
            "title": {"required": "Donnez un intitulé à la séance."},
        }

    def __init__(self, *args: Any, questions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["questions"])
        field.queryset = questions
        field.required = False
        field.label_from_instance = lambda q: f"{q.code} {q.title}"  # type: ignore[method-assign,assignment]

    def clean_codes(self) -> str:
        codes = [c.strip() for c in self.cleaned_data.get("codes", "").split(",") if c.strip()]
        bad = [c for c in codes if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}", c)]
        if bad:
            raise forms.ValidationError(
                f"Codes pseudonymes seulement, sans espace (pas de noms) : {', '.join(bad)}."
            )
        return ", ".join(codes)

    def clean(self) -> dict[str, Any]:
        super().clean()
        counts = [
            self.cleaned_data.get(f) or 0 for f in ("professionals", "people", "families", "cvs", "partners")
        ]
        if not any(counts):
            self.add_error("professionals", "Indiquez au moins un participant.")
        return self.cleaned_data
