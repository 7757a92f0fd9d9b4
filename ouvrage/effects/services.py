"""The effects lanes' services: open a lane on first write, add an expected effect, record an observed
one, remove one. Keyword-only arguments, the acting user, one transaction, the role checked again,
every change journaled. (Stories: `stories.py`; markers and work well done: `markers.py`.)"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.services import record
from ouvrage.campaigns.rules import is_person_code
from ouvrage.effects.models import ExpectedEffect, Lane, ObservedEffect
from ouvrage.effects.rules import vocabulary
from ouvrage.establishments.models import Establishment
from ouvrage.evidence.models import Evidence
from ouvrage.frames.models import Criterion, Objective
from ouvrage.ownframe.models import Mission, Need

TO_RECORD = "de consigner des effets"


def person_codes(text: str) -> list[str]:
    """The pseudonymous codes of a comma-separated list; a name (or anything not shaped as a code) is
    refused with the word that is wrong."""
    codes = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    for code in codes:
        if not is_person_code(code):
            raise ValidationError(
                {"codes": f"« {code[:40]} » n'est pas un code pseudonyme (ex. P-014) : pas de nom ici."}
            )
    return codes


def open_lane(establishment: Establishment, objective: Objective | None, question: Criterion | None) -> Lane:
    """The lane of an objective or a question, opened by the first thing written in it (call it inside
    the writing service's transaction)."""
    if (objective is None) == (question is None):
        raise ValueError("a lane is for one objective or one question")
    lane, _ = Lane.objects.get_or_create(establishment=establishment, objective=objective, question=question)
    return lane


def _check(actor: User, establishment: Establishment) -> None:
    require_role(actor, CONTRIBUTORS, to=TO_RECORD, organisation_id=establishment.organisation_id)


@transaction.atomic
def add_expected(
    *,
    establishment: Establishment,
    actor: User,
    objective: Objective | None = None,
    question: Criterion | None = None,
    text: str,
    needs: Iterable[Need] = (),
    missions: Iterable[Mission] = (),
) -> ExpectedEffect:
    """An effect the work is expected to have for the people, tied to their needs and the missions."""
    _check(actor, establishment)
    needs, missions = list(needs), list(missions)
    if any(n.establishment_id != establishment.pk for n in needs) or any(
        m.establishment_id != establishment.pk for m in missions
    ):
        raise ValidationError("Ce besoin ou cette mission n'est pas celui de l'établissement.")
    lane = open_lane(establishment, objective, question)
    effect = ExpectedEffect.objects.create(lane=lane, text=text.strip(), created_by=actor)
    effect.needs.set(needs)
    effect.missions.set(missions)
    record(
        action=AuditAction.EFFECT_EXPECTED_ADDED,
        target=effect,
        actor=actor,
        organisation=establishment.organisation,
        changes={"lane": str(lane), "text": effect.text, "needs": len(needs), "missions": len(missions)},
    )
    return effect


@transaction.atomic
def add_observed(
    *,
    establishment: Establishment,
    actor: User,
    objective: Objective | None = None,
    question: Criterion | None = None,
    text: str,
    observed_on: date,
    valence: str,
    perspective: str,
    expected: ExpectedEffect | None = None,
    seen_by: int = 0,
    codes: str = "",
    practices: str = "",
    evidence: Iterable[Evidence] = (),
) -> ObservedEffect:
    """An effect seen, expected or not, positive or negative, from one perspective."""
    _check(actor, establishment)
    words = vocabulary()
    problems: dict[str, str] = {}
    if observed_on > timezone.localdate():
        problems["observed_on"] = "Un effet observé ne peut pas l'être dans le futur : vérifiez la date."
    if valence not in dict(words.choices("valences")):
        problems["valence"] = "Choisissez le sens de l'effet : positif, négatif ou contrasté."
    if perspective not in dict(words.choices("perspectives")):
        problems["perspective"] = "Choisissez de quel point de vue l'effet a été vu."
    if problems:
        raise ValidationError(problems)
    listed = person_codes(codes)
    evidence = list(evidence)
    if any(e.establishment_id != establishment.pk for e in evidence):
        raise ValidationError({"evidence": "Cette preuve n'est pas une preuve de l'établissement."})
    lane = open_lane(establishment, objective, question)
    if expected is not None and expected.lane_id != lane.pk:
        raise ValidationError({"expected": "Cet effet attendu n'est pas celui de ce couloir."})
    effect = ObservedEffect.objects.create(
        lane=lane,
        text=text.strip(),
        observed_on=observed_on,
        expected=expected,
        valence=valence,
        perspective=perspective,
        seen_by=seen_by,
        codes=", ".join(listed),
        practices=practices.strip(),
        created_by=actor,
    )
    effect.evidence.set(evidence)
    record(
        action=AuditAction.EFFECT_OBSERVED_ADDED,
        target=effect,
        actor=actor,
        organisation=establishment.organisation,
        changes={
            "lane": str(lane),
            "text": effect.text,
            "observed_on": observed_on.isoformat(),
            "expected": expected.pk if expected else None,
            "valence": valence,
            "perspective": perspective,
            "seen_by": seen_by,
            "codes": effect.codes,
        },
    )
    return effect


@transaction.atomic
def remove_effect(*, establishment: Establishment, actor: User, effect: Any) -> None:
    """Take back an expected or observed effect recorded by mistake (the journal keeps its words)."""
    _check(actor, establishment)
    if effect.lane.establishment_id != establishment.pk:
        raise ValidationError("Cet effet n'est pas celui de l'établissement.")
    record(
        action=AuditAction.EFFECT_REMOVED,
        target=effect,
        actor=actor,
        organisation=establishment.organisation,
        changes={"lane": str(effect.lane), "text": effect.text, "kind": type(effect).__name__},
    )
    effect.delete()
