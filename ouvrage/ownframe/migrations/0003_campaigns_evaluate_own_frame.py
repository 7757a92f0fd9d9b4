"""Campaigns now name the frames they evaluate: every existing campaign of an establishment that has an
own frame evaluates it (as it did implicitly before)."""

from django.db import migrations


def name_the_own_frame(apps, schema_editor):
    OwnFrame = apps.get_model("ownframe", "OwnFrame")
    Campaign = apps.get_model("campaigns", "Campaign")
    for own in OwnFrame.objects.all():
        for campaign in Campaign.objects.filter(establishment_id=own.establishment_id):
            campaign.evaluative_versions.add(own.version_id)


class Migration(migrations.Migration):
    dependencies = [
        ("ownframe", "0002_collective_session"),
        ("campaigns", "0004_campaign_evaluative_versions"),
    ]

    operations = [migrations.RunPython(name_the_own_frame, migrations.RunPython.noop)]
