"""The progress markers of a partner or a public and their dated observations (Outcome Mapping, IDRC,
Earl, Carden & Smutylo 2001), and the criteria of work well done the team writes for itself, with
its disagreements kept and dated (Y. Clot, « Le travail à cœur », 2010).

Services: keyword-only arguments, a typed actor, one transaction, the role checked again, one entry
in the journal of changes (a criterion's former wording is kept there: it is reworded, never lost).
Selectors: each page's read model in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.audit.services import record
from ouvrage.core.charts import TimeChart, TimeSeries, marker_timeline
from ouvrage.effects.models import Disagreement, MarkerObservation, ProgressMarker, QualityCriterion
from ouvrage.effects.rules import Term, timeline, vocabulary
from ouvrage.effects.services import open_lane
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion, Objective

TO_MARKERS = "de tenir les marqueurs de progrès"
TO_QUALITY_WORK = "d'écrire les critères du travail bien fait"
NOT_FUTURE = "Choisissez une date qui n'est pas dans le futur (depuis 2000)."
# A rewording's keys in the journal (French: the journal shows the keys it has no words for as they are).
FORMER = "ancienne formulation"
REWORDED_ON = "reformulé le"


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate() or day.year < 2000:
        raise ValidationError({field: NOT_FUTURE})


def _required(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: message})
    return text


# ---------------------------------------------------------------- progress markers: services


@transaction.atomic
def add_marker(
    *,
    establishment: Establishment,
    actor: User,
    partner: str,
    level: str,
    text: str,
    objective: Objective | None = None,
    question: Criterion | None = None,
) -> ProgressMarker:
    """A marker of a partner or public, in the effects lane it speaks to if any (its criteria's pages
    then show it). A partner already named is written as it was first written (« les familles » joins
    « Les familles »)."""
    require_role(actor, CONTRIBUTORS, to=TO_MARKERS, organisation_id=establishment.organisation_id)
    name = _required(" ".join(partner.split()), "partner", "Nommez le partenaire ou le public.")[:120]
    if level not in {term.code for term in vocabulary().marker_levels}:
        raise ValidationError({"level": "Choisissez un niveau de la liste."})
    words = _required(text, "text", "Écrivez ce qu'on verrait.")
    known = {p.casefold(): p for p in partners_of(establishment)}
    name = known.get(name.casefold(), name)
    lane = open_lane(establishment, objective, question) if objective or question else None
    marker = ProgressMarker.objects.create(
        establishment=establishment, partner=name, level=level, text=words, lane=lane, created_by=actor
    )
    record(
        action=AuditAction.MARKER_ADDED,
        target=marker,
        actor=actor,
        organisation=establishment.organisation,
        changes={"partner": name, "level": level, "text": words, "lane": str(lane) if lane else ""},
    )
    return marker


@transaction.atomic
def observe_marker(
    *, marker: ProgressMarker, actor: User, observed_on: date, extent: str, note: str = ""
) -> MarkerObservation:
    """How far the marker was seen at a date (not in the future)."""
    organisation = marker.establishment.organisation
    require_role(actor, CONTRIBUTORS, to=TO_MARKERS, organisation_id=organisation.pk)
    _not_future(observed_on, "observed_on")
    if extent not in {term.code for term in vocabulary().extents}:
        raise ValidationError({"extent": "Choisissez dans la liste dans quelle mesure c'est vu."})
    observation = MarkerObservation.objects.create(
        marker=marker, observed_on=observed_on, extent=extent, note=note.strip(), created_by=actor
    )
    record(
        action=AuditAction.MARKER_OBSERVED,
        target=observation,
        actor=actor,
        organisation=organisation,
        changes={"observed_on": str(observed_on), "extent": extent, "note": observation.note[:500]},
    )
    return observation


# ---------------------------------------------------------------- work well done: services


@transaction.atomic
def write_criterion(
    *, establishment: Establishment, actor: User, text: str, written_on: date, written_by: str = ""
) -> QualityCriterion:
    require_role(actor, CONTRIBUTORS, to=TO_QUALITY_WORK, organisation_id=establishment.organisation_id)
    words = _required(text, "text", "Écrivez le critère.")
    _not_future(written_on, "written_on")
    criterion = QualityCriterion.objects.create(
        establishment=establishment,
        text=words,
        written_on=written_on,
        written_by=written_by.strip()[:200],
        created_by=actor,
    )
    record(
        action=AuditAction.QUALITY_CRITERION_WRITTEN,
        target=criterion,
        actor=actor,
        organisation=establishment.organisation,
        changes={"text": words, "written_on": str(written_on), "written_by": criterion.written_by},
    )
    return criterion


@transaction.atomic
def reword_criterion(
    *, criterion: QualityCriterion, actor: User, text: str, reworded_on: date, written_by: str = ""
) -> QualityCriterion:
    """A new wording; the former one is kept in the journal (`FORMER`) and shown under the new one."""
    stored = QualityCriterion.objects.select_for_update().select_related("establishment__organisation")
    found = stored.get(pk=criterion.pk)
    organisation = found.establishment.organisation
    require_role(actor, CONTRIBUTORS, to=TO_QUALITY_WORK, organisation_id=organisation.pk)
    words = _required(text, "text", "Écrivez la nouvelle formulation.")
    _not_future(reworded_on, "reworded_on")
    if words == found.text:
        raise ValidationError({"text": "C'est la formulation actuelle : changez-la ou laissez-la."})
    former, former_by = found.text, found.written_by
    found.text = words
    if written_by.strip():
        found.written_by = written_by.strip()[:200]
    found.save(update_fields=["text", "written_by"])
    record(
        action=AuditAction.QUALITY_CRITERION_WRITTEN,
        target=found,
        actor=actor,
        organisation=organisation,
        changes={
            FORMER: former,
            "ancienne formulation écrite par": former_by,
            "text": words,
            "written_by": found.written_by,
            REWORDED_ON: str(reworded_on),
        },
    )
    return found


@transaction.atomic
def add_disagreement(
    *, criterion: QualityCriterion, actor: User, said_on: date, text: str, outcome: str = ""
) -> Disagreement:
    """A disagreement about a criterion, dated; never deleted."""
    organisation = criterion.establishment.organisation
    require_role(actor, CONTRIBUTORS, to=TO_QUALITY_WORK, organisation_id=organisation.pk)
    _not_future(said_on, "said_on")
    words = _required(text, "text", "Écrivez le désaccord.")
    disagreement = Disagreement.objects.create(
        criterion=criterion, said_on=said_on, text=words, outcome=outcome.strip(), created_by=actor
    )
    record(
        action=AuditAction.DISAGREEMENT_RECORDED,
        target=disagreement,
        actor=actor,
        organisation=organisation,
        changes={"said_on": str(said_on), "text": words},
    )
    return disagreement


@transaction.atomic
def record_outcome(*, disagreement: Disagreement, actor: User, outcome: str) -> Disagreement:
    """What became of a disagreement (the former words, if any, kept in the journal)."""
    found = (
        Disagreement.objects.select_for_update()
        .select_related("criterion__establishment__organisation")
        .get(pk=disagreement.pk)
    )
    organisation = found.criterion.establishment.organisation
    require_role(actor, CONTRIBUTORS, to=TO_QUALITY_WORK, organisation_id=organisation.pk)
    words = _required(outcome, "outcome", "Écrivez ce qu'est devenu le désaccord.")
    former = found.outcome
    if words == former:
        return found  # nothing changed, nothing to record
    found.outcome = words
    found.save(update_fields=["outcome"])
    record(
        action=AuditAction.DISAGREEMENT_RECORDED,
        target=found,
        actor=actor,
        organisation=organisation,
        changes={"désaccord du": str(found.said_on), "outcome": words, "ce qu'il était devenu avant": former},
    )
    return found


# ---------------------------------------------------------------- selectors


def marker_for(*, establishment: Establishment, pk: int) -> ProgressMarker:
    """A marker of this establishment (found in the person's scope by the view); 404 otherwise."""
    return get_object_or_404(
        ProgressMarker.objects.filter(establishment=establishment).select_related(
            "establishment__organisation"
        ),
        pk=pk,
    )


def criterion_for(*, establishment: Establishment, pk: int) -> QualityCriterion:
    return get_object_or_404(
        QualityCriterion.objects.filter(establishment=establishment).select_related(
            "establishment__organisation"
        ),
        pk=pk,
    )


def disagreement_for(*, criterion: QualityCriterion, pk: int) -> Disagreement:
    return get_object_or_404(
        Disagreement.objects.filter(criterion=criterion).select_related(
            "criterion__establishment__organisation"
        ),
        pk=pk,
    )


def partners_of(establishment: Establishment) -> list[str]:
    """The partners and publics already named, for the form's suggestions (one query)."""
    return list(
        ProgressMarker.objects.filter(establishment=establishment)
        .order_by("partner")
        .values_list("partner", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class SeenMarker:
    """An observation with its extent in words."""

    observation: MarkerObservation
    extent: str  # « Pas encore », « Un peu »…


@dataclass(frozen=True)
class MarkerRow:
    marker: ProgressMarker
    number: int  # its name on the partner's chart: « 1 », « 2 »…
    level: Term
    observations: list[SeenMarker]  # in date order

    @property
    def latest(self) -> SeenMarker | None:
        return self.observations[-1] if self.observations else None


@dataclass(frozen=True)
class LevelMarkers:
    level: Term  # label and help text
    markers: list[MarkerRow]


@dataclass(frozen=True)
class PartnerMarkers:
    """One partner or public: its markers, by level, each with its observations in date order, and
    the chart of their observations, computed (`core.charts.TimeChart`: coordinates, drawn by the
    template `effects/markers/_chart.html`; None when nothing is observed yet) with its text
    alternative `chart_words`."""

    partner: str
    markers: list[MarkerRow]  # by level, then in the order they were written
    levels: list[LevelMarkers]  # every level of the vocabulary, in order, even without markers
    chart: TimeChart | None
    chart_words: str

    @property
    def observations(self) -> int:
        return sum(len(row.observations) for row in self.markers)

    @property
    def legend(self) -> list[tuple[TimeSeries, MarkerRow]]:
        """Each line of the chart (its colour and dash) and the marker it draws."""
        if self.chart is None:
            return []
        by_name = {str(row.number): row for row in self.markers}
        return [(s, by_name[s.name]) for s in self.chart.series if s.name in by_name]


def _partner(partner: str, markers: list[ProgressMarker]) -> PartnerMarkers:
    words = vocabulary()
    rank = {term.code: i for i, term in enumerate(words.marker_levels)}
    fallback = {term.code: term for term in words.marker_levels}
    ordered = sorted(markers, key=lambda m: (rank.get(m.level, len(rank)), m.pk))
    rows = []
    for n, marker in enumerate(ordered, start=1):
        seen = sorted(marker.observations.all(), key=lambda o: (o.observed_on, o.pk))
        rows.append(
            MarkerRow(
                marker,
                n,
                fallback.get(marker.level, Term(marker.level, marker.level)),
                [SeenMarker(o, words.label("extents", o.extent)) for o in seen],
            )
        )
    levels = [
        LevelMarkers(term, [r for r in rows if r.marker.level == term.code]) for term in words.marker_levels
    ]
    others = [r for r in rows if r.marker.level not in rank]
    if others:  # a level no longer in the vocabulary: shown under its code
        levels.append(LevelMarkers(others[0].level, others))
    extents = [term.label for term in sorted(words.extents, key=lambda t: t.value)]
    chart, chart_words = marker_timeline(
        [
            (
                str(row.number),
                [
                    (p.on, p.value)
                    for p in timeline(
                        [(s.observation.observed_on, s.observation.extent) for s in row.observations], words
                    )
                ],
            )
            for row in rows
        ],
        extents,
    )
    return PartnerMarkers(partner, rows, levels, chart, chart_words)


def markers_of(establishment: Establishment) -> list[PartnerMarkers]:
    """Every partner or public of the establishment (by name), its markers by level with their
    observations in date order, and its chart: two queries, whatever the data."""
    markers = list(
        ProgressMarker.objects.filter(establishment=establishment)
        .order_by("partner", "id")
        .select_related("lane__objective", "lane__question")
        .prefetch_related(
            Prefetch("observations", queryset=MarkerObservation.objects.order_by("observed_on", "id"))
        )
    )
    by_partner: dict[str, list[ProgressMarker]] = {}
    for marker in markers:
        by_partner.setdefault(marker.partner, []).append(marker)
    return [_partner(partner, found) for partner, found in by_partner.items()]


def marker_counts(establishment: Establishment) -> tuple[int, int]:
    """(markers, observations) of the establishment, in one query."""
    found = ProgressMarker.objects.filter(establishment=establishment).aggregate(
        markers=Count("id", distinct=True), observations=Count("observations")
    )
    return found["markers"] or 0, found["observations"] or 0


def quality_work_of(establishment: Establishment) -> list[QualityCriterion]:
    """The criteria of work well done in the order they were written, each with its disagreements in
    date order (prefetched: `criterion.disagreements.all()`); two queries."""
    return list(
        QualityCriterion.objects.filter(establishment=establishment)
        .order_by("written_on", "id")
        .prefetch_related(Prefetch("disagreements", queryset=Disagreement.objects.order_by("said_on", "id")))
    )


@dataclass(frozen=True)
class Rewording:
    on: date  # the day the team reworded it
    former: str  # the wording before


@dataclass(frozen=True)
class CriterionRow:
    criterion: QualityCriterion
    disagreements: list[Disagreement]  # date order
    rewordings: list[Rewording]  # date order: what it said before each rewording


def rewordings_of(
    establishment: Establishment, criteria: list[QualityCriterion]
) -> dict[int, list[Rewording]]:
    """The former wordings of each criterion, read from the journal (one query)."""
    found: dict[int, list[Rewording]] = {}
    if not criteria:
        return found
    events = AuditEvent.objects.filter(
        organisation_id=establishment.organisation_id,
        action=AuditAction.QUALITY_CRITERION_WRITTEN.value,
        target_type=QualityCriterion._meta.label,
        target_id__in=[str(c.pk) for c in criteria],
    ).order_by("occurred_at", "id")
    for event in events:
        changes = event.changes or {}
        if FORMER not in changes:
            continue
        try:
            on = date.fromisoformat(str(changes.get(REWORDED_ON, "")))
        except ValueError:
            on = timezone.localtime(event.occurred_at).date()
        found.setdefault(int(event.target_id), []).append(Rewording(on, str(changes[FORMER])))
    for items in found.values():
        items.sort(key=lambda r: r.on)
    return found


def quality_work_rows(establishment: Establishment) -> list[CriterionRow]:
    """The page's rows: each criterion, its disagreements and its former wordings (three queries)."""
    criteria = quality_work_of(establishment)
    former = rewordings_of(establishment, criteria)
    return [CriterionRow(c, list(c.disagreements.all()), former.get(c.pk, [])) for c in criteria]
