"""Scope made explicit: an account that saw every establishment because its list was empty now says
« all establishments »; an external evaluator conducts the external evaluations of its organisation
(an administrator narrows that down); addresses are stored in their one lower-case spelling, and
each is known to django-allauth as the account's verified address."""

from django.db import migrations


def explicit(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    Campaign = apps.get_model("campaigns", "Campaign")
    for user in User.objects.all():
        changed = []
        if user.email != user.email.strip().lower():
            user.email = user.email.strip().lower()
            changed.append("email")
        if user.role == "evaluator":
            user.campaigns.set(
                Campaign.objects.filter(establishment__organisation_id=user.organisation_id, kind="external")
            )
        elif not user.establishments.exists() and not user.all_establishments:
            user.all_establishments = True
            changed.append("all_establishments")
        if changed:
            user.save(update_fields=changed)
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_scope_and_invitations"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(explicit, migrations.RunPython.noop)]
