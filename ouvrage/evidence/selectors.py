"""Reading evidence: what is cited where."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count
from django.shortcuts import get_object_or_404

from ouvrage.evidence.models import Evidence, EvidenceUse, ProofLink
from ouvrage.frames.applicability import applicability
from ouvrage.frames.models import Criterion, FrameVersion, Proof

if TYPE_CHECKING:
    from ouvrage.accounts.models import User
    from ouvrage.campaigns.models import Campaign
    from ouvrage.establishments.models import Establishment
    from ouvrage.frames.models import Element


def evidence_of(establishment: Establishment) -> list[Evidence]:
    return list(Evidence.objects.filter(establishment=establishment).select_related("created_by"))


def evidence_in_scope(*, user: User, pk: int) -> Evidence | None:
    return Evidence.objects.for_user(user).filter(pk=pk).first()


def cited_by_element(campaign: Campaign) -> dict[int, list[Evidence]]:
    """The evidence cited in a campaign, by element id (one query)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence"):
        found[use.element_id].append(use.evidence)
    return found


def cited_counts(campaign: Campaign) -> dict[int, int]:
    """How many pieces of evidence are cited for each element of a campaign (one query)."""
    return dict(
        EvidenceUse.objects.filter(campaign=campaign)
        .values("element_id")
        .annotate(n=Count("id"))
        .values_list("element_id", "n")
    )


def cited_by_criterion(campaign: Campaign) -> dict[int, list[Evidence]]:
    """The evidence cited in a campaign, by the criterion of the element it is cited for (one query)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    for use in EvidenceUse.objects.filter(campaign=campaign).select_related("evidence", "element"):
        found[use.element.criterion_id].append(use.evidence)
    return found


def for_element(
    *, campaign: Campaign, element: Element, citable: bool = True
) -> tuple[list[Evidence], list[Evidence]]:
    """(cited for this element, the establishment's other evidence that could be cited — none when
    the reader may not cite: an external evaluator sees only what is cited)."""
    cited = [
        u.evidence
        for u in EvidenceUse.objects.filter(campaign=campaign, element=element).select_related("evidence")
    ]
    if not citable:
        return cited, []
    available = list(
        Evidence.objects.filter(establishment=campaign.establishment).exclude(pk__in=[e.pk for e in cited])[
            :200
        ]
    )
    return cited, available


def proof_links(establishment: Establishment, proofs: list[Proof]) -> dict[int, list[Evidence]]:
    """The establishment's evidence linked to each of these items, by item id (one query)."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    for link in ProofLink.objects.filter(establishment=establishment, proof__in=proofs).select_related(
        "evidence"
    ):
        found[link.proof_id].append(link.evidence)
    return found


def proof_in_scope(
    *, establishment: Establishment, version: FrameVersion, criterion_pk: int, pk: int
) -> Proof:
    """An item of a criterion of a version the establishment's organisation sees; 404 otherwise."""
    return get_object_or_404(
        Proof.objects.select_related("criterion"),
        pk=pk,
        criterion_id=criterion_pk,
        criterion__version=version,
    )


@dataclass
class ReadinessCriterion:
    criterion: Criterion
    items: list[tuple[Proof, list[Evidence]]]

    @property
    def missing(self) -> int:
        return sum(1 for _, evidence in self.items if not evidence)


@dataclass
class ReadinessChapter:
    code: str
    title: str
    criteria: list[ReadinessCriterion] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(len(c.items) for c in self.criteria)

    @property
    def with_evidence(self) -> int:
        return self.items - sum(c.missing for c in self.criteria)


def readiness(establishment: Establishment, version: FrameVersion) -> list[ReadinessChapter]:
    """For each chapter, the applicable criteria with what the evaluator will consult and the
    establishment's evidence linked to each item (three queries whatever the size)."""
    criteria = list(version.criteria.with_hierarchy().order_by("position"))
    applicable = list(applicability(establishment.profile, criteria).applicable)
    proofs: dict[int, list[Proof]] = defaultdict(list)
    for proof in Proof.objects.filter(criterion__in=applicable).order_by("criterion_id", "rank"):
        proofs[proof.criterion_id].append(proof)
    links = proof_links(establishment, [p for ps in proofs.values() for p in ps])
    chapters: dict[str, ReadinessChapter] = {}
    for criterion in applicable:
        if not proofs.get(criterion.pk):
            continue
        chapter = criterion.objective.chapter
        chapters.setdefault(chapter.code, ReadinessChapter(chapter.code, chapter.title)).criteria.append(
            ReadinessCriterion(criterion, [(p, links.get(p.pk, [])) for p in proofs[criterion.pk]])
        )
    return list(chapters.values())
