"""The forms of the stories of change: told to a professional, told through the public link (easy to
read), withdrawn, selected by a session."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from ouvrage.effects.models import ChangeStory, Lane
from ouvrage.effects.rules import vocabulary
from ouvrage.effects.stories import CODE_PROBLEM, CONSENT_PROBLEM, PUBLIC_CONSENT_PROBLEM, is_story_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST = date(2000, 1, 1)
STAFF_CONSENT = "La personne a donné son accord pour que son récit soit gardé et lu en séance"


def _required(what: str) -> dict[str, str]:
    return {"required": what, "max_length": "C'est trop long : raccourcissez un peu."}


class LaneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        target = obj.objective if obj.objective_id else obj.question
        kind = "Objectif" if obj.objective_id else "Question"
        return f"{kind} {target.code} – {target.title}"[:140]


class StoryForm(forms.Form):
    """A story told to a professional, who writes it down."""

    told_by = forms.ChoiceField(label="Raconté par", error_messages={"required": "Dites qui raconte."})
    domain = forms.ChoiceField(
        label="Domaine du changement", error_messages={"required": "Choisissez le domaine du changement."}
    )
    told_on = forms.DateField(
        label="Raconté le",
        widget=DATE,
        error_messages={"required": "Indiquez la date.", "invalid": "Date invalide (JJ/MM/AAAA)."},
    )
    title = forms.CharField(label="Titre, en quelques mots (facultatif)", required=False, max_length=120)
    what_changed = forms.CharField(
        label="Ce qui a changé",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Avec les mots de la personne, en quelques phrases, sans nom.",
        error_messages=_required("Écrivez ce qui a changé."),
    )
    for_whom = forms.CharField(
        label="Pour qui",
        max_length=200,
        help_text="« pour elle », « pour sa fille », « pour les jeunes du groupe » : jamais de nom.",
        error_messages=_required("Dites pour qui cela a changé."),
    )
    person_code = forms.CharField(
        label="Code de la personne accompagnée (facultatif)",
        required=False,
        max_length=20,
        help_text="Un code pseudonyme (par exemple P-014), jamais le nom.",
    )
    why_it_matters = forms.CharField(
        label="Pourquoi c'est important",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour la personne qui raconte : ce que ce changement veut dire pour elle.",
        error_messages=_required("Dites pourquoi c'est important."),
    )
    consent = forms.BooleanField(label=STAFF_CONSENT, error_messages={"required": CONSENT_PROBLEM})
    lane = LaneChoice(
        label="Objectif ou question dont il parle (facultatif)",
        queryset=Lane.objects.none(),
        required=False,
        empty_label="Aucun en particulier",
        help_text="Les couloirs des effets déjà ouverts ; le récit y sera lu avec les effets observés.",
    )

    def __init__(self, *args: Any, lanes: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lane"]).queryset = (
            lanes if lanes is not None else Lane.objects.none()
        )
        words = vocabulary()
        cast(forms.ChoiceField, self.fields["told_by"]).choices = [("", "—"), *words.choices("perspectives")]
        cast(forms.ChoiceField, self.fields["domain"]).choices = [("", "—"), *words.choices("domains")]

    def clean_person_code(self) -> str:
        code = self.cleaned_data.get("person_code", "").strip()
        if code and not is_story_code(code):
            raise forms.ValidationError(CODE_PROBLEM)
        return code

    def clean_told_on(self) -> date:
        told_on = self.cleaned_data["told_on"]
        if told_on > timezone.localdate():
            raise forms.ValidationError("Cette date est dans le futur.")
        if told_on < EARLIEST:
            raise forms.ValidationError("Cette date est trop ancienne.")
        return told_on


class PublicStoryForm(forms.Form):
    """What a person accompanied or a relative tells through the public link: short questions."""

    told_by = forms.ChoiceField(
        label="Qui êtes-vous ?",
        choices=[
            ("person", "Je suis une personne accompagnée par l'établissement"),
            ("relatives", "Je suis un proche, de la famille"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Dites qui vous êtes."},
    )
    what_changed = forms.CharField(
        label="Qu'est-ce qui a changé ?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Écrivez ce qui a changé.",
            "max_length": "C'est trop long : 3 000 caractères au plus.",
        },
    )
    for_whom = forms.CharField(
        label="Pour qui ?",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : pour moi, pour mon père, pour ma fille. N'écrivez pas de nom.",
        error_messages={
            "required": "Dites pour qui cela a changé.",
            "max_length": "C'est trop long : 200 caractères au plus.",
        },
    )
    why_it_matters = forms.CharField(
        label="Pourquoi c'est important pour vous ?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Dites pourquoi c'est important pour vous.",
            "max_length": "C'est trop long : 3 000 caractères au plus.",
        },
    )
    domain = forms.ChoiceField(
        label="De quoi parle votre récit ?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de quoi parle votre récit."},
    )
    consent = forms.BooleanField(
        label="Je suis d'accord : l'établissement garde mon récit et l'équipe le lit en réunion.",
        error_messages={"required": PUBLIC_CONSENT_PROBLEM},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = vocabulary().choices("domains")

    def domain_choices(self) -> list[tuple[Any, str]]:
        """Each choice of the domain with its sentence, for the page."""
        helps = {term.code: term.help for term in vocabulary().domains}
        return [(choice, helps.get(str(choice.data["value"]), "")) for choice in self["domain"]]


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="Oui, je veux retirer ce récit.",
        error_messages={"required": "Cochez la case pour confirmer : le récit sera effacé."},
    )


class StaffWithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="La personne a demandé que son récit soit retiré : l'effacer, avec les choix des séances",
        error_messages={"required": "Cochez la case pour confirmer : le récit sera effacé."},
    )


class SelectionForm(forms.Form):
    """A session's choice of the most significant story of one domain, and why."""

    story = forms.TypedChoiceField(
        label="Le récit le plus significatif",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez un récit.",
            "invalid_choice": "Ce récit n'est pas parmi ceux que la séance peut choisir.",
        },
    )
    reasons = forms.CharField(
        label="Pourquoi ce récit",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce que la séance y a vu : ce qu'il dit du travail, ce qu'il change pour la suite.",
        error_messages={"required": "Dites pourquoi la séance a choisi ce récit."},
    )
    feedback = forms.CharField(
        label="Ce que l'équipe dit en retour à la personne qui l'a raconté (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Phrases courtes : la personne le lit avec son lien.",
    )

    def __init__(self, *args: Any, stories: list[ChangeStory], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stories = stories
        cast(forms.TypedChoiceField, self.fields["story"]).choices = [
            (story.pk, str(story)) for story in stories
        ]

    def story_choices(self) -> list[tuple[Any, ChangeStory, str]]:
        """Each radio button with the story it chooses and who told it, for the page to show the
        whole story."""
        by_pk = {story.pk: story for story in self.stories}
        words = vocabulary()
        return [
            (choice, story, words.label("perspectives", story.told_by))
            for choice in self["story"]
            for story in [by_pk[int(choice.data["value"])]]
        ]
