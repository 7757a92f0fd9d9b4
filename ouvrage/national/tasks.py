"""Background work of the national room: the import of the published results, run by `ouvrage worker`
(django-tasks-db's worker, the same as the documents')."""

from __future__ import annotations

from django_tasks import task

from ouvrage.national.importing import run_import


@task()
def import_published(job_id: int) -> None:
    run_import(job_id)
