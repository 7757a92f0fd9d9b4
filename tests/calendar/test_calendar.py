from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ouvrage.actions.models import Action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.calendar.entries import Entry, Kind, meeting_date_problem, reminders_due, upcoming
from ouvrage.calendar.models import CalendarFeed, CvsMeeting, SentReminder
from ouvrage.calendar.services import add_cvs_meeting
from ouvrage.campaigns.models import Interview
from ouvrage.core.dates import five_years_after
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import EstablishmentFactory
from tests.helpers import page_text, visible_text


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
    external = campaign_for(
        ehpad,
        kind="external",
        title="Évaluation externe",
        starts_on=today,
        ends_on=today + timedelta(days=60),
        visit_starts_on=today + timedelta(days=40),
        visit_ends_on=today + timedelta(days=41),
    )
    interview_for(external, title="Accompagné traceur P-014", scheduled_on=today + timedelta(days=20))
    interview_for(external, "audit_systeme", title="Sans date")
    # Neither an abandoned evaluation's dates nor a finished one's planned end are dates to hold.
    campaign_for(ehpad, title="Abandonnée", state="abandoned", ends_on=today + timedelta(days=5))
    campaign_for(ehpad, title="Clôturée", state="closed", ends_on=today + timedelta(days=6))
    return today


@pytest.mark.django_db
def test_calendar_page_month_and_list(director_client, dated):
    page = director_client.get(reverse("calendar:page"))
    text = visible_text(page)
    for words in (
        "Évaluation à rendre (EHPAD A)",
        "Règlement de fonctionnement à réviser (EHPAD A)",
        "Conseil de la vie sociale : Menus",
        "Échéance d'action : Former l'équipe",
        "Jour de visite d'évaluation : Évaluation externe",
        "Entretien d'évaluation : Accompagné traceur P-014",
        "Fin prévue de l'évaluation : Évaluation externe",
    ):
        assert words in text, words
    assert text.count("Jour de visite d'évaluation : Évaluation externe") >= 2  # the two visit days
    assert "Abandonnée" not in text and "Clôturée" not in text and "Sans date" not in text
    # Each label said once (the review saw « Conseil de la vie sociale : Conseil de la vie sociale »).
    for label in (k.label for k in Kind):
        assert f"{label} : {label}" not in text
    assert "Évaluation à rendre : Évaluation à rendre" not in text
    html = page.content.decode()
    interview = Interview.objects.get(title="Accompagné traceur P-014")
    assert f'href="{reverse("campaigns:grid", args=[interview.campaign_id, interview.pk])}"' in html
    assert director_client.get(reverse("calendar:page"), {"mois": "n'importe"}).status_code == 200


def test_an_entry_says_its_kind_once():
    day = date(2026, 12, 1)
    assert Entry(day, Kind.CVS_MEETING, "", "E", "k").text == "Conseil de la vie sociale"
    assert Entry(day, Kind.CVS_MEETING, "Menus", "E", "k").text == "Conseil de la vie sociale : Menus"
    assert Entry(day, Kind.EVALUATION_DUE, "Évaluation à rendre", "E", "k").text == "Évaluation à rendre"


@pytest.mark.parametrize(
    ("days", "already_held", "refused"),
    [
        (-1, False, True),
        (-1, True, False),
        (0, False, False),
        (0, True, False),
        (1, False, False),
        (1, True, True),
    ],
)
def test_a_cvs_meeting_in_the_past_only_when_recorded_after_the_fact(days, already_held, refused):
    today = date(2026, 11, 30)
    problem = meeting_date_problem(today + timedelta(days=days), today, already_held=already_held)
    assert (problem is not None) == refused
    if refused and days < 0:
        assert "Je consigne une réunion déjà tenue" in problem


@pytest.mark.django_db
def test_the_page_refuses_a_past_cvs_meeting_unless_recorded_after_the_fact(director_client, director, ehpad):
    url = reverse("calendar:page")
    past = timezone.localdate() - timedelta(days=300)
    data = {"establishment": ehpad.pk, "held_on": past.isoformat(), "topic": "Bilan des menus"}
    response = director_client.post(url, data)
    assert response.status_code == 200 and not CvsMeeting.objects.exists()
    text = visible_text(response)
    assert "Date : Cette date est passée" in text  # in the summary, linked to the field
    assert 'value="Bilan des menus"' in page_text(response)  # the typed agenda is kept
    response = director_client.post(url, {**data, "already_held": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"?mois={past:%Y-%m}#")
    meeting = CvsMeeting.objects.get()
    assert meeting.held_on == past and meeting.topic == "Bilan des menus"
    event = AuditEvent.objects.get(action=AuditAction.CVS_MEETING_ADDED)
    assert event.changes["already_held"] is True and event.actor_id == director.pk
    with pytest.raises(ValidationError):  # the service checks again, whoever calls it
        add_cvs_meeting(establishment=ehpad, actor=director, held_on=past, topic="")
    assert CvsMeeting.objects.count() == 1


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
    # evaluation, rules, CVS, action, two visit days, the interview and the external evaluation's end
    assert len(cal.walk("VEVENT")) == 8
    assert len({str(e["uid"]) for e in cal.walk("VEVENT")}) == 8
    assert "Conseil de la vie sociale : Menus – EHPAD A" in events
    assert Client().get(reverse("calendar:feed", args=["faux"])).status_code == 404
    director_client.post(reverse("calendar:feed_address"))  # a new address: the old one stops working
    assert Client().get(reverse("calendar:feed", args=[token])).status_code == 404


@pytest.mark.django_db
def test_reminders_are_sent_once(director, dated):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    first = len(mail.outbox)
    assert first >= 3 and f"{first} rappels envoyés." in out.getvalue()  # J-30 evaluation, J-7 rules, J-1 CVS
    subjects = " ".join(m.subject for m in mail.outbox)
    assert (
        "Dans 30 jours : Évaluation à rendre" in subjects
        and "Dans 1 jour : Conseil de la vie sociale" in subjects
    )
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == first and SentReminder.objects.count() == first


@pytest.mark.django_db
def test_cvs_meeting_bad_date(director_client, ehpad, other_organisation):
    response = director_client.post(
        reverse("calendar:page"), {"establishment": ehpad.pk, "held_on": "32/13/2026"}
    )
    assert "Date invalide (JJ/MM/AAAA)" in visible_text(response)
    response = director_client.post(reverse("calendar:page"), {"establishment": ehpad.pk})
    assert "Indiquez la date de la réunion" in visible_text(response)
    theirs = EstablishmentFactory(organisation=other_organisation)
    response = director_client.post(
        reverse("calendar:page"), {"establishment": theirs.pk, "held_on": timezone.localdate().isoformat()}
    )
    assert "Choisissez un établissement de la liste" in visible_text(response)
    assert not CvsMeeting.objects.exists()
