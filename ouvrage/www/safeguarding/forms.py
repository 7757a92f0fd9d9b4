from __future__ import annotations

from typing import Any, cast

from django import forms

from ouvrage.accounts.models import Role, User
from ouvrage.actions.models import Priority
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.safeguarding.models import Nature, ReporterRole, Signal
from ouvrage.safeguarding.rules import NAMEABLE_ROLES
from ouvrage.www.fields import bounded

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Indiquez la date.", "invalid": "Date invalide (JJ/MM/AAAA)."}


class ReportForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = Signal
        fields = [
            "what",
            "occurred_on",
            "place",
            "nature",
            "reporter_role",
            "person_code",
            "immediate_measures",
            "from_event",
        ]
        widgets = {
            "occurred_on": DATE,
            "what": forms.Textarea(attrs={"rows": 4}),
            "immediate_measures": forms.Textarea(attrs={"rows": 2}),
            "person_code": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
            "from_event": forms.HiddenInput,
        }
        labels = {
            "person_code": "Personne accompagnée : son code (facultatif)",
            "reporter_role": "Qui a signalé la situation",
            "immediate_measures": "Mesures prises pour protéger la personne (facultatif)",
        }
        help_texts = {
            "person_code": "Un code pseudonyme (par exemple P-014), jamais le nom.",
            "what": "Les faits constatés ou rapportés, sans nom : les personnes sous leur code, les "
            "professionnels par leur fonction.",
        }
        error_messages = {
            "occurred_on": DATE_ERRORS,
            "place": {"required": "Dites où cela s'est passé."},
            "nature": {"required": "Choisissez la nature de la situation."},
            "reporter_role": {"required": "Dites qui a signalé la situation."},
            "what": {"required": "Décrivez ce qui a été constaté ou rapporté."},
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["nature"]).choices = [("", "Choisissez…"), *Nature.choices]
        cast(forms.ChoiceField, self.fields["reporter_role"]).choices = [
            ("", "Choisissez…"),
            *ReporterRole.choices,
        ]
        self.fields["from_event"].required = False

    def clean_person_code(self) -> str:
        code = (self.cleaned_data.get("person_code") or "").strip()
        if code and not is_person_code(code):
            raise forms.ValidationError(PERSON_CODE_PROBLEM)
        return code


class AssessForm(forms.Form):
    assessment = forms.CharField(
        label="Évaluation de la situation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez l'évaluation de la situation."},
    )
    decisions = forms.CharField(
        label="Décisions (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    authorities_concerned = forms.BooleanField(
        label="La situation est à porter à la connaissance des autorités", required=False
    )


class AuthoritiesForm(forms.Form):
    reported_on = forms.DateField(label="Transmis aux autorités le", widget=DATE, error_messages=DATE_ERRORS)


class SignalActionForm(forms.Form):
    title = forms.CharField(
        label="Action décidée", max_length=300, error_messages={"required": "Donnez un intitulé à l'action."}
    )
    due_on = forms.DateField(
        label="Échéance (facultatif)", required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    priority = forms.ChoiceField(label="Priorité", choices=Priority.choices, initial=Priority.MEDIUM)


class CloseForm(forms.Form):
    closing_note = forms.CharField(
        label="Conclusion",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez la conclusion du traitement."},
    )


class AccessForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Rôles qui voient et traitent les signalements",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(r, Role(r).label) for r in NAMEABLE_ROLES],
    )
    people = forms.ModelMultipleChoiceField(
        label="Personnes nommées en plus",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.none(),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        people.queryset = (
            User.objects.filter(organisation_id=organisation_id, is_active=True)
            .exclude(role=Role.EVALUATOR)
            .order_by("email")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("roles") and not data.get("people"):
            raise forms.ValidationError(
                "Nommez au moins un rôle ou une personne : les signalements doivent être traités."
            )
        return data
