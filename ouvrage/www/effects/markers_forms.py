"""The forms of the progress markers and of the criteria of work well done. The choices (levels,
extents) come from the methods' vocabulary (effects/vocabulary.toml)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from ouvrage.effects.rules import vocabulary

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_FUTURE = "Choisissez une date qui n'est pas dans le futur."


def _date_field(label: str, required: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={"required": required, "invalid": "Date invalide : jour, mois et année."},
    )


class PastDates(forms.Form):
    """Refuses a date in the future next to its field (the service checks again)."""

    past_dates: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for name in self.past_dates:
            day = data.get(name)
            if day is not None and day > today:
                self.add_error(name, NOT_FUTURE)
        return data


class MarkerForm(forms.Form):
    partner = forms.CharField(
        label="Partenaire ou public",
        max_length=120,
        help_text="Par exemple : les familles, le collège du secteur, l'équipe de nuit.",
        error_messages={"required": "Nommez le partenaire ou le public."},
        widget=forms.TextInput(attrs={"list": "partenaires", "autocomplete": "off"}),
    )
    level = forms.ChoiceField(
        label="Niveau",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un niveau.", "invalid_choice": "Choisissez un niveau."},
    )
    text = forms.CharField(
        label="Ce qu'on verrait",
        max_length=2000,
        help_text="Un comportement, une relation, une action du partenaire, qu'on peut constater.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Écrivez ce qu'on verrait."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (term.code, f"{term.label} — {term.help}" if term.help else term.label)
            for term in vocabulary().marker_levels
        ]


class ObservationForm(PastDates):
    past_dates = ("observed_on",)
    observed_on = _date_field("Observé le", "Donnez la date de l'observation.")
    extent = forms.ChoiceField(
        label="Dans quelle mesure",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez dans quelle mesure c'est vu.",
            "invalid_choice": "Choisissez dans la liste.",
        },
    )
    note = forms.CharField(
        label="Ce qui a été vu",
        required=False,
        max_length=3000,
        help_text="Un fait, une situation, sans nom de personne accompagnée.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extent"].choices = vocabulary().choices("extents")  # type: ignore[attr-defined]


class CriterionForm(PastDates):
    past_dates = ("written_on",)
    text = forms.CharField(
        label="Pour nous, un travail bien fait, c'est…",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez le critère."},
    )
    written_on = _date_field("Écrit le", "Donnez la date où il a été écrit.")
    written_by = forms.CharField(
        label="Écrit par",
        required=False,
        max_length=200,
        help_text="Les fonctions et leur nombre, sans nom : « 3 aides-soignantes, 1 infirmière ».",
    )


class RewordForm(PastDates):
    past_dates = ("reworded_on",)
    text = forms.CharField(
        label="Nouvelle formulation",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="L'ancienne reste visible sous le critère et dans l'historique.",
        error_messages={"required": "Écrivez la nouvelle formulation."},
    )
    reworded_on = _date_field("Reformulé le", "Donnez la date de la reformulation.")
    written_by = forms.CharField(
        label="Reformulé par",
        required=False,
        max_length=200,
        help_text="Les fonctions et leur nombre, sans nom.",
    )


class DisagreementForm(PastDates):
    past_dates = ("said_on",)
    said_on = _date_field("Le", "Donnez la date du désaccord.")
    text = forms.CharField(
        label="Le désaccord",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce que les uns et les autres défendent, sans nom de personne.",
        error_messages={"required": "Écrivez le désaccord."},
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="Ce qu'il est devenu",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : critère reformulé, essai décidé, désaccord laissé ouvert exprès.",
        error_messages={"required": "Écrivez ce qu'est devenu le désaccord."},
    )
