from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.reporting_burden.models import PER_YEAR, Frequency, Recipient, ReportingDuty
from ouvrage.www.fields import bounded


class DutyForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded
        model = ReportingDuty
        fields = [
            "title",
            "recipient",
            "recipient_other",
            "legal_basis",
            "frequency",
            "occurrences_per_year",
            "hours_per_occurrence",
            "role",
            "data_items",
        ]
        error_messages = {
            "title": {"required": "Dites ce qui est transmis."},
            "hours_per_occurrence": {
                "required": "Indiquez le temps d'une occurrence, en heures.",
                "invalid": "Temps invalide : un nombre d'heures, par exemple 3,5.",
            },
            "role": {"required": "Indiquez la fonction de qui le fait."},
        }
        help_texts = {
            "occurrences_per_year": "Calculé pour une fréquence régulière ; à estimer pour « à chaque événement »."
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["hours_per_occurrence"].localize = True
        self.fields["hours_per_occurrence"].widget.is_localized = True
        self.fields["occurrences_per_year"].required = False  # computed for regular frequencies

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        hours = data.get("hours_per_occurrence")
        if hours is not None and (hours <= 0 or hours > 2000):
            self.add_error(
                "hours_per_occurrence", "Le temps d'une occurrence est compris entre 0 et 2 000 heures."
            )
        frequency = data.get("frequency")
        if frequency in PER_YEAR:
            data["occurrences_per_year"] = PER_YEAR[frequency]
        elif frequency == Frequency.ON_EVENT and not data.get("occurrences_per_year"):
            self.add_error("occurrences_per_year", "Estimez combien de fois par an.")
        if data.get("recipient") == Recipient.OTHER and not data.get("recipient_other", "").strip():
            self.add_error("recipient_other", "Précisez le destinataire.")
        return data
