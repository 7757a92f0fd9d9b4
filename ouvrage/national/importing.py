"""The worker's side of an import of the published results: read the file, replace the results in one
transaction, say how far it is. Run by `ouvrage worker` (tasks.py) or the command line."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.core.problems import ProblemsFound
from ouvrage.national import columns as C
from ouvrage.national.models import ImportStatus, NationalResult, PublishedImport
from ouvrage.national.opendata import PAGE_UPLOAD, Row, count_rows, read_results
from ouvrage.national.selectors import forget_read

BATCH = 2000
# Problems kept to show on the page (the count says how many there were).
SHOWN_PROBLEMS = 50


def _result(row: Row, source: str) -> NationalResult:
    groups: dict[str, dict[str, float]] = {
        g: {} for g in ("chapters", "themes", "global_themes", "objectives", "imperatives")
    }
    for (group, key, _), value in zip(C.SCORES, row.scores, strict=True):
        if value == value:  # not NaN
            groups[group][key] = value
    return NationalResult(
        finess_geo=row.finess_geo,
        category=row.category,
        category_label=row.category_label,
        region=row.region,
        region_code=row.region_code,
        department_code=row.department_code,
        sector=row.sector,
        structure_kind=row.structure_kind,
        publics=list(row.publics) if row.publics is not None else None,
        eval_code=row.eval_code,
        eval_start=row.eval_start,
        eval_end=row.eval_end,
        multi_essms=row.multi_essms,
        evaluating_body=row.evaluating_body,
        accreditation=row.accreditation,
        mean_100=row.mean_100,
        imperative_rate=row.imperative_rate,
        letter=row.letter,
        applicable_imperatives=row.applicable_imperatives,
        imperatives_at_threshold=row.imperatives_at_threshold,
        imperatives_at_four=row.imperatives_at_four,
        objective_criteria=row.objective_criteria(),
        source_file=source,
        **groups,
    )


def _insert(results: list[NationalResult]) -> None:
    NationalResult.objects.bulk_create(results)


def _copy(results: list[NationalResult]) -> None:
    """PostgreSQL: the rows sent by COPY (psycopg), three times faster than INSERT for 21,000 rows
    of six JSON columns each; every value prepared by its Django field as an INSERT would."""
    fields = [f for f in NationalResult._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(NationalResult._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for result in results:
            copy.write_row([f.get_db_prep_save(f.pre_save(result, True), connection) for f in fields])


@transaction.atomic
def replace_results(
    *,
    rows: list[Row],
    source: str,
    progress: Callable[[int], None] | None = None,
    actor: User | None = None,
    job: PublishedImport | None = None,
) -> int:
    """Replace the published results by those of the file, all or nothing (one transaction)."""
    NationalResult.objects.all().delete()
    write = _copy if connection.vendor == "postgresql" else _insert
    for start in range(0, len(rows), BATCH):
        write([_result(r, source) for r in rows[start : start + BATCH]])
        if progress:
            progress(min(start + BATCH, len(rows)))
    record(
        action=AuditAction.NATIONAL_RESULTS_IMPORTED,
        target=job if job is not None else NationalResult(pk=0),
        actor=actor,
        organisation=job.organisation if job is not None else None,
        actor_label="" if actor is not None else "ligne de commande",
        changes={"file": source, "rows": len(rows)},
    )
    transaction.on_commit(forget_read)
    return len(rows)


def delete_file(job: PublishedImport) -> None:
    """The uploaded file is not kept once read (or refused)."""
    if job.file:
        job.file.delete(save=False)
        PublishedImport.objects.filter(pk=job.pk).update(file="")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def run_import(job_id: int) -> PublishedImport:
    """Import the job's file: its progress recorded as rows are read, then the result or the
    refused file's problems; the file deleted in every case."""
    job = PublishedImport.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job  # already done by another worker, or given up
    started = time.perf_counter()
    job.status = ImportStatus.RUNNING
    job.worker = worker_name()
    job.message = "Lecture du fichier…"
    job.save(update_fields=["status", "worker", "message", "updated_at"])
    try:
        path = job.file.path
        job.rows_total = count_rows(Path(path))
        job.save(update_fields=["rows_total", "updated_at"])

        def progress(read: int) -> None:
            job.rows_read = read
            job.save(update_fields=["rows_read", "updated_at"])

        def told(total: int) -> None:
            job.rows_total = total
            job.save(update_fields=["rows_total", "updated_at"])

        try:
            rows = read_results(Path(path), progress, limits=PAGE_UPLOAD, on_total=told)
        except ProblemsFound as found:
            job.status = ImportStatus.REFUSED
            job.problems = [
                str(p).replace(os.path.basename(path), job.file_name, 1)
                for p in found.problems[:SHOWN_PROBLEMS]
            ]
            job.problem_count = len(found.problems)
            job.message = (
                "Fichier refusé : rien n'a été enregistré, les résultats précédents restent en place."
            )
            job.finished_at = timezone.now()
            job.seconds = time.perf_counter() - started
            with transaction.atomic():
                job.save()
                record(
                    action=AuditAction.NATIONAL_IMPORT_REFUSED,
                    target=job,
                    actor=job.created_by,
                    organisation=job.organisation,
                    changes={"file": job.file_name, "problems": job.problem_count},
                )
            return job
        job.message = "Enregistrement des résultats…"
        job.save(update_fields=["message", "updated_at"])
        job.rows_imported = replace_results(rows=rows, source=job.file_name, actor=job.created_by, job=job)
    except Exception as exc:
        job.status = ImportStatus.FAILED
        job.message = f"L'import a échoué ({type(exc).__name__}) : rien n'a été enregistré. Réessayez ; si l'échec persiste, prévenez l'administrateur."[
            :300
        ]
        job.finished_at = timezone.now()
        job.save()
        raise
    finally:
        delete_file(job)
    job.status = ImportStatus.DONE
    job.message = "Import terminé."
    job.finished_at = timezone.now()
    job.seconds = time.perf_counter() - started
    job.save()
    return job
