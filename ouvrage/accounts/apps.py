from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ouvrage.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        user_logged_in.connect(_signed_in, dispatch_uid="ouvrage.accounts.signed_in")
        post_save.connect(_address_kept, sender="accounts.User", dispatch_uid="ouvrage.accounts.address")


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The maximum life of a session counts from here (www/middleware.SessionLifetimeMiddleware)."""
    from ouvrage.accounts.security import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)


def _address_kept(sender: Any, instance: Any, created: bool, update_fields: Any, **kwargs: Any) -> None:
    """Every account has its address in django-allauth's table, verified (an administrator invited
    it, or a shell created it): the library then never writes it while a page is read."""
    if not created and update_fields is not None and "email" not in update_fields:
        return
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=instance).exclude(email=instance.email).delete()
    EmailAddress.objects.get_or_create(
        user=instance, email=instance.email, defaults={"primary": True, "verified": True}
    )
