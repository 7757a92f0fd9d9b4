"""Form fields that read ids sent by a browser (or a script): an id beyond what the database holds
(2⁶³ and more) is an invalid choice, said in the form, never an error of the database driver."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def out_of_range(value: Any) -> bool:
    text = str(value if value is not None else "").strip().lstrip("-+")
    return text.isdigit() and (len(text) > 19 or int(text) > LARGEST_ID)


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value or ():
            if out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:30]},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django API not in the stubs


def bounded(field: Any, **kwargs: Any) -> Any:
    """`formfield_callback` for model forms: their foreign keys and many-to-many fields bounded too."""
    formfield = field.formfield(**kwargs)
    if isinstance(formfield, forms.ModelMultipleChoiceField):
        formfield.__class__ = BoundedModelMultipleChoiceField
    elif isinstance(formfield, forms.ModelChoiceField):
        formfield.__class__ = BoundedModelChoiceField
    return formfield
