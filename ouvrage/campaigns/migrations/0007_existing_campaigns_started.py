"""Campaigns that existed before the life cycle and hold cotations were being rated: they are in
progress, with what applied to their establishment's profile today fixed as what applies to them from
now on. The others stay in preparation."""

from django.db import migrations

from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
from ouvrage.frames.applicability import Scope, SectorScope, StructureScope, exclusions


def start_existing(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Criterion = apps.get_model("frames", "Criterion")
    Rating = apps.get_model("campaigns", "Rating")
    rated = set(Rating.objects.exclude(mark="").values_list("interview__campaign_id", flat=True).distinct())
    for campaign in Campaign.objects.filter(frozen_criteria__isnull=True).select_related("establishment"):
        if campaign.pk not in rated:
            continue  # nothing graded yet: it stays in preparation
        e = campaign.establishment
        profile = Profile(Sector(e.sector), StructureKind(e.kind), frozenset(Public(p) for p in e.publics))
        applicable = [
            (pk, imperative)
            for pk, imperative, sector, structure, publics in Criterion.objects.filter(version_id=campaign.frame_version_id)
            .order_by("position")
            .values_list("pk", "imperative", "sector_scope", "structure_scope", "publics_scope")
            if not exclusions(
                profile,
                Scope(SectorScope(sector), StructureScope(structure), frozenset(Public(p) for p in publics)),
            )
        ]
        campaign.state = "in_progress"
        campaign.frozen_profile = {"sector": e.sector, "kind": e.kind, "publics": sorted(e.publics)}
        campaign.frozen_criteria = [pk for pk, _ in applicable]
        campaign.frozen_imperatives = [pk for pk, imperative in applicable if imperative]
        campaign.started_at = campaign.created_at
        campaign.save(update_fields=["state", "frozen_profile", "frozen_criteria", "frozen_imperatives", "started_at"])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_life_cycle"), ("frames", "0004_frame_mandatory")]

    operations = [migrations.RunPython(start_existing, migrations.RunPython.noop)]
