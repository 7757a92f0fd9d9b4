from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from icalendar import Calendar, Event

from ouvrage.calendar_app.entries import upcoming
from ouvrage.calendar_app.models import CalendarFeed, CvsMeeting
from ouvrage.calendar_app.selectors import entries_for
from ouvrage.core.params import as_id
from ouvrage.core.typing import AuthedHttpRequest
from ouvrage.establishments.models import Establishment

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


def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        month = datetime.strptime(request.GET.get("mois", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    if request.method == "POST":
        if not request.user.can_edit_establishments:
            raise PermissionDenied("Votre rôle ne permet pas d'ajouter une réunion.")
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
            CvsMeeting.objects.create(
                establishment=establishment, held_on=held_on, topic=request.POST.get("topic", "")[:200]
            )
            messages.success(request, "Réunion du CVS ajoutée au calendrier.")
            return redirect(f"{request.path}?mois={held_on:%Y-%m}")
    entries = entries_for(request.user)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append([(day, day.month == month.month, [e for e in entries if e.on == day]) for day in week])
    feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "calendar_app/calendar.html",
        {
            "weeks": weeks,
            "month": month,
            "month_label": f"{MONTHS[month.month - 1]} {month.year}",
            "previous": previous,
            "following": following,
            "today": today,
            "upcoming": upcoming(entries, today, 365),
            "feed_url": request.build_absolute_uri(f"/calendrier/flux/{feed.token}.ics"),
            "establishments": Establishment.objects.for_user(request.user),
        },
    )


@login_not_required
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
