from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar, Event

from ouvrage.accounts.permissions import EDITORS, STAFF, post_requires, requires
from ouvrage.calendar.entries import Entry, Kind, Subject, upcoming
from ouvrage.calendar.models import CalendarFeed
from ouvrage.calendar.selectors import entries_for, feed_of
from ouvrage.calendar.services import add_cvs_meeting, new_feed_address
from ouvrage.core.params import as_id
from ouvrage.establishments.models import Establishment
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.typing import AuthedHttpRequest

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
PAGES = {
    Subject.ESTABLISHMENT: "establishments:detail",
    Subject.ACTION: "actions:detail",
    Subject.CAMPAIGN: "campaigns:detail",
    Subject.PROJET: "projet:page",
}


@dataclass(frozen=True)
class Shown:
    """An entry as the page shows it, with the address of what it opens onto."""

    on: date
    kind: Kind
    title: str
    establishment: str
    path: str


def _shown(entry: Entry) -> Shown:
    path = reverse(PAGES[entry.subject], args=[entry.subject_id]) if entry.subject else ""
    return Shown(entry.on, entry.kind, entry.title, entry.establishment, path)


@post_requires(EDITORS, to="d'ajouter une réunion")
@requires(STAFF, to=TO_STAFF)
@created_once
def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        month = datetime.strptime(request.GET.get("mois", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    if request.method == "POST":
        establishment = (
            Establishment.objects.for_user(request.user)
            .filter(pk=as_id(request.POST.get("establishment")))
            .first()
        )
        try:
            held_on = date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError:
            held_on = None
        if establishment is None or held_on is None:
            messages.error(
                request, "Réunion du CVS : choisissez l'établissement et une date valide (JJ/MM/AAAA)."
            )
        else:
            add_cvs_meeting(
                establishment=establishment,
                actor=request.user,
                held_on=held_on,
                topic=request.POST.get("topic", ""),
            )
            messages.success(request, "Réunion du CVS ajoutée au calendrier.")
            return redirect(f"{request.path}?mois={held_on:%Y-%m}")
    found = entries_for(request.user)
    entries = [_shown(e) for e in found]
    weeks = [
        [(day, day.month == month.month, [e for e in entries if e.on == day]) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    feed = feed_of(request.user)
    return render(
        request,
        "calendar/calendar.html",
        {
            "weeks": weeks,
            "month": month,
            "month_label": f"{MONTHS[month.month - 1]} {month.year}",
            "previous": (month - timedelta(days=1)).replace(day=1),
            "following": (month + timedelta(days=32)).replace(day=1),
            "today": today,
            "upcoming": [_shown(e) for e in upcoming(found, today, 365)],
            "feed_url": request.build_absolute_uri(reverse("calendar:feed", args=[feed.token]))
            if feed
            else "",
            "establishments": Establishment.objects.for_user(request.user),
        },
    )


@require_POST
@requires(STAFF, to=TO_STAFF)
def feed_address(request: AuthedHttpRequest) -> HttpResponse:
    """Give the person a secret iCalendar address, or a new one (the previous one stops working)."""
    new_feed_address(user=request.user)
    messages.success(
        request, "Votre adresse d'abonnement est prête ; l'ancienne, s'il y en avait une, ne marche plus."
    )
    return redirect("calendar:page")


@login_not_required
@require_safe
def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """iCalendar feed of one user's dates, read by their calendar application with the secret address."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("Flux inconnu.")
    cal = Calendar()
    cal.add("prodid", "-//Ouvrage//Calendrier//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Ouvrage")
    stamp = timezone.now()
    for entry in entries_for(feed.user):
        event = Event()
        event.add("uid", f"{entry.key}@ouvrage")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)
        event.add("summary", f"{entry.title} – {entry.establishment}")
        event.add("categories", [entry.kind.label])
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ouvrage.ics"'
    return response
