from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.establishments.finess import categories, finess_problem, normalise_finess
from ouvrage.establishments.models import KIND_CHOICES, PROFILE_FIELDS, SECTOR_CHOICES, Establishment
from ouvrage.establishments.profile import Public
from ouvrage.www.fields import bounded


def category_choices() -> list[tuple[str, str]]:
    return [("", "— Choisir une catégorie —")] + [
        (c.code, f"{c.code} – {c.label}") for c in sorted(categories().values(), key=lambda c: c.label)
    ]


PUBLIC_CHOICES = [(p.value, f"{p.value} – {p.label}") for p in Public]


class EstablishmentForm(forms.ModelForm):
    finess_category = forms.ChoiceField(
        label="Catégorie FINESS",
        choices=category_choices,
        help_text="Choisir la catégorie propose le secteur, le type de structure et les publics ; corrigez-les si besoin.",
    )
    sector = forms.ChoiceField(label="Secteur", choices=SECTOR_CHOICES, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="Type de structure", choices=KIND_CHOICES, widget=forms.RadioSelect)
    publics = forms.MultipleChoiceField(
        label="Publics accompagnés",
        choices=PUBLIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un public accompagné."},
    )

    finess = forms.CharField(
        label="Numéro FINESS",
        max_length=11,  # spaces allowed while typing; normalised to 9 characters
        help_text="Numéro FINESS géographique : 9 caractères, le dernier est une clé de contrôle.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Le numéro FINESS est obligatoire."},
    )

    class Meta:
        formfield_callback = bounded
        model = Establishment
        fields = PROFILE_FIELDS
        widgets = {
            "authorisation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_evaluation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_evaluation_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rules_revised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "finess": "Numéro FINESS géographique : 9 caractères, le dernier est une clé de contrôle."
        }
        error_messages = {
            "name": {"required": "Indiquez le nom de l'établissement ou du service."},
            "capacity": {"invalid": "La capacité est un nombre entier de places ou de personnes."},
            "authorisation_date": {
                "invalid": "Date d'autorisation invalide : utilisez le format JJ/MM/AAAA."
            },
            "last_evaluation_date": {
                "invalid": "Date de dernière évaluation invalide : utilisez le format JJ/MM/AAAA."
            },
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_finess(self) -> str:
        problem = finess_problem(self.cleaned_data.get("finess", ""))
        if problem:
            raise forms.ValidationError(problem)
        number = normalise_finess(self.cleaned_data["finess"])
        others = Establishment.objects.for_organisation(self.organisation).filter(finess=number)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                f"Un établissement de votre organisme porte déjà le numéro FINESS {number}."
            )
        return number

    def clean_publics(self) -> list[str]:
        chosen = set(self.cleaned_data.get("publics", []))
        return [p.value for p in Public if p.value in chosen]


def profile_defaults(category_code: str) -> dict[str, Any]:
    """Initial profile values proposed by a FINESS category (empty where the table does not say)."""
    category = categories().get(category_code)
    if category is None:
        return {}
    initial: dict[str, Any] = {
        "finess_category": category.code,
        "publics": [p.value for p in Public if p in category.publics],
    }
    if category.sector:
        initial["sector"] = category.sector.value
    if category.kind:
        initial["kind"] = category.kind.value
    return initial
