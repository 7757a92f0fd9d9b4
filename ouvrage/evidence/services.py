from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.lifecycle import ensure_editable
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.files import Checked
from ouvrage.evidence.models import Evidence, EvidenceUse, ProofLink

if TYPE_CHECKING:
    from ouvrage.campaigns.models import Campaign
    from ouvrage.frames.models import Element, Proof

TO_CONTRIBUTE = "d'ajouter ou de citer des preuves"


@transaction.atomic
def add_evidence(
    *,
    establishment: Establishment,
    actor: User,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    upload: UploadedFile | None = None,
    checked: Checked | None = None,
) -> Evidence:
    """Record a piece of evidence; an uploaded file must already have been checked by content."""
    require_role(actor, CONTRIBUTORS, to=TO_CONTRIBUTE, organisation_id=establishment.organisation_id)
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
        action=AuditAction.EVIDENCE_ADDED,
        target=evidence,
        actor=actor,
        organisation=establishment.organisation,
        changes={"kind": kind, "title": title, "file": evidence.file_name, "url": url},
    )
    return evidence


@transaction.atomic
def cite_evidence(
    *, evidence: Evidence, campaign: Campaign, element: Element, actor: User, cite: bool = True
) -> None:
    """Cite (or stop citing) a piece of evidence for one element of a campaign."""
    require_role(
        actor, CONTRIBUTORS, to=TO_CONTRIBUTE, organisation_id=campaign.establishment.organisation_id
    )
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
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
            action=AuditAction.EVIDENCE_CITED if cite else AuditAction.EVIDENCE_UNCITED,
            target=evidence,
            actor=actor,
            organisation=campaign.establishment.organisation,
            changes={"campaign": campaign.pk, "element": f"{element.criterion.code} E.E. {element.rank}"},
        )


@transaction.atomic
def add_and_cite(*, campaign: Campaign, element: Element, actor: User, **fields: Any) -> Evidence:
    """Record a piece of evidence from a grid (`fields` as for `add_evidence`) and cite it for the
    element, both or neither."""
    ensure_editable(campaign.lifecycle, campaign_pk=campaign.pk)
    evidence = add_evidence(establishment=campaign.establishment, actor=actor, **fields)
    cite_evidence(evidence=evidence, campaign=campaign, element=element, actor=actor)
    return evidence


@transaction.atomic
def link_proof(
    *, establishment: Establishment, proof: Proof, evidence: Evidence, actor: User, link: bool = True
) -> bool:
    """Link (or unlink) a piece of the establishment's evidence to an item the evaluator will consult;
    the link holds for every evaluation. Returns whether anything changed."""
    require_role(actor, CONTRIBUTORS, to=TO_CONTRIBUTE, organisation_id=establishment.organisation_id)
    if evidence.establishment_id != establishment.pk:
        raise ValueError("Cette preuve appartient à un autre établissement.")
    if link:
        _, changed = ProofLink.objects.get_or_create(
            establishment=establishment, proof=proof, evidence=evidence, defaults={"created_by": actor}
        )
    else:
        changed = (
            ProofLink.objects.filter(establishment=establishment, proof=proof, evidence=evidence).delete()[0]
            > 0
        )
    if changed:
        record(
            action=AuditAction.EVIDENCE_LINKED if link else AuditAction.EVIDENCE_UNLINKED,
            target=evidence,
            actor=actor,
            organisation=establishment.organisation,
            changes={"criterion": proof.criterion.code, "item": proof.rank, "text": proof.text[:200]},
        )
    return changed
