from __future__ import annotations

from typing import Any, cast

from django import forms

from ouvrage.calendar.entries import ALREADY_HELD
from ouvrage.establishments.models import Establishment


class CvsMeetingForm(forms.Form):
    """A CVS meeting: the establishment among the person's, a date, an agenda; a past date only when
    the meeting is recorded after the fact (checked again by the service)."""

    establishment = forms.ChoiceField(
        label="Établissement",
        error_messages={
            "required": "Choisissez l'établissement.",
            "invalid_choice": "Choisissez un établissement de la liste.",
        },
    )
    held_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez la date de la réunion.",
            "invalid": "Date invalide (JJ/MM/AAAA).",
        },
    )
    topic = forms.CharField(label="Ordre du jour", required=False, max_length=200)
    already_held = forms.BooleanField(
        label=ALREADY_HELD,
        required=False,
        help_text="Pour enregistrer après coup une réunion passée ; sinon, la date est à venir.",
    )

    def __init__(self, *args: Any, establishments: list[Establishment], **kwargs: Any) -> None:
        """`establishments`: the person's, read once by the view (the list is the choice)."""
        super().__init__(*args, **kwargs)
        self.establishments = {str(e.pk): e for e in establishments}
        cast(forms.ChoiceField, self.fields["establishment"]).choices = [
            (pk, e.name) for pk, e in self.establishments.items()
        ]

    def clean_establishment(self) -> Establishment:
        return self.establishments[self.cleaned_data["establishment"]]
