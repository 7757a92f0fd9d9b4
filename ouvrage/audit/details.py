"""The journal's words for what a change recorded: the kind of object, each recorded key and its
value, in French (« type : Évaluation externe ; début : 1er mars 2027 »), never the stored codes
(« kind : external ; starts_on : 2027-03-01 »).

The stored rows never change (services keep writing their keys and values as they always did): the
words are found when the journal is read, so old rows read as well as new ones. The kinds of object
and the keys are stable stored identifiers, as the actions of `actions.py` are; their words are here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from ouvrage.audit.actions import AuditAction
from ouvrage.core.formatting import date_and_time, long_date, number

# The kinds of object the journal names (stored `target_type`), where the model has no French name.
OBJECT_LABELS = {
    "ownframe.OwnFrame": "cadre propre",
    "ownframe.Need": "besoin",
    "ownframe.Value": "valeur professionnelle",
    "ownframe.CrosswalkLink": "lien avec un critère HAS",
    "ownframe.EvaluativeAnswer": "réponse de l'équipe",
    "ownframe.CollectiveSession": "séance collective",
    "surveys.EasyReadSurvey": "questionnaire facile à lire",
    "surveys.SurveyQuestion": "question d'un questionnaire",
    "surveys.SurveyResponse": "réponse à un questionnaire",
    "calendar_app.CvsMeeting": "réunion du CVS",
    "calendar_app.CalendarFeed": "adresse d'abonnement au calendrier",
    "projects.Projet": "projet d'établissement",
    "projects.ProjetObjective": "objectif du projet d'établissement",
    "reports.ReportJob": "document",
    "national.PublishedImport": "import des résultats publiés",
    "national.NationalResult": "résultats publiés",
    "frames.Objective": "objectif",
    "frames.Chapter": "chapitre",
    "frames.Theme": "thématique",
    "ouvrage.retention": "politique de conservation",
}

# The words of recorded keys that are not a field of the object, or whose field has no French name.
KEY_LABELS = {
    "campaign": "évaluation",
    "element": "élément d'évaluation",
    "criterion": "critère",
    "criteria": "critères",
    "item": "élément consulté",
    "text": "texte",
    "before": "avant",
    "judgement": "jugement de l'équipe",
    "analysis": "analyse",
    "participants": "participants",
    "frames": "cadres évalués",
    "evaluates_also": "évalue aussi",
    "sections": "parties modifiées",
    "missing": "ce qui a manqué",
    "prescription": "prescription",
    "held_on": "date",
    "topic": "ordre du jour",
    "already_held": "réunion déjà tenue, consignée après coup",
    "kind": "type",
    "title": "intitulé",
    "file": "fichier",
    "url": "adresse",
    "is_active": "compte actif",
    "sessions_ended": "sessions fermées",
    "sessions": "sessions fermées",
    "written_on": "date",
    "questions": "questions",
    "from_version": "à partir de la version",
    "objective": "objectif",
    "checksum": "empreinte",
    "counts": "effectifs",
    "elements": "éléments",
    "rows": "lignes",
    "problems": "problèmes",
    "bytes": "octets",
    "target": "cible",
    "code": "code",
    "attributes": "caractéristiques",
    "logo": "logo",
    "establishment": "établissement",
    "projet": "projet d'établissement",
    "interview": "entretien",
    "titles_completed": "libellés complétés",
    "criteria_with_elements": "critères avec leurs éléments",
    "elements_written": "éléments écrits",
    "unmatched_rows": "lignes non rapprochées",
    "people_anonymised": "personnes accompagnées anonymisées",
    "history_deleted": "entrées d'historique supprimées",
    "sign_in_traces_deleted": "traces de connexion supprimées",
    "sessions_deleted": "sessions expirées supprimées",
    "documents_deleted": "documents PDF supprimés",
    "receipts_deleted": "accusés de cotations envoyées supprimés",
    "form_tokens_deleted": "jetons de formulaires déjà reçus supprimés",
    "answer_sources_cleared": "empreintes d'adresse des réponses effacées",
    "files_deleted": "fichiers supprimés",
    "from_work_gap": "depuis l'écart du journal du travail réel",
    "from_session": "depuis la séance collective",
    "created_at": "créé le",
    "updated_at": "modifié le",
    # what a frame version holds, and what an update did to its elements (frames.update.Fate)
    "chapters": "chapitres",
    "themes": "thématiques",
    "objectives": "objectifs",
    "generic": "génériques",
    "specific": "spécifiques",
    "imperatives": "impératifs",
    "complete_titles": "libellés complets",
    "titled_objectives": "objectifs avec leur intitulé",
    "proofs": "éléments consultés",
    "references": "références",
    "elements_with_target": "éléments avec une cible",
    "unchanged": "inchangés",
    "reworded": "reformulés",
    "retargeted": "cibles changées",
    "provisional_replaced": "provisoires remplacés",
    "retired": "mis de côté",
    "deleted": "supprimés",
    "added": "ajoutés",
}
# Keys that speak of another object than the changed one, in some actions.
ACTION_KEY_LABELS = {
    (AuditAction.EVIDENCE_LINKED.value, "text"): "ce que l'évaluateur consultera",
    (AuditAction.EVIDENCE_UNLINKED.value, "text"): "ce que l'évaluateur consultera",
}
# Keys whose value is the id of another object: « évaluation n° 2 ».
ID_KEYS = frozenset(
    {
        "campaign",
        "establishment",
        "projet",
        "interview",
        "réponse",
        "survey",
        "from_work_gap",
        "from_session",
        "item",
    }
)

# Actions whose recorded values are [before, after] pairs (audit.services.diff and the like); the
# others record plain values, where a list of two is two values, not a change.
PAIRS = frozenset(
    {
        AuditAction.ESTABLISHMENT_CREATED,
        AuditAction.ESTABLISHMENT_UPDATED,
        AuditAction.ACTION_UPDATED,
        AuditAction.PROJET_UPDATED,
        AuditAction.USER_SCOPE_CHANGED,
        AuditAction.USER_DEACTIVATED,
        AuditAction.USER_REACTIVATED,
        AuditAction.RATING_SAVED,
        AuditAction.OWN_QUESTION_SAVED,
    }
)
NOT_PAIRS = frozenset({"campaign", "element", "sessions_ended"})

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?![T:\d])")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
REPR = re.compile(r"^(\[.*\]|\{.*\})$", re.DOTALL)
EMPTY = "vide"


@dataclass(frozen=True)
class Detail:
    label: str
    text: str


def object_label(target_type: str) -> str:
    if target_type in OBJECT_LABELS:
        return OBJECT_LABELS[target_type]
    model = _model(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def details(action: str, target_type: str, changes: dict[str, Any]) -> list[Detail]:
    """Each recorded key and its value, in words."""
    model = _model(target_type)
    pairs = action in PAIRS
    created = action.endswith(".created")
    found = []
    for key, value in (changes or {}).items():
        field = _field(model, key)
        label = ACTION_KEY_LABELS.get((action, key)) or _key_label(key, field)
        if pairs and key not in NOT_PAIRS and isinstance(value, list) and len(value) == 2:
            before, after = value
            if created and _blank(before):
                text = _words(after, key, field)
            else:
                text = f"{_words(before, key, field)} → {_words(after, key, field)}"
        else:
            text = _words(value, key, field)
        found.append(Detail(label, text))
    return found


def dates_in_words(text: str) -> str:
    """ISO dates inside a stored label written as French dates (« CVS 2026-12-01 » → « CVS 1er
    décembre 2026 »): labels stored before they were written in words read as the new ones."""
    return ISO_DATE.sub(lambda m: _date_words(m.group(0)), text)


def _date_words(text: str) -> str:
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _key_label(key: str, field: models.Field | None) -> str:
    if field is not None and str(field.verbose_name) != key.replace("_", " "):
        return str(field.verbose_name)
    return KEY_LABELS.get(key, key.replace("_", " "))


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == "None" or value == [] or value == {}


def _words(value: Any, key: str, field: models.Field | None) -> str:
    if _blank(value):
        return EMPTY
    words = _hook(field, key, value)
    if words is not None:
        return words
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(_words(v, key, field) for v in value)
    if isinstance(value, dict):
        if all(_blank(v) for v in value.values()):
            return EMPTY
        return ", ".join(f"{_key_label(k, None)} : {_words(v, k, None)}" for k, v in value.items())
    if key in ID_KEYS and isinstance(value, int):
        return f"n° {value}"
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, (int, float)):
        return number(value)
    text = str(value)
    if REPR.match(text):  # a list or a dict recorded with str() by an older service
        try:
            return _words(ast.literal_eval(text), key, field)
        except (ValueError, SyntaxError):
            return text
    if isinstance(field, (models.DecimalField, models.FloatField)):
        try:
            return number(Decimal(text))
        except (InvalidOperation, ValueError):
            return text
    if ISO_MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_and_time(moment)
    return dates_in_words(text)


def _hook(field: models.Field | None, key: str, value: Any) -> str | None:
    """A model may say the words of a stored value its field cannot (a list of codes in a JSON
    field): `journal_words(key, value) -> str | None`, a static method."""
    model = getattr(field, "model", None)
    hook = getattr(model, "journal_words", None)
    return hook(key, value) if hook is not None else None
