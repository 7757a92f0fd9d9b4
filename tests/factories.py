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
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-de-test-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
