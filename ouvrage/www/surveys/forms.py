from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.campaigns.selectors import criteria_by_code
from ouvrage.frames.models import FrameVersion
from ouvrage.surveys.models import ANSWERS, PICTOGRAMS
from ouvrage.surveys.services import QuestionText


class SurveyForm(forms.Form):
    title = forms.CharField(
        label="Titre", max_length=120, error_messages={"required": "Donnez un titre au questionnaire."}
    )
    intro = forms.CharField(
        label="Phrase d'accueil", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    questions = forms.CharField(
        label="Questions, une par ligne",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Phrases courtes, une idée par question. Après la question, facultatif : | pictogramme "
            f"({', '.join(k for k in PICTOGRAMS if k)}) | critère lié. Exemple : Vous mangez bien ? | repas | 1.14.1"
        ),
        error_messages={"required": "Écrivez au moins une question."},
    )

    def __init__(self, *args: Any, versions: list[FrameVersion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.versions = versions

    def clean_questions(self) -> list[QuestionText]:
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if len(lines) > 20:
            raise forms.ValidationError("20 questions au plus : un questionnaire facile à lire reste court.")
        found = []
        problems = []
        for number, line in enumerate(lines, start=1):
            parts = [p.strip() for p in line.split("|")]
            text, pictogram, code = ([*parts, "", ""])[:3]
            if not text or len(text) > 200:
                problems.append(f"ligne {number} : la question est vide ou dépasse 200 caractères")
                continue
            if pictogram not in PICTOGRAMS:
                problems.append(
                    f"ligne {number} : pictogramme « {pictogram} » inconnu ({', '.join(k for k in PICTOGRAMS if k)})"
                )
                continue
            criterion = None
            if code:
                criterion = criteria_by_code(self.versions, [code]).get(code)
                if criterion is None:
                    problems.append(f"ligne {number} : critère « {code} » inconnu")
                    continue
            found.append(QuestionText(text, pictogram, criterion))
        if problems:
            raise forms.ValidationError(problems)
        return found


class AnswerForm(forms.Form):
    value = forms.ChoiceField(
        choices=[(a, a) for a in ANSWERS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse, ou « Je ne sais pas »."},
    )
