"""What the core keeps in the database: the forms already received, so that a creation sent twice
(a double click, a retry after a network cut, five tabs) creates one thing."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Submission(models.Model):
    token = models.CharField(max_length=64, unique=True)
    # None for a form sent without one's name (« Ne pas enregistrer mon nom »): nothing kept here
    # either ties the person to what they wrote (no user, no address of what was created).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    location = models.CharField(max_length=500, blank=True)  # where the first answer led
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.token
