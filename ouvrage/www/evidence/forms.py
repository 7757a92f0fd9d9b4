from __future__ import annotations

from typing import Any

from django import forms

from ouvrage.evidence.files import ACCEPTED_LABEL, MAX_BYTES, Checked, check_upload
from ouvrage.evidence.models import Evidence, EvidenceKind
from ouvrage.www.fields import bounded


class EvidenceForm(forms.ModelForm):
    kind = forms.ChoiceField(label="Type de preuve", choices=EvidenceKind.choices, widget=forms.RadioSelect)
    url = forms.URLField(
        label="Adresse du lien",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Adresse de lien invalide : par exemple https://exemple.fr/document"},
    )
    file = forms.FileField(label="Fichier", required=False, help_text=f"10 Mo au plus : {ACCEPTED_LABEL}.")

    class Meta:
        formfield_callback = bounded
        model = Evidence
        fields = ["kind", "title", "text", "url", "file"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Donnez un intitulé à la preuve."},
        }

    checked: Checked | None = None

    def clean_file(self) -> Any:
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
        kind = data.get("kind")
        if kind == EvidenceKind.DOCUMENT and not data.get("file") and "file" not in self.errors:
            self.add_error("file", "Un document demande un fichier.")
        if kind == EvidenceKind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Un lien demande son adresse.")
        if kind == EvidenceKind.OBSERVATION and not data.get("text", "").strip():
            self.add_error("text", "Décrivez ce qui a été observé.")
        return data

    def evidence_data(self) -> dict[str, Any]:
        """What `evidence.services.add_evidence` records, from the checked form."""
        return {
            "kind": self.cleaned_data["kind"],
            "title": self.cleaned_data["title"],
            "text": self.cleaned_data.get("text", ""),
            "url": self.cleaned_data.get("url", ""),
            "upload": self.cleaned_data.get("file"),
            "checked": self.checked,
        }
