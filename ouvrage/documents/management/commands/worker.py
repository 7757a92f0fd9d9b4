"""`ouvrage worker`: django-tasks-db's `db_worker`, after marking documents whose production was cut
short by a stop of a previous worker (crash, power cut, kill) as interrupted, so that the person
sees it and can ask again. Several workers may run, on one machine or several: a starting worker
leaves alone what a live one is producing (documents/services.recover_interrupted_jobs)."""

from __future__ import annotations

import socket
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from ouvrage.documents.services import recover_interrupted_jobs


class Command(DbWorker):
    help = "Produire les documents en arrière-plan (reprend proprement après un arrêt brutal)."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_interrupted_jobs(host=socket.gethostname())
        if recovered:
            self.stdout.write(f"{recovered} production(s) interrompue(s) par l'arrêt précédent : à relancer.")
        super().handle(*args, **options)
