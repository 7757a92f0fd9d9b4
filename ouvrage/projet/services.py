from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import EDITORS, require_role
from ouvrage.actions.models import Action
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import diff, record
from ouvrage.establishments.models import Establishment
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.projet.contents import KEYS
from ouvrage.projet.models import Projet, ProjetObjective
from ouvrage.projet.rules import adoption_problem

WHAT = "de modifier le projet d'établissement"


@transaction.atomic
def start_projet(*, establishment: Establishment, actor: User) -> Projet:
    require_role(actor, EDITORS, to=WHAT, organisation_id=establishment.organisation_id)
    title = "Projet de service" if establishment.kind == "service" else "Projet d'établissement"
    projet = Projet.objects.create(establishment=establishment, title=title, created_by=actor)
    record(
        action=AuditAction.PROJET_STARTED, target=projet, actor=actor, organisation=establishment.organisation
    )
    return projet


@transaction.atomic
def save_sections(*, projet: Projet, actor: User, texts: dict[str, str]) -> Projet:
    require_role(actor, EDITORS, to=WHAT, organisation_id=projet.establishment.organisation_id)
    before = dict(projet.sections)
    projet.sections = {k: texts.get(k, "").strip() for k in KEYS if texts.get(k, "").strip()}
    projet.save(update_fields=["sections"])
    changed = sorted(k for k in set(before) | set(projet.sections) if before.get(k) != projet.sections.get(k))
    if changed:
        record(
            action=AuditAction.PROJET_SECTIONS_SAVED,
            target=projet,
            actor=actor,
            organisation=projet.establishment.organisation,
            changes={"sections": changed},
        )
    return projet


@transaction.atomic
def save_life(
    *, projet: Projet, actor: User, data: dict[str, Any], sessions: list[CollectiveSession]
) -> Projet:
    """The projet's steps: elaboration sessions, CVS consultation and opinion, adoption, transmission.
    Refused (ValidationError, in French) when the dates break the law's order."""
    require_role(actor, EDITORS, to=WHAT, organisation_id=projet.establishment.organisation_id)
    problem = adoption_problem(
        cvs_consulted_on=data.get("cvs_consulted_on"), adopted_on=data.get("adopted_on")
    )
    if problem:
        raise ValidationError(problem)
    before = {k: str(getattr(projet, k)) for k in data}
    for key, value in data.items():
        setattr(projet, key, value)
    projet.save()
    projet.sessions.set(sessions)
    changes = diff(before, {k: str(getattr(projet, k)) for k in data})
    if changes:
        record(
            action=AuditAction.PROJET_UPDATED,
            target=projet,
            actor=actor,
            organisation=projet.establishment.organisation,
            changes=changes,
        )
    return projet


@transaction.atomic
def add_objective(
    *, projet: Projet, actor: User, text: str, criteria: list[Criterion], actions: list[Action]
) -> ProjetObjective:
    require_role(actor, EDITORS, to=WHAT, organisation_id=projet.establishment.organisation_id)
    objective = ProjetObjective.objects.create(projet=projet, text=text.strip())
    objective.criteria.set(criteria)
    objective.actions.set(actions)
    record(
        action=AuditAction.PROJET_OBJECTIVE_ADDED,
        target=projet,
        actor=actor,
        organisation=projet.establishment.organisation,
        changes={"objective": text.strip()[:200]},
    )
    return objective


@transaction.atomic
def new_version(*, projet: Projet, actor: User) -> Projet:
    """Start the next version from this one (contents and objectives copied; life cycle starts over)."""
    require_role(actor, EDITORS, to=WHAT, organisation_id=projet.establishment.organisation_id)
    latest = Projet.objects.filter(establishment=projet.establishment).order_by("-version").first()
    following = Projet.objects.create(
        establishment=projet.establishment,
        version=(latest.version if latest else projet.version) + 1,
        title=projet.title,
        sections=dict(projet.sections),
        created_by=actor,
    )
    for objective in projet.objectives.prefetch_related("criteria", "actions"):
        copy = ProjetObjective.objects.create(projet=following, text=objective.text)
        copy.criteria.set(objective.criteria.all())
        copy.actions.set(objective.actions.all())
    record(
        action=AuditAction.PROJET_NEW_VERSION,
        target=following,
        actor=actor,
        organisation=projet.establishment.organisation,
        changes={"from_version": projet.version},
    )
    return following
