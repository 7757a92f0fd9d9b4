"""`ouvrage purge`: apply the retention policy (ouvrage/retention/policy.py) in one transaction,
history and files included; files are deleted only once the transaction has committed."""

from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.models import Interview, Person, RatingReceipt
from ouvrage.complaints.models import Complaint
from ouvrage.core.models import Submission
from ouvrage.documents.models import ReportJob
from ouvrage.effects.models import ChangeStory, ObservedEffect
from ouvrage.evidence.models import Evidence
from ouvrage.incidents.models import AdverseEvent
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.retention.policy import Retention, last_contact
from ouvrage.safeguarding.models import Signal
from ouvrage.surveys.models import SurveyResponse


@dataclass
class PurgeReport:
    people_anonymised: int = 0
    history_deleted: int = 0
    sign_in_traces_deleted: int = 0
    sessions_deleted: int = 0
    documents_deleted: int = 0
    receipts_deleted: int = 0
    form_tokens_deleted: int = 0
    answer_sources_cleared: int = 0
    complaint_sources_cleared: int = 0
    register_codes_replaced: int = 0
    files_deleted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Personnes accompagnées anonymisées : {self.people_anonymised}",
            f"Entrées d'historique supprimées : {self.history_deleted}",
            f"Traces de connexion supprimées : {self.sign_in_traces_deleted}",
            f"Sessions expirées supprimées : {self.sessions_deleted}",
            f"Documents PDF supprimés : {self.documents_deleted}",
            f"Accusés de cotations envoyées supprimés : {self.receipts_deleted}",
            f"Jetons de formulaires déjà reçus supprimés : {self.form_tokens_deleted}",
            f"Empreintes d'adresse des réponses aux questionnaires effacées : {self.answer_sources_cleared}",
            f"Empreintes d'adresse des réclamations reçues par lien public effacées : {self.complaint_sources_cleared}",
            f"Codes de personnes anonymisées remplacés dans les registres : {self.register_codes_replaced}",
            f"Fichiers supprimés : {len(self.files_deleted)}",
        ]


def _people(policy: Retention, today: date, report: PurgeReport) -> None:

    people = Person.objects.exclude(code__startswith="ANON-").annotate(
        last_interview=Max("interviews__scheduled_on"), last_campaign=Max("interviews__campaign__ends_on")
    )
    for person in people:
        contact = last_contact(
            created_on=timezone.localdate(person.created_at),
            interview_days=[person.last_interview],
            campaign_ends=[person.last_campaign] if person.last_campaign else [],
        )
        if not policy.person_expired(contact, today):
            continue
        old_code, new_code = person.code, f"ANON-{person.pk}"
        interviews = list(Interview.objects.filter(person=person))
        for interview in interviews:
            if old_code in interview.title:
                interview.title = interview.title.replace(old_code, new_code)
                interview.save(update_fields=["title"])
        person.code, person.attributes = new_code, {}
        person.save(update_fields=["code", "attributes"])
        # The collective sessions of the establishment that named them among those present.
        named = re.compile(rf"(?<![\w-]){re.escape(old_code)}(?![\w-])")
        for session in CollectiveSession.objects.filter(
            establishment_id=person.establishment_id, codes__contains=old_code
        ):
            session.codes = named.sub(new_code, session.codes)
            session.save(update_fields=["codes"])
        # The effects observed among them, and the stories told about them (issue 20).
        for effect in ObservedEffect.objects.filter(
            lane__establishment_id=person.establishment_id, codes__contains=old_code
        ):
            effect.codes = named.sub(new_code, effect.codes)
            effect.save(update_fields=["codes"])
            report.register_codes_replaced += 1
        report.register_codes_replaced += ChangeStory.objects.filter(
            establishment_id=person.establishment_id, person_code=old_code
        ).update(person_code=new_code)
        # The registers that name them by their code (adverse events, complaints, maltreatment
        # signals) keep their records, with the anonymous code (docs/retention.md).
        for register in (AdverseEvent, Complaint, Signal):
            report.register_codes_replaced += register.objects.filter(
                establishment_id=person.establishment_id, person_code=old_code
            ).update(person_code=new_code)
        # Their history goes with them: the events about the person and their interviews.
        deleted, _ = AuditEvent.objects.filter(
            target_type="campaigns.Person", target_id=str(person.pk)
        ).delete()
        deleted_interviews, _ = AuditEvent.objects.filter(
            target_type="campaigns.Interview", target_id__in=[str(i.pk) for i in interviews]
        ).delete()
        report.history_deleted += deleted + deleted_interviews
        report.people_anonymised += 1


def _documents(policy: Retention, today: date, report: PurgeReport) -> None:

    old = ReportJob.objects.filter(created_at__date__lt=policy.cutoff(policy.documents, today))
    for job in old:
        if job.file:
            report.files_deleted.append(job.file.name)
    report.documents_deleted = old.delete()[0]


def _orphan_files(report: PurgeReport, min_age_seconds: float = 24 * 3600) -> None:
    """Files no row refers to (left by a process killed while writing), older than a day."""

    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return
    known = set(Evidence.objects.exclude(file="").values_list("file", flat=True))
    known |= set(ReportJob.objects.exclude(file="").values_list("file", flat=True))
    now = time.time()
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in known and now - path.stat().st_mtime > min_age_seconds:
            report.files_deleted.append(name)


def _delete_files(names: list[str]) -> None:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.remove(root / name)


def purge(*, today: date, policy: Retention | None = None, dry_run: bool = False) -> PurgeReport:
    """Everything past its retention, in one transaction; `dry_run` says what would go and keeps it."""

    policy = policy or Retention()
    report = PurgeReport()
    with transaction.atomic():
        _people(policy, today, report)
        history_cutoff = policy.cutoff(policy.history, today)
        report.history_deleted += AuditEvent.objects.filter(occurred_at__date__lt=history_cutoff).delete()[0]
        traces_cutoff = policy.cutoff(policy.sign_in_traces, today)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            report.sign_in_traces_deleted += model.objects.filter(
                attempt_time__date__lt=traces_cutoff
            ).delete()[0]
        report.sessions_deleted = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
        _documents(policy, today, report)
        report.receipts_deleted = RatingReceipt.objects.filter(
            created_at__date__lt=policy.cutoff(policy.receipts, today)
        ).delete()[0]
        report.form_tokens_deleted = Submission.objects.filter(
            created_at__date__lt=policy.cutoff(policy.form_tokens, today)
        ).delete()[0]
        report.answer_sources_cleared = (
            SurveyResponse.objects.filter(submitted_at__date__lt=policy.cutoff(policy.answer_sources, today))
            .exclude(source="")
            .update(source="")
        )
        report.complaint_sources_cleared = (
            Complaint.objects.filter(created_at__date__lt=policy.cutoff(policy.answer_sources, today))
            .exclude(source="")
            .update(source="")
        )
        _orphan_files(report)
        if dry_run:
            transaction.set_rollback(True)
            return report
        summary: dict[str, Any] = {k: v for k, v in vars(report).items() if k != "files_deleted"}
        summary["files_deleted"] = len(report.files_deleted)
        AuditEvent.objects.create(
            actor_label="système (purge)",
            action=AuditAction.RETENTION_PURGED.value,
            target_type="ouvrage.retention",
            target_label="Politique de conservation",
            changes=summary,
        )
        files = list(report.files_deleted)
        transaction.on_commit(lambda: _delete_files(files))
    return report
