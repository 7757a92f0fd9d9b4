from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from ouvrage.campaigns.lifecycle import Transition
from ouvrage.campaigns.models import Campaign, CampaignKind, Interview, Person
from ouvrage.campaigns.rules import PERSON_CODE_PROBLEM, PERSON_CODE_RE, title_problem, visit_problems
from ouvrage.campaigns.sampling import VALUE_LABELS
from ouvrage.frames.domain import Method, Target
from ouvrage.frames.models import FrameVersion
from ouvrage.www.fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField, bounded

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

DURATIONS = [("", "—"), *VALUE_LABELS["duree"].items()]
AUTONOMY = [("", "—"), *VALUE_LABELS["autonomie"].items()]


class VersionChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.frame.name} (version {obj.label})"


DETAILS = [
    "title",
    "starts_on",
    "ends_on",
    "visit_starts_on",
    "visit_ends_on",
    "evaluator",
    "evaluator_accreditation",
    "lead_evaluator",
]


class CampaignDetailsForm(forms.ModelForm):
    """What an evaluation says of itself: title, dates and, for an external one, who evaluates and
    when they visit (checked by `campaigns.rules`, again by the service)."""

    class Meta:
        formfield_callback = bounded
        model = Campaign
        fields = DETAILS
        widgets: dict[str, Any] = {
            "starts_on": DATE,
            "ends_on": DATE,
            "visit_starts_on": DATE,
            "visit_ends_on": DATE,
        }
        help_texts = {
            "title": "Laissé vide, il suit le type et l'année (« Évaluation externe 2026 — … »).",
            "visit_starts_on": "Évaluation externe : au moins deux jours de visite (version 1.1 du référentiel), "
            "pendant l'évaluation.",
            "evaluator": "Évaluation externe : l'organisme accrédité par le Cofrac.",
            "evaluator_accreditation": "Numéro d'accréditation Cofrac de l'organisme (par exemple 3-1234).",
        }
        error_messages = {
            "starts_on": {
                "required": "Indiquez la date de début.",
                "invalid": "Date de début invalide (JJ/MM/AAAA).",
            },
            "ends_on": {
                "required": "Indiquez la date de fin.",
                "invalid": "Date de fin invalide (JJ/MM/AAAA).",
            },
            "visit_starts_on": {"invalid": "Premier jour de visite invalide (JJ/MM/AAAA)."},
            "visit_ends_on": {"invalid": "Dernier jour de visite invalide (JJ/MM/AAAA)."},
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def external(self) -> bool:
        return self.instance.kind == CampaignKind.EXTERNAL

    def campaign_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data.get(f) for f in DETAILS}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La fin ne peut pas précéder le début.")
        external = self.external()
        if external:
            for field, message in visit_problems(
                starts_on=starts,
                ends_on=ends,
                first_day=data.get("visit_starts_on"),
                last_day=data.get("visit_ends_on"),
            ).items():
                if field not in self.errors:
                    self.add_error(field, message)
        wrong_title = title_problem(data.get("title") or "", external=external)
        if wrong_title:
            self.add_error("title", wrong_title)
        return data


class CampaignForm(CampaignDetailsForm):
    frame_version = VersionChoiceField(
        label="Référentiel évalué",
        queryset=FrameVersion.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choisissez le référentiel évalué.",
            "invalid_choice": "Référentiel inconnu.",
        },
    )

    also = BoundedModelMultipleChoiceField(
        label="Évaluer aussi",
        queryset=FrameVersion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Le cadre propre de l'établissement : l'équipe répond à ses questions dans la même évaluation.",
    )

    class Meta(CampaignDetailsForm.Meta):
        fields = ["frame_version", "kind", *DETAILS, "rounding"]
        widgets = {
            **CampaignDetailsForm.Meta.widgets,
            "kind": forms.RadioSelect,
            "rounding": forms.RadioSelect,
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

    def external(self) -> bool:
        return self.cleaned_data.get("kind") == CampaignKind.EXTERNAL

    def campaign_data(self) -> dict[str, Any]:
        return {f: v for f, v in self.cleaned_data.items() if f not in {"frame_version", "also"}}


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
            raise forms.ValidationError(PERSON_CODE_PROBLEM)
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
        formfield_callback = bounded
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


class MoveForm(forms.Form):
    """The words a step of an evaluation's life needs: what is missing at closing, why one reopens
    or abandons."""

    LABELS = {
        Transition.CLOSE: (
            "Ce qui manque, et pourquoi",
            "Obligatoire si l'évaluation est incomplète ; gardé avec la clôture et imprimé dans le rapport.",
            False,
        ),
        Transition.REOPEN: ("Pourquoi la rouvrir ?", "Gardé dans le journal des modifications.", True),
        Transition.ABANDON: ("Pourquoi l'abandonner ?", "Gardé avec l'évaluation, qui reste lisible.", True),
    }

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False)

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if transition not in self.LABELS:
            del self.fields["text"]
            return
        label, help_text, required = self.LABELS[transition]
        field = self.fields["text"]
        field.label, field.help_text, field.required = label, help_text, required
        field.error_messages = {
            "required": "Dites pourquoi : la raison est gardée dans le journal des modifications.",
            "max_length": "5 000 caractères au plus.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("text", "")
        return data
