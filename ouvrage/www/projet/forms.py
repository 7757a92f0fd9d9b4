"""The forms of the projet d'établissement page: one per thing a person does on it."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from ouvrage.actions.models import Action
from ouvrage.frames.models import Criterion, FrameVersion
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.projet.contents import PARTS
from ouvrage.projet.models import Projet
from ouvrage.www.fields import BoundedModelMultipleChoiceField, bounded

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_messages(label: str) -> dict[str, str]:
    return {"invalid": f"{label} : date invalide (JJ/MM/AAAA)."}


class SectionsForm(forms.Form):
    """The contents of art. D311-38-3 CASF, one text per item."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for part in PARTS:
            for item in part.items:
                self.fields[item.key] = forms.CharField(
                    label=item.label,
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def texts(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class LifeForm(forms.ModelForm):
    """Elaboration sessions, CVS consultation and opinion, adoption, transmission."""

    class Meta:
        formfield_callback = bounded
        model = Projet
        fields = ["sessions", "cvs_consulted_on", "cvs_opinion", "adopted_on", "adopted_by", "sent_on"]
        widgets = {"cvs_consulted_on": DATE, "adopted_on": DATE, "sent_on": DATE}
        error_messages = {
            "cvs_consulted_on": _date_messages("Consultation du CVS"),
            "adopted_on": _date_messages("Adoption"),
            "sent_on": _date_messages("Transmission"),
        }

    def __init__(self, *args: Any, establishment: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["sessions"])
        field.queryset = CollectiveSession.objects.filter(establishment=establishment)
        field.required = False
        for name in ("cvs_opinion", "adopted_by"):
            self.fields[name].required = False

    def life_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f != "sessions"}


class ObjectiveForm(forms.Form):
    text = forms.CharField(
        label="Nouvel objectif",
        max_length=2000,
        error_messages={"required": "Objectif : écrivez l'objectif."},
    )
    codes = forms.CharField(label="Critères ou questions propres liés", required=False, max_length=1000)
    actions = BoundedModelMultipleChoiceField(queryset=Action.objects.none(), required=False)

    def __init__(self, *args: Any, establishment: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.establishment = establishment
        cast(forms.ModelMultipleChoiceField, self.fields["actions"]).queryset = Action.objects.filter(
            establishment=establishment
        )

    def clean_codes(self) -> list[Criterion]:
        codes = [c.strip() for c in self.cleaned_data.get("codes", "").split(",") if c.strip()]
        criteria = list(
            Criterion.objects.filter(
                code__in=codes,
                version__in=FrameVersion.objects.for_organisation(self.establishment.organisation),
            )
        )
        unknown = sorted(set(codes) - {c.code for c in criteria})
        if unknown:
            raise forms.ValidationError(
                f"Objectif : critère(s) ou question(s) inconnu(s) : {', '.join(unknown)}."
            )
        return criteria
