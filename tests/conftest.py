from __future__ import annotations

import pytest
from django.conf import settings

from ouvrage.frames.loader import load_frame
from ouvrage.frames.services import import_frame_version
from tests.factories import EstablishmentFactory, OrganisationFactory, UserFactory

HAS_DIR = settings.FRAMES_DATA_DIR / "has-essms" / "1.1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters kept in the cache (sign-in throttling, refusals already written) start at zero in
    each test, as on a server that just started."""
    from django.core.cache import cache

    from ouvrage.frames.selectors import forget_rows
    from ouvrage.national.selectors import forget_read

    cache.clear()
    forget_read()  # published results read by an earlier test (ids are reused after a rollback)
    forget_rows()  # the same for the référentiel's rows
    yield


@pytest.fixture(scope="session")
def has_spec():
    return load_frame(HAS_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, has_spec):
    """Every test database starts with the HAS référentiel loaded, as in production."""
    with django_db_blocker.unblock():
        import_frame_version(spec=has_spec)


@pytest.fixture
def has_version(db):
    from ouvrage.frames.models import FrameVersion

    return FrameVersion.objects.get(frame__slug="has-essms")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Association A")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Association B")


@pytest.fixture
def director(organisation):
    return UserFactory(organisation=organisation, role="direction")


@pytest.fixture
def ehpad(organisation):
    return EstablishmentFactory(
        organisation=organisation,
        name="EHPAD A",
        finess_category="500",
        sector="medico_social",
        kind="etablissement",
        publics=["PA"],
    )


@pytest.fixture
def saad(organisation):
    return EstablishmentFactory(
        organisation=organisation,
        name="SAAD A",
        finess_category="460",
        sector="social",
        kind="service",
        publics=["PA", "PHA", "PHE"],
    )


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"base de données de test : {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}".rstrip()
