from __future__ import annotations

from typing import Any

from django.db import transaction

from ouvrage.accounts.models import ESTABLISHMENT_EDITORS
from ouvrage.accounts.permissions import require_role
from ouvrage.audit.services import diff, record
from ouvrage.projects.contents import KEYS
from ouvrage.projects.models import Projet, ProjetObjective

WHAT = "de modifier le projet d'établissement"


@transaction.atomic
def start_projet(*, establishment: Any, actor: Any) -> Projet:
    require_role(actor, establishment.organisation_id, ESTABLISHMENT_EDITORS, WHAT)
    title = "Projet de service" if establishment.kind == "service" else "Projet d'établissement"
    projet = Projet.objects.create(establishment=establishment, title=title, created_by=actor)
    record(action="projet.started", target=projet, actor=actor, organisation=establishment.organisation)
    return projet


@transaction.atomic
def save_sections(*, projet: Projet, actor: Any, texts: dict[str, str]) -> Projet:
    require_role(actor, projet.establishment.organisation_id, ESTABLISHMENT_EDITORS, WHAT)
    before = dict(projet.sections)
    projet.sections = {k: texts.get(k, "").strip() for k in KEYS if texts.get(k, "").strip()}
    projet.save(update_fields=["sections"])
    changed = sorted(k for k in set(before) | set(projet.sections) if before.get(k) != projet.sections.get(k))
    if changed:
        record(
            action="projet.sections_saved",
            target=projet,
            actor=actor,
            organisation=projet.establishment.organisation,
            changes={"sections": changed},
        )
    return projet


@transaction.atomic
def save_life(*, projet: Projet, actor: Any, data: dict[str, Any], sessions: list[Any]) -> Projet:
    require_role(actor, projet.establishment.organisation_id, ESTABLISHMENT_EDITORS, WHAT)
    before = {k: str(getattr(projet, k)) for k in data}
    for key, value in data.items():
        setattr(projet, key, value)
    projet.save()
    projet.sessions.set(sessions)
    changes = diff(before, {k: str(getattr(projet, k)) for k in data})
    if changes:
        record(
            action="projet.updated",
            target=projet,
            actor=actor,
            organisation=projet.establishment.organisation,
            changes=changes,
        )
    return projet


@transaction.atomic
def add_objective(
    *, projet: Projet, actor: Any, text: str, criteria: list[Any], actions: list[Any]
) -> ProjetObjective:
    require_role(actor, projet.establishment.organisation_id, ESTABLISHMENT_EDITORS, WHAT)
    objective = ProjetObjective.objects.create(projet=projet, text=text.strip())
    objective.criteria.set(criteria)
    objective.actions.set(actions)
    record(
        action="projet.objective_added",
        target=projet,
        actor=actor,
        organisation=projet.establishment.organisation,
        changes={"objective": text.strip()[:200]},
    )
    return objective


@transaction.atomic
def new_version(*, projet: Projet, actor: Any) -> Projet:
    """Start the next version from this one (contents and objectives copied; life cycle starts over)."""
    require_role(actor, projet.establishment.organisation_id, ESTABLISHMENT_EDITORS, WHAT)
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
        action="projet.new_version",
        target=following,
        actor=actor,
        organisation=projet.establishment.organisation,
        changes={"from_version": projet.version},
    )
    return following
