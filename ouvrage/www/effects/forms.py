from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ouvrage.effects.models import ExpectedEffect
from ouvrage.effects.rules import vocabulary
from ouvrage.effects.services import person_codes
from ouvrage.evidence.models import Evidence
from ouvrage.ownframe.models import Mission, Need


class TextChoices(forms.ModelMultipleChoiceField):
    """Records offered by the start of their text (needs, missions)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.text[:120])


class TextChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.text[:120])


class ExpectedForm(forms.Form):
    text = forms.CharField(
        label="Effet attendu pour les personnes",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ce que l'accompagnement devrait changer pour elles, dans leurs mots si possible.",
    )
    needs = TextChoices(
        label="Besoins auxquels il répond",
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missions = TextChoices(
        label="Missions qu'il sert",
        queryset=Mission.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, establishment: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["needs"]).queryset = establishment.needs.all()
        cast(forms.ModelMultipleChoiceField, self.fields["missions"]).queryset = establishment.missions.all()


class ObservedForm(forms.Form):
    text = forms.CharField(
        label="Effet observé",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a changé, pour qui (codes seulement), comment on l'a vu.",
    )
    observed_on = forms.DateField(label="Observé le", widget=forms.DateInput(attrs={"type": "date"}))
    expected = TextChoice(
        label="Effet attendu auquel il répond",
        queryset=ExpectedEffect.objects.none(),
        required=False,
        empty_label="Aucun : c'est un effet inattendu",
    )
    valence = forms.ChoiceField(label="Sens de l'effet", widget=forms.RadioSelect)
    perspective = forms.ChoiceField(label="Du point de vue de")
    seen_by = forms.IntegerField(
        label="Combien de personnes l'ont constaté", min_value=0, max_value=100000, initial=1
    )
    codes = forms.CharField(
        label="Codes des personnes accompagnées concernées",
        max_length=300,
        required=False,
        help_text="Codes pseudonymes séparés par des virgules (ex. P-014, P-022) ; jamais de nom.",
    )
    practices = forms.CharField(
        label="Pratiques qui l'ont produit, selon l'équipe",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.ModelMultipleChoiceField(
        label="Preuves",
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args: Any, establishment: Any, expected: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = vocabulary()
        cast(forms.ChoiceField, self.fields["valence"]).choices = words.choices("valences")
        cast(forms.ChoiceField, self.fields["perspective"]).choices = words.choices("perspectives")
        cast(forms.ModelChoiceField, self.fields["expected"]).queryset = expected
        cast(
            forms.ModelMultipleChoiceField, self.fields["evidence"]
        ).queryset = establishment.evidence.order_by("title")
        if not self.is_bound:
            self.initial.setdefault("observed_on", timezone.localdate())

    def clean_observed_on(self) -> Any:
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "Un effet observé ne peut pas l'être dans le futur : vérifiez la date."
            )
        return day

    def clean_codes(self) -> str:
        try:
            return ", ".join(person_codes(self.cleaned_data["codes"]))
        except ValidationError as error:  # the service's French sentence, next to the field
            raise forms.ValidationError(error.message_dict["codes"][0]) from error
