"""`ouvrage send_reminders`: e-mail each user the dates due in 30, 7 and 1 days. Meant for cron, daily;
idempotent: a reminder already sent is never sent again."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.calendar.entries import reminders_due
from ouvrage.calendar.models import SentReminder
from ouvrage.calendar.selectors import entries_for
from ouvrage.core.formatting import counted, long_date


class Command(BaseCommand):
    help = "Envoyer les rappels d'échéances (J-30, J-7, J-1) ; sans doublon."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = 0
        for user in User.objects.filter(is_active=True, organisation__isnull=False):
            for entry, days in reminders_due(entries_for(user), today):
                try:
                    with transaction.atomic():
                        SentReminder.objects.create(user=user, key=entry.key, days_before=days)
                        send_mail(
                            f"[Ouvrage] Dans {counted(days, 'jour')} : {entry.text} – {entry.establishment}",
                            f"{entry.text}, le {long_date(entry.on)} ({entry.establishment}).",
                            None,
                            [user.email],
                        )
                except IntegrityError:
                    continue  # already sent
                sent += 1
        self.stdout.write(f"{counted(sent, 'rappel envoyé', 'rappels envoyés')}.")
