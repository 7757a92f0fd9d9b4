from __future__ import annotations

import secrets
from datetime import timedelta
from hashlib import sha256
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Administration de l'organisme"
    DIRECTION = "direction", "Direction"
    QUALITY = "quality", "Qualité"
    PROFESSIONAL = "professional", "Professionnel"
    EVALUATOR = "evaluator", "Évaluateur externe"
    READ_ONLY = "read_only", "Lecture seule"


def normalise_email(email: str) -> str:
    """One spelling of an address everywhere (sign-in, invitations, uniqueness): no surrounding
    spaces, lower case. « Qualite@Tilleuls.org » and « qualite@tilleuls.org » are one person."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Belongs to one organisation, with one role, and an explicit scope: all
    the organisation's establishments, or those listed (none listed: none at all). An external
    evaluator sees only the external evaluations they are attached to."""

    email = models.EmailField("adresse électronique", unique=True)
    full_name = models.CharField("nom complet", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisme",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.READ_ONLY)
    establishments = models.ManyToManyField(
        "establishments.Establishment",
        verbose_name="établissements",
        blank=True,
        related_name="members",
        help_text="Les établissements que la personne voit, si elle ne les voit pas tous.",
    )
    all_establishments = models.BooleanField("tous les établissements de l'organisme", default=False)
    campaigns = models.ManyToManyField(
        "campaigns.Campaign",
        verbose_name="évaluations externes",
        blank=True,
        related_name="assessors",
        help_text="Pour un évaluateur externe : les évaluations externes qu'il conduit.",
    )
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "utilisateur"
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def sees_all_establishments(self) -> bool:
        return self.role == Role.ADMIN or (self.all_establishments and self.role != Role.EVALUATOR)

    @property
    def can_edit_establishments(self) -> bool:
        return self.role in (Role.ADMIN, Role.DIRECTION, Role.QUALITY)


INVITATION_DAYS = 7


def _digest(token: str) -> str:
    return sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def usable(self) -> InvitationQuerySet:
        return self.pending().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An organisation invites a person by e-mail with a role and an explicit scope. The link holds a
    secret used once, stored only as its digest; it expires after INVITATION_DAYS days."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("adresse électronique")
    full_name = models.CharField("nom complet", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    all_establishments = models.BooleanField("tous les établissements", default=False)
    establishments = models.ManyToManyField("establishments.Establishment", blank=True, related_name="+")
    campaigns = models.ManyToManyField("campaigns.Campaign", blank=True, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        constraints = [
            # One pending invitation per address and organisation (a double click invites once).
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="invitation_pending_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation de {self.email}"

    def new_secret(self) -> str:
        """A fresh secret for the link (the previous link stops working); returns it once."""
        token = secrets.token_urlsafe(32)
        self.token_digest = _digest(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + timedelta(days=INVITATION_DAYS)
        return token

    @staticmethod
    def digest(token: str) -> str:
        return _digest(token)
