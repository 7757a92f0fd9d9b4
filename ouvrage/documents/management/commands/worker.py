"""`ouvrage worker`: django-tasks-db's `db_worker`, after marking documents whose production was cut
short by a stop of the previous worker (crash, power cut, kill) as interrupted, so that the person
sees it and can ask again."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from ouvrage.documents.services import recover_interrupted_jobs


class Command(DbWorker):
    help = "Produire les documents en arrière-plan (reprend proprement après un arrêt brutal)."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_interrupted_jobs()
        if recovered:
            self.stdout.write(f"{recovered} production(s) interrompue(s) par l'arrêt précédent : à relancer.")
        super().handle(*args, **options)
