"""Accounts page and journal: for the organisation's administrators; deactivation ends sessions."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.audit.services import record
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_deactivating_an_account_signs_it_out_everywhere(client, organisation):
    admin = UserFactory(organisation=organisation, role="admin")
    member = UserFactory(organisation=organisation, role="quality", email="partie@example.org")
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.force_login(member)
        assert device.get(reverse("establishments:list")).status_code == 200
    client.force_login(admin)
    page = client.get(reverse("accounts:members")).content.decode()
    assert "partie@example.org" in page and "Désactiver" in page
    response = client.post(reverse("accounts:member_active", args=[member.pk]), {"active": "0"}, follow=True)
    assert "2 sessions ouvertes fermées" in response.content.decode()
    for device in (phone, laptop):
        answer = device.get(reverse("establishments:list"))
        assert answer.status_code == 302 and answer.url.startswith(reverse("accounts:login"))
    assert Session.objects.count() == 1  # the admin's own
    # Signing in again is refused while inactive: the page says the account is deactivated.
    device = Client()
    again = device.post(
        reverse("accounts:login"), {"login": member.email, "password": "mot-de-passe-de-test-2026"}
    )
    assert again.status_code == 302 and again.url == reverse("account_inactive")
    assert "désactivé" in device.get(again.url).content.decode()
    assert device.get(reverse("establishments:list")).status_code == 302
    event = AuditEvent.objects.get(action="user.deactivated")
    assert event.actor == admin and event.changes["sessions_ended"] == 2
    # Reactivated, the person can sign in again.
    client.post(reverse("accounts:member_active", args=[member.pk]), {"active": "1"})
    again = Client().post(
        reverse("accounts:login"), {"login": member.email, "password": "mot-de-passe-de-test-2026"}
    )
    assert again.status_code == 302


def test_an_administrator_cannot_lock_themselves_out(client, organisation):
    admin = UserFactory(organisation=organisation, role="admin")
    client.force_login(admin)
    response = client.post(reverse("accounts:member_active", args=[admin.pk]), {"active": "0"}, follow=True)
    assert "propre compte" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_the_journal_shows_the_organisation_changes_with_filters(client, organisation, other_organisation):
    admin = UserFactory(organisation=organisation, role="admin", email="admin@a.example.org")
    quality = UserFactory(organisation=organisation, role="quality", email="qualite@a.example.org")
    mine = EstablishmentFactory(organisation=organisation, name="EHPAD des Lilas")
    theirs = EstablishmentFactory(organisation=other_organisation, name="MECS d'ailleurs")
    record(
        action=AuditAction.ESTABLISHMENT_UPDATED,
        target=mine,
        actor=quality,
        organisation=organisation,
        changes={"name": ["A", "B"]},
    )
    record(
        action=AuditAction.ESTABLISHMENT_UPDATED, target=theirs, actor=None, organisation=other_organisation
    )
    client.force_login(admin)
    html = client.get(reverse("audit:journal")).content.decode()
    assert "EHPAD des Lilas" in html and "qualite@a.example.org" in html and "A → B" in html
    assert "ailleurs" not in html
    html = client.get(reverse("audit:journal"), {"qui": "personne-inconnue"}).content.decode()
    assert "Aucune modification ne correspond" in html
    html = client.get(reverse("audit:journal"), {"du": "pas-une-date"}).content.decode()
    assert "Filtre ignoré" in html
    client.force_login(quality)
    assert client.get(reverse("audit:journal")).status_code == 403
