from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.national.models import NationalResult
from ouvrage.national.opendata import Row

BATCH = 2000


@transaction.atomic
def replace_results(*, rows: list[Row], source: str, progress: Callable[[int], None] | None = None) -> int:
    """Replace the published results by those of the file, all or nothing."""
    NationalResult.objects.all().delete()
    for start in range(0, len(rows), BATCH):
        NationalResult.objects.bulk_create(
            NationalResult(
                finess_geo=r.finess_geo,
                category=r.category,
                region=r.region,
                eval_end=r.eval_end,
                mean_100=r.mean_100,
                imperative_rate=r.imperative_rate,
                letter=r.letter,
                applicable_imperatives=r.applicable_imperatives,
                imperatives_at_threshold=r.imperatives_at_threshold,
                imperatives_at_four=r.imperatives_at_four,
                chapters=r.chapters,
                source_file=source,
            )
            for r in rows[start : start + BATCH]
        )
        if progress:
            progress(min(start + BATCH, len(rows)))
    record(
        action=AuditAction.NATIONAL_RESULTS_IMPORTED,
        target=NationalResult(pk=0),
        actor_label="ligne de commande",
        changes={"file": source, "rows": len(rows)},
    )
    return len(rows)
