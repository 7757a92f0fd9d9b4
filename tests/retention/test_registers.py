"""Retention of the registers (issue 19): no duration is sourced for adverse events, CREX,
complaints and maltreatment signals, so the purge keeps them whatever their age; an anonymised
person's code is replaced in them, in their own establishment only."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ouvrage.campaigns.models import Person
from ouvrage.complaints.models import Complaint
from ouvrage.effects.models import ChangeStory
from ouvrage.effects.services import add_observed
from ouvrage.incidents.models import AdverseEvent, Crex
from ouvrage.retention.purge import purge
from ouvrage.safeguarding.models import Signal
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
OLD = date(2012, 3, 1)


def _registers(establishment, code):
    event = AdverseEvent.objects.create(
        establishment=establishment, occurred_on=OLD, place="p", category="fall", what="w", person_code=code
    )
    Crex.objects.create(establishment=establishment, held_on=OLD).events.add(event)
    Complaint.objects.create(
        establishment=establishment,
        channel="oral",
        received_on=OLD,
        acknowledge_due=OLD,
        answer_due=OLD,
        subject="s",
        description="d",
        person_code=code,
        state="closed",
    )
    Signal.objects.create(
        establishment=establishment,
        occurred_on=OLD,
        place="p",
        nature="neglect",
        reporter_role="professional",
        what="w",
        person_code=code,
        status="closed",
    )


def test_the_registers_are_kept_and_an_anonymised_code_is_replaced_in_them(ehpad, organisation):
    other = EstablishmentFactory(organisation=organisation)
    person = Person.objects.create(establishment=ehpad, code="P-OLD")
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now().replace(year=2020, month=1, day=10))
    _registers(ehpad, "P-OLD")
    _registers(other, "P-OLD")  # another establishment's P-OLD is someone else
    report = purge(today=TODAY)
    assert report.people_anonymised == 1 and report.register_codes_replaced == 3
    new_code = f"ANON-{person.pk}"
    for register in (AdverseEvent, Complaint, Signal):
        assert register.objects.count() == 2  # kept, however old
        assert register.objects.get(establishment=ehpad).person_code == new_code
        assert register.objects.get(establishment=other).person_code == "P-OLD"
    assert Crex.objects.count() == 2
    assert "registres" in " ".join(report.lines())


def test_a_dry_run_replaces_nothing(ehpad):
    person = Person.objects.create(establishment=ehpad, code="P-DRY")
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now().replace(year=2020, month=1, day=10))
    _registers(ehpad, "P-DRY")
    assert purge(today=TODAY, dry_run=True).register_codes_replaced == 3
    assert Signal.objects.get().person_code == "P-DRY"


def test_an_anonymised_code_is_replaced_in_the_effects(ehpad, organisation, has_version, director):
    """Issue 20: the observed effects that list the person among others, and a story about them."""
    person = Person.objects.create(establishment=ehpad, code="P-OLD")
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now().replace(year=2020, month=1, day=10))
    objective = has_version.objectives.first()
    effect = add_observed(
        establishment=ehpad,
        actor=director,
        objective=objective,
        text="t",
        observed_on=OLD,
        valence="positive",
        perspective="person",
        codes="P-OLD, P-OLDER",
    )
    story = ChangeStory.objects.create(
        establishment=ehpad,
        told_by="person",
        domain="health",
        what_changed="w",
        for_whom="f",
        person_code="P-OLD",
        why_it_matters="y",
        consent=True,
        consent_at=timezone.now(),
        channel="staff",
        told_on=OLD,
    )
    report = purge(today=TODAY)
    new_code = f"ANON-{person.pk}"
    effect.refresh_from_db()
    story.refresh_from_db()
    assert effect.codes == f"{new_code}, P-OLDER"  # P-OLDER is someone else
    assert story.person_code == new_code and report.register_codes_replaced == 2
