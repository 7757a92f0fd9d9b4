from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from django import forms

from ouvrage.campaigns.models import Campaign, CampaignKind, Interview, Person
from ouvrage.frames.domain import Method, Target
from ouvrage.frames.models import FrameVersion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERSON_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")

DURATIONS = [
    ("", "—"),
    ("moins_1_an", "Moins d'un an"),
    ("1_3_ans", "De 1 à 3 ans"),
    ("plus_3_ans", "Plus de 3 ans"),
]
AUTONOMY = [
    ("", "—"),
    ("autonome", "Autonome"),
    ("partielle", "Autonomie partielle"),
    ("dependante", "Dépendante"),
]


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.frame.name} (version {obj.label})"


class CampaignForm(forms.ModelForm):
    frame_version = VersionChoiceField(
        label="Référentiel évalué",
        queryset=FrameVersion.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choisissez le référentiel évalué.",
            "invalid_choice": "Référentiel inconnu.",
        },
    )

    also = forms.ModelMultipleChoiceField(
        label="Évaluer aussi",
        queryset=FrameVersion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Le cadre propre de l'établissement : l'équipe répond à ses questions dans la même évaluation.",
    )

    class Meta:
        model = Campaign
        fields = [
            "frame_version",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "visit_starts_on",
            "visit_ends_on",
            "evaluator",
            "rounding",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DATE,
            "ends_on": DATE,
            "visit_starts_on": DATE,
            "visit_ends_on": DATE,
            "rounding": forms.RadioSelect,
        }
        help_texts = {
            "visit_starts_on": "Évaluation externe : au moins deux jours de visite (version 1.1 du référentiel).",
            "evaluator": "Évaluation externe : l'organisme accrédité par le Cofrac.",
        }
        error_messages = {
            "title": {"required": "Donnez un intitulé à l'évaluation."},
            "starts_on": {
                "required": "Indiquez la date de début.",
                "invalid": "Date de début invalide (JJ/MM/AAAA).",
            },
            "ends_on": {
                "required": "Indiquez la date de fin.",
                "invalid": "Date de fin invalide (JJ/MM/AAAA).",
            },
        }

    def __init__(
        self, *args: Any, versions: list[FrameVersion], evaluative: Sequence[FrameVersion] = (), **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        also = cast(forms.ModelMultipleChoiceField, self.fields["also"])
        also.queryset = FrameVersion.objects.filter(pk__in=[v.pk for v in evaluative]).select_related("frame")
        also.label_from_instance = lambda v: v.frame.name  # type: ignore[method-assign,assignment]
        if not self.is_bound:
            self.initial.setdefault("also", [v.pk for v in evaluative])
        field = cast(forms.ModelChoiceField, self.fields["frame_version"])
        field.queryset = FrameVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related("frame")
        if versions and not self.is_bound:
            self.initial.setdefault("frame_version", versions[0].pk)

    def campaign_data(self) -> dict[str, Any]:
        return {f: v for f, v in self.cleaned_data.items() if f not in {"frame_version", "also"}}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La fin ne peut pas précéder le début.")
        if data.get("kind") == CampaignKind.EXTERNAL:
            first, last = data.get("visit_starts_on"), data.get("visit_ends_on")
            if not first or not last:
                self.add_error(
                    "visit_starts_on",
                    "Une évaluation externe demande ses jours de visite (premier et dernier).",
                )
            elif last <= first:
                self.add_error(
                    "visit_ends_on",
                    "Une évaluation externe compte au moins deux jours de visite : le dernier jour doit suivre le premier.",
                )
        return data


class PersonFields(forms.Form):
    """A person accompanied: a pseudonymous code and the attributes used to choose a diverse sample."""

    person_code = forms.CharField(
        label="Code de la personne accompagnée",
        required=False,
        max_length=20,
        help_text="Un code pseudonyme (par exemple P-014), jamais le nom.",
    )
    person_public = forms.CharField(label="Public", required=False, max_length=20)
    person_duration = forms.ChoiceField(label="Durée d'accompagnement", required=False, choices=DURATIONS)
    person_autonomy = forms.ChoiceField(label="Autonomie", required=False, choices=AUTONOMY)
    person_measure = forms.CharField(label="Type de mesure ou d'accueil", required=False, max_length=60)

    def set_publics(self, publics: list[str]) -> None:
        self.fields["person_public"].widget = forms.Select(choices=[("", "—")] + [(p, p) for p in publics])

    def clean_person_code(self) -> str:
        code = self.cleaned_data.get("person_code", "").strip()
        if code and not PERSON_CODE_RE.match(code):
            raise forms.ValidationError(
                "Le code ne contient que lettres, chiffres, points, tirets (20 au plus), sans espace : "
                "un pseudonyme, pas un nom."
            )
        return code

    def person_attributes(self) -> dict[str, str]:
        keys = {
            "person_public": "public",
            "person_duration": "duree",
            "person_autonomy": "autonomie",
            "person_measure": "mesure",
        }
        return {
            name: self.cleaned_data[field] for field, name in keys.items() if self.cleaned_data.get(field)
        }


class PersonForm(PersonFields):
    def __init__(self, *args: Any, establishment: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.establishment = establishment
        self.fields["person_code"].required = True
        self.fields["person_code"].error_messages["required"] = "Indiquez le code pseudonyme de la personne."
        self.set_publics(establishment.publics)

    def clean_person_code(self) -> str:
        code = super().clean_person_code()
        if Person.objects.filter(establishment=self.establishment, code=code).exists():
            raise forms.ValidationError(f"Le code {code} est déjà utilisé dans cet établissement.")
        return code


class InterviewForm(PersonFields, forms.ModelForm):
    method = forms.ChoiceField(
        label="Méthode", choices=[(m.value, m.label) for m in Method], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label="Thématiques ciblées (traceur ciblé)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toute la grille du chapitre 2.",
    )

    class Meta:
        model = Interview
        fields = ["method", "title", "scheduled_on", "participants", "target", "themes"]
        widgets = {"scheduled_on": DATE}
        labels = {"target": "Cible (audit système)"}
        help_texts = {
            "participants": "Fonctions des personnes rencontrées, sans nom (ex. : 2 AES, 1 infirmière)."
        }
        error_messages = {"title": {"required": "Donnez un intitulé à l'entretien."}}

    def __init__(self, *args: Any, campaign: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        cast(forms.ChoiceField, self.fields["themes"]).choices = [
            (t.code, t.title) for t in campaign.frame_version.themes.all()
        ]
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "—")] + [
            (t.value, t.label) for t in (Target.GOVERNANCE, Target.PROFESSIONALS, Target.CVS)
        ]
        self.set_publics(campaign.establishment.publics)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        method = data.get("method")
        if method == Method.ACCOMPAGNE_TRACEUR and not data.get("person_code"):
            self.add_error(
                "person_code", "Un accompagné traceur se fait avec une personne : indiquez son code."
            )
        if method == Method.AUDIT_SYSTEME and not data.get("target"):
            self.add_error("target", "Choisissez qui est rencontré : gouvernance, professionnels ou CVS.")
        if method != Method.TRACEUR_CIBLE:
            data["themes"] = []
        if method != Method.AUDIT_SYSTEME:
            data["target"] = (
                Target.PERSON.value if method == Method.ACCOMPAGNE_TRACEUR else Target.PROFESSIONALS.value
            )
        return data

    def interview_data(self) -> dict[str, Any]:
        return {
            f: self.cleaned_data[f]
            for f in ("method", "title", "scheduled_on", "participants", "target", "themes")
        }
