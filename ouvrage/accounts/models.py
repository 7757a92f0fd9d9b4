from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administration de l'organisme"
    DIRECTION = "direction", "Direction"
    QUALITY = "quality", "Qualité"
    PROFESSIONAL = "professional", "Professionnel"
    EVALUATOR = "evaluator", "Évaluateur externe"
    READ_ONLY = "read_only", "Lecture seule"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Belongs to one organisation, with one role, optionally limited to
    some of its establishments (none listed = all of them)."""

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
        help_text="Laisser vide pour donner accès à tous les établissements de l'organisme.",
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

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def can_edit_establishments(self) -> bool:
        return self.role in (Role.ADMIN, Role.DIRECTION, Role.QUALITY)
