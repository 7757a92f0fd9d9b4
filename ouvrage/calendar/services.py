"""Writing the calendar: CVS meetings, and each person's secret iCalendar address."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.calendar.entries import meeting_date_problem
from ouvrage.calendar.models import CalendarFeed, CvsMeeting, new_token
from ouvrage.establishments.models import Establishment


@transaction.atomic
def add_cvs_meeting(
    *,
    establishment: Establishment,
    actor: User,
    held_on: date,
    topic: str,
    already_held: bool = False,
    today: date | None = None,
) -> CvsMeeting:
    """A CVS meeting to come, or one already held that the person records after the fact
    (`already_held`, said explicitly); a past date without it is refused (calendar.entries)."""
    require_role(
        actor, EDITORS, to="d'ajouter une réunion du CVS", organisation_id=establishment.organisation_id
    )
    problem = meeting_date_problem(held_on, today or timezone.localdate(), already_held=already_held)
    if problem:
        raise ValidationError({"held_on": problem})
    meeting = CvsMeeting.objects.create(
        establishment=establishment, held_on=held_on, topic=topic.strip()[:200]
    )
    record(
        action=AuditAction.CVS_MEETING_ADDED,
        target=meeting,
        actor=actor,
        organisation=establishment.organisation,
        changes={"held_on": str(held_on), "topic": meeting.topic, "already_held": already_held},
    )
    return meeting


@transaction.atomic
def new_feed_address(*, user: User) -> CalendarFeed:
    """Give the person a secret iCalendar address, or a new one (the old address stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    record(action=AuditAction.CALENDAR_FEED_RENEWED, target=feed, actor=user, organisation=user.organisation)
    return feed
