"""Reading the accounts of an organisation, as its administrators see them."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ouvrage.accounts.models import Invitation, User
from ouvrage.organisations.models import Organisation


def members_of(organisation: Organisation | None) -> QuerySet[User]:
    return (
        User.objects.filter(organisation=organisation)
        .prefetch_related("establishments", "campaigns")
        .order_by("-is_active", "email")
    )


def member_for(*, organisation: Organisation | None, pk: int) -> User:
    """A member of that organisation; 404 otherwise."""
    return get_object_or_404(User.objects.filter(organisation=organisation), pk=pk)


def pending_invitations(organisation: Organisation | None) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(organisation=organisation)
        .pending()
        .prefetch_related("establishments", "campaigns")
        .select_related("invited_by")
        .order_by("-sent_at")
    )


def invitation_for(*, organisation: Organisation | None, pk: int) -> Invitation:
    """A pending invitation of that organisation; 404 otherwise."""
    return get_object_or_404(Invitation.objects.filter(organisation=organisation).pending(), pk=pk)


def open_sessions(user: User) -> QuerySet[UserSession]:
    """A person's sessions still open (those the session store still holds, unexpired), oldest first.
    Read only: ended ones are left for the library's clean-up at the next sign-in."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive).order_by("created_at")
