from django.db import models


class Organisation(models.Model):
    """Organisme gestionnaire: the tenant. Every object of the application is reached through one."""

    name = models.CharField("nom", max_length=200)
    finess_juridique = models.CharField("FINESS juridique", max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    mfa_required = models.BooleanField(
        "double authentification obligatoire pour l'administration et la direction",
        default=True,
        help_text="Les autres rôles peuvent l'activer pour leur compte.",
    )

    class Meta:
        verbose_name = "organisme gestionnaire"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
