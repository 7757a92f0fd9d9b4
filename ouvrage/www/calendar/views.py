from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
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
from ouvrage.core.formatting import month_year
from ouvrage.establishments.models import Establishment
from ouvrage.www.calendar.forms import CvsMeetingForm
from ouvrage.www.once import created_once
from ouvrage.www.permissions import TO_STAFF
from ouvrage.www.typing import AuthedHttpRequest

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
    text: str
    establishment: str
    path: str
    establishment_id: int = 0


def shown_entry(entry: Entry) -> Shown:
    if entry.subject is Subject.INTERVIEW:
        path = reverse("campaigns:grid", args=[entry.campaign_id, entry.subject_id])
    elif entry.subject is Subject.QUALITY_DOCUMENT:
        path = reverse("qualitydocs:detail", args=[entry.establishment_id, entry.subject_id])
    elif entry.subject:
        path = reverse(PAGES[entry.subject], args=[entry.subject_id])
    else:
        path = ""
    return Shown(entry.on, entry.kind, entry.text, entry.establishment, path, entry.establishment_id)


@post_requires(EDITORS, to="d'ajouter une réunion")
@requires(STAFF, to=TO_STAFF)
@created_once
def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        month = datetime.strptime(request.GET.get("mois", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    form = CvsMeetingForm(
        request.POST or None, establishments=list(Establishment.objects.for_user(request.user))
    )
    if request.method == "POST" and form.is_valid():
        held_on = form.cleaned_data["held_on"]
        try:
            add_cvs_meeting(
                establishment=form.cleaned_data["establishment"],
                actor=request.user,
                held_on=held_on,
                topic=form.cleaned_data["topic"],
                already_held=form.cleaned_data["already_held"],
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "Réunion du CVS consignée au calendrier."
                if form.cleaned_data["already_held"]
                else "Réunion du CVS ajoutée au calendrier.",
            )
            # An empty fragment: the browser would otherwise keep the form's « #cvs » after the redirect.
            return redirect(f"{request.path}?mois={held_on:%Y-%m}#")
    found = entries_for(request.user)
    entries = [shown_entry(e) for e in found]
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
            "month_label": month_year(month),
            "previous": (month - timedelta(days=1)).replace(day=1),
            "following": (month + timedelta(days=32)).replace(day=1),
            "today": today,
            "upcoming": [shown_entry(e) for e in upcoming(found, today, 365)],
            "feed_url": request.build_absolute_uri(reverse("calendar:feed", args=[feed.token]))
            if feed
            else "",
            "form": form,
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
        event.add("summary", f"{entry.text} – {entry.establishment}")
        event.add("categories", [entry.kind.label])
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ouvrage.ics"'
    return response
