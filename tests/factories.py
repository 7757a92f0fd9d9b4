from __future__ import annotations

import factory

from ouvrage.accounts.models import User
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    # The second factor an organisation requires of its administrators and direction is tested on its
    # own (tests/accounts/test_second_factor.py); elsewhere the people of the tests sign in with a password.
    mfa_required = False


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Établissement {n}")
    finess = factory.Sequence(lambda n: with_check_digit(f"{75000000 + n:08d}"))
    finess_category = "500"
    sector = "medico_social"
    kind = "etablissement"
    publics = factory.LazyFunction(lambda: ["PA"])
    capacity = 50


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "direction"
    all_establishments = True
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-de-test-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def pending_invitation(organisation, email: str = "invitee@example.org", role: str = "quality"):
    """An invitation waiting for its answer (the secret link is not kept)."""
    from ouvrage.accounts.models import Invitation

    invitation = Invitation(organisation=organisation, email=email, role=role, all_establishments=True)
    invitation.new_secret()
    invitation.save()
    return invitation


def open_session(user):
    """A session of `user` as django-allauth lists it (its key in the session store)."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return UserSession.objects.create(
        user=user, session_key=store.session_key, ip="192.0.2.1", user_agent="Test"
    )
