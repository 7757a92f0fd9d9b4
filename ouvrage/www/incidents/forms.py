from __future__ import annotations

from typing import Any, cast

from django import forms

from ouvrage.actions.models import Priority
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.incidents.models import AdverseEvent, Category, CauseCategory, CrexRole, Qualification
from ouvrage.incidents.rules import scales
from ouvrage.www.fields import BoundedModelMultipleChoiceField, bounded

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Indiquez la date.", "invalid": "Date invalide (JJ/MM/AAAA)."}


class DeclareForm(forms.ModelForm):
    anonymous = forms.BooleanField(label="Ne pas enregistrer mon nom", required=False)

    class Meta:
        formfield_callback = bounded
        model = AdverseEvent
        fields = [
            "occurred_on",
            "occurred_at",
            "place",
            "category",
            "what",
            "person_code",
            "immediate_measures",
        ]
        widgets = {
            "occurred_on": DATE,
            "occurred_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "what": forms.Textarea(attrs={"rows": 3}),
            "immediate_measures": forms.Textarea(attrs={"rows": 2}),
            "person_code": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        }
        labels = {
            "occurred_at": "Heure (facultatif)",
            "person_code": "Personne concernée : son code (facultatif)",
        }
        help_texts = {
            "person_code": "Un code pseudonyme (par exemple P-014), jamais le nom.",
            "place": "Par exemple : salle à manger, chambre 12, transport.",
        }
        error_messages = {
            "occurred_on": DATE_ERRORS,
            "occurred_at": {"invalid": "Heure invalide (HH:MM)."},
            "place": {"required": "Dites où cela s'est passé."},
            "category": {"required": "Choisissez le type d'événement."},
            "what": {"required": "Décrivez ce qui s'est passé."},
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", "Choisissez…"), *Category.choices]

    def clean_person_code(self) -> str:
        code = (self.cleaned_data.get("person_code") or "").strip()
        if code and not is_person_code(code):
            raise forms.ValidationError(PERSON_CODE_PROBLEM)
        return code


def _levels(kind: str) -> list[tuple[str, str]]:
    levels = scales().severity if kind == "severity" else scales().frequency
    return [(str(lv.level), f"{lv.level} – {lv.label} : {lv.help}") for lv in levels]


class QualifyForm(forms.Form):
    qualification = forms.ChoiceField(
        label="Qualification",
        choices=Qualification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la qualification."},
    )
    severity = forms.TypedChoiceField(
        label="Gravité",
        coerce=int,
        choices=_levels("severity"),
        error_messages={"required": "Choisissez la gravité.", "invalid_choice": "Gravité inconnue."},
    )
    frequency = forms.TypedChoiceField(
        label="Fréquence (vraisemblance de répétition)",
        coerce=int,
        choices=_levels("frequency"),
        error_messages={"required": "Choisissez la fréquence.", "invalid_choice": "Fréquence inconnue."},
    )


class AnalyseForm(forms.Form):
    analysis = forms.CharField(
        label="Synthèse de l'analyse", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, label in CauseCategory.choices:
            self.fields[f"cause_{key}"] = forms.CharField(
                label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    @property
    def cause_fields(self) -> list[Any]:
        return [self[f"cause_{key}"] for key in CauseCategory.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("analysis", "").strip() and not any(
            data.get(f"cause_{k}", "").strip() for k in CauseCategory.values
        ):
            raise forms.ValidationError("Écrivez au moins une cause ou la synthèse de l'analyse.")
        return data

    def causes(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"cause_{k}", "") for k in CauseCategory.values}


class EventActionForm(forms.Form):
    title = forms.CharField(
        label="Action décidée", max_length=300, error_messages={"required": "Donnez un intitulé à l'action."}
    )
    due_on = forms.DateField(
        label="Échéance (facultatif)", required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    priority = forms.ChoiceField(label="Priorité", choices=Priority.choices, initial=Priority.MEDIUM)


class AuthoritiesForm(forms.Form):
    declared_on = forms.DateField(label="Déclaré aux autorités le", widget=DATE, error_messages=DATE_ERRORS)


class CloseForm(forms.Form):
    feedback = forms.CharField(
        label="Retour au déclarant",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a été compris et décidé : le déclarant le lit sur le registre.",
        error_messages={"required": "Écrivez le retour fait au déclarant."},
    )


class CrexForm(forms.Form):
    held_on = forms.DateField(label="Date de la réunion", widget=DATE, error_messages=DATE_ERRORS)
    events = BoundedModelMultipleChoiceField(
        label="Événements revus",
        queryset=AdverseEvent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(label="Décisions", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(
        label="Actions du plan à créer (une par ligne, facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, establishment: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        events = cast(BoundedModelMultipleChoiceField, self.fields["events"])
        events.queryset = AdverseEvent.objects.filter(establishment=establishment)
        events.label_from_instance = lambda e: f"{e.number} – {e}"  # type: ignore[method-assign,assignment]
        for key, label in CrexRole.choices:
            self.fields[f"role_{key}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=500,
                error_messages={
                    "invalid": "Un nombre de personnes.",
                    "min_value": "Un nombre positif.",
                    "max_value": "500 au plus.",
                },
            )

    @property
    def role_fields(self) -> list[Any]:
        return [self[f"role_{key}"] for key in CrexRole.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"role_{k}") for k in CrexRole.values):
            raise forms.ValidationError("Indiquez combien de personnes ont participé, par fonction.")
        return data

    def participants(self) -> dict[str, int]:
        return {k: self.cleaned_data.get(f"role_{k}") or 0 for k in CrexRole.values}

    def action_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("actions", "").splitlines() if line.strip()]
