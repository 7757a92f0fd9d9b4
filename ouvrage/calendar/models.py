from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from ouvrage.core.formatting import long_date


class CvsMeeting(models.Model):
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.CASCADE, related_name="cvs_meetings"
    )
    held_on = models.DateField("date")
    topic = models.CharField("ordre du jour", max_length=200, blank=True)

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"CVS du {long_date(self.held_on)}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address per user, so their calendar application can read their dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self) -> str:
        return f"Flux de {self.user}"


class SentReminder(models.Model):
    """A reminder already sent: the command never sends the same one twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key", "days_before"], name="unique_reminder")]

    def __str__(self) -> str:
        return f"{self.user} {self.key} J-{self.days_before}"
