from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS, Role
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import record
from ouvrage.evidence.files import Checked
from ouvrage.evidence.models import Evidence, EvidenceUse

CONTRIBUTORS = ESTABLISHMENT_EDITORS | {Role.PROFESSIONAL}


def _require(actor: Any, organisation_id: int) -> None:
    require_role(actor, organisation_id, CONTRIBUTORS, "d'ajouter ou de citer des preuves")


@transaction.atomic
def add_evidence(
    *,
    establishment: Any,
    actor: Any,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    upload: UploadedFile | None = None,
    checked: Checked | None = None,
) -> Evidence:
    """Record a piece of evidence; an uploaded file must already have been checked by content."""
    _require(actor, establishment.organisation_id)
    evidence = Evidence(
        establishment=establishment, kind=kind, title=title, text=text, url=url, created_by=actor
    )
    if upload is not None and checked is not None:
        evidence.file_name = (upload.name or "fichier")[:200]
        evidence.content_type = checked.content_type
        evidence.size = upload.size or 0
        evidence.file.save(f"{checked.extension}", upload, save=False)
    evidence.save()
    record(
        action="evidence.added",
        target=evidence,
        actor=actor,
        organisation=establishment.organisation,
        changes={"kind": kind, "title": title, "file": evidence.file_name, "url": url},
    )
    return evidence


@transaction.atomic
def cite_evidence(*, evidence: Evidence, campaign: Any, element: Any, actor: Any, cite: bool = True) -> None:
    """Cite (or stop citing) a piece of evidence for one element of a campaign."""
    _require(actor, campaign.establishment.organisation_id)
    if cite:
        _, created = EvidenceUse.objects.get_or_create(
            evidence=evidence, campaign=campaign, element=element, defaults={"created_by": actor}
        )
        changed = created
    else:
        changed = (
            EvidenceUse.objects.filter(evidence=evidence, campaign=campaign, element=element).delete()[0] > 0
        )
    if changed:
        record(
            action="evidence.cited" if cite else "evidence.uncited",
            target=evidence,
            actor=actor,
            organisation=campaign.establishment.organisation,
            changes={"campaign": campaign.pk, "element": f"{element.criterion.code} E.E. {element.rank}"},
        )
