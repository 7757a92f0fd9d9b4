"""Reading the accounts of an organisation, as its administrators see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ouvrage.accounts.models import User
from ouvrage.organisations.models import Organisation


def members_of(organisation: Organisation | None) -> QuerySet[User]:
    return (
        User.objects.filter(organisation=organisation)
        .prefetch_related("establishments")
        .order_by("-is_active", "email")
    )


def member_for(*, organisation: Organisation | None, pk: int) -> User:
    """A member of that organisation; 404 otherwise."""
    return get_object_or_404(User.objects.filter(organisation=organisation), pk=pk)
