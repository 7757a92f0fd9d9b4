from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.accounts.models import Role, User
from ouvrage.evidence.files import ACCEPTED_LABEL, MAX_BYTES, Checked, check_upload
from ouvrage.qualitydocs.models import DocKind
from ouvrage.www.fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
READER_ROLES = [(r.value, r.label) for r in Role if r != Role.EVALUATOR]


class VersionFields(forms.Form):
    effective_on = forms.DateField(
        label="En vigueur depuis le",
        widget=DATE,
        error_messages={"required": "Donnez la date d'entrée en vigueur.", "invalid": "Date invalide."},
    )
    file = forms.FileField(label="Fichier", required=False, help_text=f"10 Mo au plus : {ACCEPTED_LABEL}.")
    text = forms.CharField(
        label="Ou son texte", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    review_on = forms.DateField(
        label="À réviser le",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Date invalide."},
    )

    checked: Checked | None = None

    def clean_file(self) -> Any:
        """The evidence uploads' checks: 10 Mo at most read, the type by content."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        data = upload.read(MAX_BYTES + 1)
        upload.seek(0)
        result = check_upload(
            upload.name, data[:8192], upload.size, data if upload.size <= MAX_BYTES else None
        )
        if isinstance(result, str):
            raise forms.ValidationError(result)
        self.checked = result
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not (data.get("text") or "").strip() and "file" not in self.errors:
            self.add_error("text", "Joignez le fichier du document ou écrivez son texte.")
        return data

    def version_data(self) -> dict[str, Any]:
        return {
            "effective_on": self.cleaned_data["effective_on"],
            "review_on": self.cleaned_data.get("review_on"),
            "text": self.cleaned_data.get("text") or "",
            "upload": self.cleaned_data.get("file"),
            "checked": self.checked,
        }


class DocumentForm(VersionFields):
    field_order = [
        "kind",
        "title",
        "owner",
        "review_on",
        "reader_roles",
        "readers",
        "effective_on",
        "file",
        "text",
    ]
    kind = forms.ChoiceField(label="Type de document", choices=DocKind.choices)
    title = forms.CharField(
        label="Intitulé", max_length=200, error_messages={"required": "Donnez un intitulé au document."}
    )
    owner = BoundedModelChoiceField(
        label="Responsable du document", queryset=User.objects.none(), required=False
    )
    reader_roles = forms.MultipleChoiceField(
        label="Doivent le lire : les rôles",
        choices=READER_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    readers = BoundedModelMultipleChoiceField(
        label="Et les personnes",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(organisation_id=organisation_id, is_active=True).exclude(
            role=Role.EVALUATOR
        )
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["readers"].queryset = people  # type: ignore[attr-defined]

    def document_data(self) -> dict[str, Any]:
        return {
            "kind": self.cleaned_data["kind"],
            "title": self.cleaned_data["title"],
            "owner": self.cleaned_data.get("owner"),
            "reader_roles": self.cleaned_data.get("reader_roles") or [],
            "readers": list(self.cleaned_data.get("readers") or []),
            **self.version_data(),
        }


class VersionForm(VersionFields):
    field_order = ["effective_on", "note", "file", "text", "review_on"]
    note = forms.CharField(
        label="Ce qui change", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExerciseForm(forms.Form):
    held_on = forms.DateField(
        label="Date de l'exercice",
        widget=DATE,
        error_messages={"required": "Donnez la date de l'exercice.", "invalid": "Date invalide."},
    )
    scenario = forms.CharField(
        label="Scénario",
        max_length=300,
        help_text="Par exemple : canicule, panne d'électricité de nuit, épidémie.",
        error_messages={"required": "Décrivez le scénario de l'exercice."},
    )
    lessons = forms.CharField(
        label="Enseignements", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_title = forms.CharField(
        label="Action décidée (facultatif)",
        required=False,
        max_length=200,
        help_text="Elle est ajoutée au plan d'action de l'établissement.",
    )


class ContactsCheckForm(forms.Form):
    checked_on = forms.DateField(
        label="Liste des contacts vérifiée le",
        widget=DATE,
        error_messages={"required": "Donnez la date de la vérification.", "invalid": "Date invalide."},
    )


class IntervalForm(forms.Form):
    days = forms.IntegerField(
        label="Vérifier la liste des contacts tous les (jours)",
        min_value=1,
        max_value=3650,
        error_messages={
            "required": "Donnez un nombre de jours.",
            "min_value": "Entre 1 et 3 650 jours.",
            "max_value": "Entre 1 et 3 650 jours.",
            "invalid": "Un nombre de jours.",
        },
    )
