from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ouvrage.actions.models import Action
from ouvrage.calendar.entries import Entry, Kind, reminders_due, upcoming
from ouvrage.calendar.models import CalendarFeed, CvsMeeting, SentReminder
from ouvrage.core.dates import five_years_after
from tests.campaigns.factories import campaign_for
from tests.helpers import visible_text


def test_dates():
    assert five_years_after(date(2024, 2, 29)) == date(2029, 2, 28)
    today = date(2026, 11, 24)
    entries = [
        Entry(today + timedelta(days=d), Kind.ACTION_DUE, f"A{d}", "E", f"k{d}")
        for d in (-1, 1, 7, 8, 30, 400)
    ]
    assert [d for _, d in reminders_due(entries, today)] == [1, 7, 30]
    assert [e.title for e in upcoming(entries, today, 365)] == ["A1", "A7", "A8", "A30"]


@pytest.fixture
def dated(ehpad, director):
    today = timezone.localdate()
    ehpad.next_evaluation_due = today + timedelta(days=30)
    ehpad.rules_revised_on = (today + timedelta(days=7)).replace(year=(today + timedelta(days=7)).year - 5)
    ehpad.save()
    CvsMeeting.objects.create(establishment=ehpad, held_on=today + timedelta(days=1), topic="Menus")
    Action.objects.create(establishment=ehpad, title="Former l'équipe", due_on=today + timedelta(days=10))
    campaign_for(
        ehpad,
        kind="external",
        visit_starts_on=today + timedelta(days=40),
        visit_ends_on=today + timedelta(days=41),
    )
    return today


@pytest.mark.django_db
def test_calendar_page_month_and_list(director_client, dated):
    page = director_client.get(reverse("calendar:page"))
    text = visible_text(page)
    for words in (
        "Évaluation à rendre",
        "Règlement de fonctionnement à réviser",
        "Conseil de la vie sociale : Menus",
        "Échéance : Former l'équipe",
        "Visite : Auto-évaluation",
    ):
        assert words in text
    assert text.count("Visite : Auto-évaluation") >= 2  # the two visit days in the twelve months list
    assert director_client.get(reverse("calendar:page"), {"mois": "n'importe"}).status_code == 200


@pytest.mark.django_db
def test_ics_feed_reads_in_a_real_parser(director_client, director, dated):
    assert not CalendarFeed.objects.filter(user=director).exists()  # reading the page writes nothing
    director_client.post(reverse("calendar:feed_address"))
    token = CalendarFeed.objects.get(user=director).token
    assert token in visible_text(director_client.get(reverse("calendar:page")))
    response = Client().get(
        reverse("calendar:feed", args=[token])
    )  # no session: the secret address is enough
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert events[
        f"Évaluation à rendre – {director.organisation.establishments.get().name}"
    ] == dated + timedelta(days=30)
    assert len(cal.walk("VEVENT")) == 6  # evaluation, rules, CVS, action, two visit days
    assert len({str(e["uid"]) for e in cal.walk("VEVENT")}) == 6
    assert Client().get(reverse("calendar:feed", args=["faux"])).status_code == 404
    director_client.post(reverse("calendar:feed_address"))  # a new address: the old one stops working
    assert Client().get(reverse("calendar:feed", args=[token])).status_code == 404


@pytest.mark.django_db
def test_reminders_are_sent_once(director, dated):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    first = len(mail.outbox)
    assert first >= 3 and "rappel(s) envoyé(s)" in out.getvalue()  # J-30 evaluation, J-7 rules, J-1 CVS
    subjects = " ".join(m.subject for m in mail.outbox)
    assert (
        "Dans 30 jours : Évaluation à rendre" in subjects
        and "Dans 1 jour : Conseil de la vie sociale" in subjects
    )
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == first and SentReminder.objects.count() == first


@pytest.mark.django_db
def test_cvs_meeting_bad_date(director_client, ehpad):
    response = director_client.post(
        reverse("calendar:page"), {"establishment": ehpad.pk, "held_on": "32/13/2026"}, follow=True
    )
    assert "choisissez l'établissement et une date valide" in visible_text(response)
    assert not CvsMeeting.objects.exists()
