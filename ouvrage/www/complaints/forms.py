from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from ouvrage.actions.models import Action
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, is_person_code
from ouvrage.complaints import rules
from ouvrage.complaints.models import From, Kind
from ouvrage.www.fields import BoundedModelChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Indiquez la date.", "invalid": "Date invalide (JJ/MM/AAAA)."}
EARLIEST = date(2000, 1, 1)


class PastDateField(forms.DateField):
    """A day that has come: not in the future (a complaint is received, answered, closed), nor before
    2000."""

    def __init__(self, **kwargs: Any):
        super().__init__(widget=DATE, error_messages=DATE_ERRORS, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError("Cette date est dans le futur.")
        if value and value < EARLIEST:
            raise forms.ValidationError("Cette date est trop ancienne.")


class ComplaintForm(forms.Form):
    """A complaint recorded by staff."""

    kind = forms.ChoiceField(label="Nature", choices=Kind.choices, initial=Kind.CLAIM)
    received_on = PastDateField(label="Reçue le")
    channel = forms.ChoiceField(
        label="Reçue par", error_messages={"required": "Dites par quel canal elle est arrivée."}
    )
    theme = forms.ChoiceField(label="Thème", required=False)
    from_whom = forms.ChoiceField(label="De la part de", choices=From.choices, initial=From.UNSAID)
    person_code = forms.CharField(
        label="Code de la personne accompagnée concernée (facultatif)",
        required=False,
        max_length=20,
        help_text="Un code pseudonyme (par exemple P-014), jamais le nom.",
    )
    subject = forms.CharField(
        label="Objet, en quelques mots",
        max_length=200,
        error_messages={"required": "Donnez l'objet de la réclamation."},
    )
    description = forms.CharField(
        label="Ce qui est dit",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sans nom de personne accompagnée ni de professionnel : un code, une fonction.",
        error_messages={"required": "Écrivez ce que dit la réclamation."},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        listed = rules.lists()
        cast(forms.ChoiceField, self.fields["channel"]).choices = [("", "—"), *listed.channels.items()]
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", "—"), *listed.themes.items()]

    def clean_person_code(self) -> str:
        code = self.cleaned_data.get("person_code", "").strip()
        if code and not is_person_code(code):
            raise forms.ValidationError(PERSON_CODE_PROBLEM)
        return code


class QualifyForm(forms.Form):
    """What editors say a complaint is about."""

    kind = forms.ChoiceField(label="Nature", choices=Kind.choices)
    theme = forms.ChoiceField(label="Thème", required=False)
    person_code = ComplaintForm.base_fields["person_code"]
    subject = ComplaintForm.base_fields["subject"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", "—"), *rules.lists().themes.items()]

    def clean_person_code(self) -> str:
        code = self.cleaned_data.get("person_code", "").strip()
        if code and not is_person_code(code):
            raise forms.ValidationError(PERSON_CODE_PROBLEM)
        return code


class PublicComplaintForm(forms.Form):
    """What a person sends through the public link: who they are, and what is wrong."""

    from_whom = forms.ChoiceField(
        label="Vous êtes",
        choices=[
            (From.PERSON, "La personne accompagnée"),
            (From.RELATIVE, "Un proche, la famille"),
            (From.REPRESENTATIVE, "Son représentant légal"),
            (From.OTHER, "Une autre personne"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Dites qui vous êtes."},
    )
    description = forms.CharField(
        label="Ce qui ne va pas",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Écrivez ce qui ne va pas.",
            "max_length": "Votre message est trop long : 3 000 caractères au plus.",
        },
    )


class AcknowledgeForm(forms.Form):
    on = PastDateField(label="Accusé de réception envoyé le")


class AnswerForm(forms.Form):
    on = PastDateField(label="Réponse donnée le")
    text = forms.CharField(
        label="La réponse donnée",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez la réponse donnée."},
    )
    for_person = forms.CharField(
        label="La réponse pour la personne, facile à lire",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Phrases courtes. C'est ce que voit la personne avec son lien de suivi.",
        error_messages={"required": "Écrivez la réponse pour la personne."},
    )
    what_changed = forms.CharField(
        label="Ce qui a changé", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    on = PastDateField(label="Close le")


class LinkActionForm(forms.Form):
    action = BoundedModelChoiceField(
        label="Une action du plan",
        queryset=Action.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Cette action n'est pas dans le plan de l'établissement."},
    )
    title = forms.CharField(label="Ou une nouvelle action", required=False, max_length=300)

    def __init__(self, *args: Any, actions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["action"]).queryset = actions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("action") and not data.get("title", "").strip():
            self.add_error("title", "Choisissez une action du plan, ou écrivez l'intitulé d'une nouvelle.")
        return data


class DeadlinesForm(forms.Form):
    acknowledge_days = forms.IntegerField(
        label="Accusé de réception, en jours",
        min_value=1,
        max_value=365,
        error_messages={"required": "Indiquez un délai.", "invalid": "Un nombre de jours, de 1 à 365."},
    )
    answer_days = forms.IntegerField(
        label="Réponse, en jours",
        min_value=1,
        max_value=365,
        error_messages={"required": "Indiquez un délai.", "invalid": "Un nombre de jours, de 1 à 365."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ack, answer = data.get("acknowledge_days"), data.get("answer_days")
        if ack and answer and ack > answer:
            self.add_error("answer_days", "La réponse ne peut être attendue avant l'accusé de réception.")
        return data
