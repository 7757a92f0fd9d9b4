from __future__ import annotations

from typing import Any, cast

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.password_validation import validate_password

from ouvrage.accounts.models import Role
from ouvrage.campaigns.models import Campaign
from ouvrage.establishments.models import Establishment
from ouvrage.www.fields import BoundedModelMultipleChoiceField

ROLE_HELP = {
    Role.ADMIN: "gère les comptes et voit tout l'organisme",
    Role.DIRECTION: "prépare et clôture les évaluations, modifie les établissements",
    Role.QUALITY: "prépare les évaluations, modifie les établissements",
    Role.PROFESSIONAL: "cote les grilles, cite des preuves, répond aux questions de l'équipe",
    Role.EVALUATOR: "conduit les évaluations externes qui lui sont confiées, et rien d'autre",
    Role.READ_ONLY: "lit sans rien modifier",
}


class ScopeFields(forms.Form):
    """A role and an explicit scope: all the establishments, or a list; an evaluator, external
    evaluations."""

    role = forms.ChoiceField(
        label="Rôle",
        choices=[(r.value, f"{r.label} — {ROLE_HELP[r]}") for r in Role],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un rôle."},
    )
    all_establishments = forms.BooleanField(
        label="Tous les établissements de l'organisme (y compris ceux créés plus tard)", required=False
    )
    establishments = BoundedModelMultipleChoiceField(
        label="Ou seulement ces établissements",
        queryset=Establishment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    campaigns = BoundedModelMultipleChoiceField(
        label="Évaluations externes (pour un évaluateur externe)",
        queryset=Campaign.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["establishments"]
        ).queryset = Establishment.objects.for_organisation(organisation).order_by("name")
        campaigns = cast(forms.ModelMultipleChoiceField, self.fields["campaigns"])
        campaigns.queryset = (
            Campaign.objects.filter(establishment__organisation=organisation, kind="external")
            .exclude(state="abandoned")
            .select_related("establishment")
            .order_by("-starts_on")
        )
        campaigns.label_from_instance = lambda c: f"{c.title} ({c.establishment.name})"  # type: ignore[method-assign,assignment]

    def scope_data(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data.get(k) for k in ("role", "all_establishments", "establishments", "campaigns")
        }


class InvitationForm(ScopeFields):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse électronique de la personne.",
            "invalid": "Adresse électronique invalide (nom@domaine.fr).",
        },
    )
    full_name = forms.CharField(label="Nom complet", max_length=200, required=False)
    field_order = ["email", "full_name", "role", "all_establishments", "establishments", "campaigns"]

    def invitation_data(self) -> dict[str, Any]:
        return {
            **self.scope_data(),
            "email": self.cleaned_data["email"],
            "full_name": self.cleaned_data["full_name"],
        }


class AcceptForm(forms.Form):
    full_name = forms.CharField(label="Votre nom complet", max_length=200, required=False)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "aria-describedby": "password-rules"}
        ),
        error_messages={"required": "Choisissez un mot de passe."},
    )
    password2 = forms.CharField(
        label="Le même mot de passe, une seconde fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez le mot de passe une seconde fois."},
    )

    def __init__(self, *args: Any, user_for_checks: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user_for_checks = user_for_checks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas les mêmes.")
        elif first:
            try:
                validate_password(first, self.user_for_checks)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


# django-allauth's forms with Ouvrage's labels (settings.ACCOUNT_FORMS); their checks are the library's.
_LABELS = {
    "email": "Adresse électronique",
    "oldpassword": "Mot de passe actuel",
    "password1": "Nouveau mot de passe",
    "password2": "Le nouveau mot de passe, une seconde fois",
}


def _relabel(form: forms.Form) -> None:
    for name, field in form.fields.items():
        if name in _LABELS:
            field.label = _LABELS[name]
            field.widget.attrs.pop("placeholder", None)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _relabel(self)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _relabel(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _relabel(self)
