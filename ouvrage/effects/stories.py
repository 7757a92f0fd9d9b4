"""The stories of change (Most Significant Change, Davies & Dart 2005): told to a professional or
through the establishment's public link, kept only with the teller's consent, read by a collective
session that selects the most significant story of each domain and says why; the selection comes
back to the teller through their own link, where they may also withdraw their story.

Services: keyword-only arguments, the acting `User` (None for a person using a public link), one
transaction, the permission checked again, one journal line. Selectors: a number of queries that
does not grow with the data.

The model keeps no form token nor address of a story sent through the public link: both are kept in
`core.Submission` (the table of form tokens, purged with them), one row per story told through the
link — `token` the form's token (a double click gives the first story back), `location`
« recit:<keyed hash of the address>:<story's token> » (what one address sent in the last hour is
counted there, as the questionnaires' rule says). A withdrawn story takes that row with it, and the
journal lines that held its words; what is left is one line saying that a story was withdrawn."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.accounts.permissions import CONTRIBUTORS, EDITORS, require_role
from ouvrage.audit.actions import AuditAction
from ouvrage.audit.models import AuditEvent
from ouvrage.audit.services import record
from ouvrage.campaigns.rules import is_person_code, likely_names
from ouvrage.core.models import Submission
from ouvrage.effects.models import ChangeStory, Lane, StoryChannel, StoryLink, StorySelection
from ouvrage.effects.rules import vocabulary
from ouvrage.establishments.models import Establishment
from ouvrage.establishments.public_links import set_public_link
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.surveys.abuse import judge

TO_TELL = "de recueillir un récit de changement"
TO_SELECT = "de choisir les récits les plus significatifs"
TO_WITHDRAW = "de retirer un récit"
TO_LINK = "de changer le lien public des récits"

# Who may tell a story through the public link (the professionals and partners tell theirs to staff).
PUBLIC_TELLERS = ("person", "relatives")
CONSENT_PROBLEM = "Sans l'accord de la personne, le récit ne peut pas être gardé."
PUBLIC_CONSENT_PROBLEM = (
    "Cochez la case pour dire que vous êtes d'accord. Sans votre accord, le récit n'est pas gardé."
)
CODE_PROBLEM = (
    "Un code pseudonyme seulement (par exemple P-014) : lettres et chiffres, au moins un chiffre, "
    "sans espace — jamais le nom."
)
REFUSED_BURST = (
    "Beaucoup de récits sont déjà arrivés d'ici en une heure : le vôtre n'a pas été gardé. "
    "Réessayez plus tard, ou racontez-le à l'équipe."
)
SOURCE_MARK = "recit"


class StoryRefused(Exception):
    """What a person sent cannot be kept; `message` says why, in French, next to `field`."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def is_story_code(code: str) -> bool:
    """A pseudonymous code (P-014, J-07): the house rule (no space, 20 characters at most) and at
    least one digit, so that a surname alone (« Dupont ») is refused too."""
    return is_person_code(code) and any(character.isdigit() for character in code)


def name_warnings(story: ChangeStory) -> list[str]:
    """Words of the story that look like a person's name after a civility (a warning, kept)."""
    return likely_names(" ".join((story.title, story.what_changed, story.for_whom, story.why_it_matters)))


def _check(*, told_by: str, domain: str, person_code: str, consent: bool, public: bool = False) -> None:
    words = vocabulary()
    tellers = PUBLIC_TELLERS if public else tuple(code for code, _ in words.choices("perspectives"))
    if told_by not in tellers:
        raise StoryRefused(
            "Dites qui raconte." if public else "Choisissez qui raconte dans la liste.", "told_by"
        )
    if domain not in dict(words.choices("domains")):
        raise StoryRefused(
            "Choisissez de quoi parle votre récit." if public else "Choisissez un domaine de la liste.",
            "domain",
        )
    if person_code and not is_story_code(person_code):
        raise StoryRefused(CODE_PROBLEM, "person_code")
    if consent is not True:
        raise StoryRefused(PUBLIC_CONSENT_PROBLEM if public else CONSENT_PROBLEM, "consent")


def _told(story: ChangeStory, *, actor: User | None, flagged: bool = False) -> None:
    words = vocabulary()
    changes = {
        "raconté par": words.label("perspectives", story.told_by),
        "domaine": words.label("domains", story.domain),
        "reçu": story.get_channel_display(),
        "raconté le": story.told_on.isoformat(),
    }
    if flagged:
        changes["en rafale"] = "oui"
    record(
        action=AuditAction.STORY_TOLD,
        target=story,
        actor=actor,
        actor_label="" if actor is not None else "par le lien public",
        organisation=story.establishment.organisation,
        changes=changes,
    )


@transaction.atomic
def record_story(
    *,
    establishment: Establishment,
    actor: User,
    told_by: str,
    domain: str,
    what_changed: str,
    for_whom: str,
    why_it_matters: str,
    consent: bool,
    title: str = "",
    person_code: str = "",
    told_on: date | None = None,
    lane: Lane | None = None,
) -> ChangeStory:
    """A story told to a professional, who writes it down with the teller's consent."""
    require_role(actor, CONTRIBUTORS, to=TO_TELL, organisation_id=establishment.organisation_id)
    person_code = person_code.strip()
    _check(told_by=told_by, domain=domain, person_code=person_code, consent=consent)
    today = timezone.localdate()
    told_on = told_on or today
    if told_on > today:
        raise StoryRefused("Un récit ne peut être raconté dans le futur.", "told_on")
    if lane is not None and lane.establishment_id != establishment.pk:
        raise StoryRefused("Cet objectif n'est pas celui de l'établissement.", "lane")
    for name, value in (
        ("what_changed", what_changed),
        ("for_whom", for_whom),
        ("why_it_matters", why_it_matters),
    ):
        if not value.strip():
            raise StoryRefused("Ce champ est obligatoire.", name)
    story = ChangeStory.objects.create(
        establishment=establishment,
        told_by=told_by,
        domain=domain,
        title=title.strip()[:120],
        what_changed=what_changed.strip(),
        for_whom=for_whom.strip()[:200],
        person_code=person_code,
        why_it_matters=why_it_matters.strip(),
        consent=True,
        consent_at=timezone.now(),
        channel=StoryChannel.STAFF,
        lane=lane,
        told_on=told_on,
        created_by=actor,
    )
    _told(story, actor=actor)
    return story


def _mark(source: str, story_token: str) -> str:
    return f"{SOURCE_MARK}:{source}:{story_token}"


@transaction.atomic
def tell_story(
    *,
    link: StoryLink,
    told_by: str,
    domain: str,
    what_changed: str,
    for_whom: str,
    why_it_matters: str,
    consent: bool,
    submission: str = "",
    source: str = "",
) -> ChangeStory:
    """A story told through the establishment's public link, without an account. The same
    `submission` (the form's token) sent twice gives back the first story; what one address sends is
    limited, a burst noted in the journal (surveys/abuse.py, the questionnaires' rule)."""
    locked = (
        StoryLink.objects.select_for_update().select_related("establishment__organisation").get(pk=link.pk)
    )
    if not locked.is_open:
        raise StoryRefused("Ce lien est fermé : le récit n'a pas été gardé.")
    if submission:
        already = Submission.objects.filter(token=submission, location__startswith=f"{SOURCE_MARK}:").first()
        if already is not None:
            story = ChangeStory.objects.filter(
                token=already.location.rsplit(":", 1)[-1], establishment_id=locked.establishment_id
            ).first()
            if story is not None:
                return story
            already.delete()  # its story was withdrawn: the form may tell a new one
    _check(told_by=told_by, domain=domain, person_code="", consent=consent, public=True)
    for name, value in (
        ("what_changed", what_changed),
        ("for_whom", for_whom),
        ("why_it_matters", why_it_matters),
    ):
        if not value.strip():
            raise StoryRefused("Écrivez quelques mots ici.", name)
    now = timezone.now()
    earlier = (
        list(
            Submission.objects.filter(
                location__startswith=f"{SOURCE_MARK}:{source}:", created_at__gte=now - timedelta(hours=1)
            ).values_list("created_at", flat=True)
        )
        if source
        else []
    )
    verdict = judge(earlier, now, shared_device=False)
    if not verdict.accepted:
        raise StoryRefused(REFUSED_BURST)
    establishment = locked.establishment
    story = ChangeStory.objects.create(
        establishment=establishment,
        told_by=told_by,
        domain=domain,
        what_changed=what_changed.strip(),
        for_whom=for_whom.strip()[:200],
        why_it_matters=why_it_matters.strip(),
        consent=True,
        consent_at=now,
        channel=StoryChannel.LINK,
        told_on=timezone.localdate(),
    )
    Submission.objects.create(
        token=submission or uuid.uuid4().hex, user=None, location=_mark(source, story.token)
    )
    _told(story, actor=None, flagged=verdict.flagged)
    return story


@transaction.atomic
def withdraw_story(*, story: ChangeStory, actor: User | None) -> None:
    """The teller withdraws their story (`actor` None: through their own link), or a member of staff
    does it at their request: the story is deleted with its selections and the journal lines that
    held its words; one line says that a story was withdrawn, without its words."""
    if actor is not None:
        require_role(actor, EDITORS, to=TO_WITHDRAW, organisation_id=story.establishment.organisation_id)
    stored = (
        ChangeStory.objects.select_for_update().select_related("establishment__organisation").get(pk=story.pk)
    )
    words = vocabulary()
    selected = stored.selections.count()
    changes = {
        "raconté par": words.label("perspectives", stored.told_by),
        "domaine": words.label("domains", stored.domain),
        "reçu": stored.get_channel_display(),
        "choisi par une séance": "oui" if selected else "non",
        "retiré": "par la personne, avec son lien"
        if actor is None
        else "par l'équipe, à la demande de la personne",
    }
    AuditEvent.objects.filter(target_type=ChangeStory._meta.label, target_id=str(stored.pk)).delete()
    Submission.objects.filter(
        location__startswith=f"{SOURCE_MARK}:", location__endswith=f":{stored.token}"
    ).delete()
    wordless = ChangeStory(pk=stored.pk, title=f"Récit n° {stored.pk} (retiré)")
    stored.delete()  # its selections with it
    record(
        action=AuditAction.STORY_WITHDRAWN,
        target=wordless,
        actor=actor,
        actor_label="" if actor is not None else "par le lien de la personne",
        organisation=stored.establishment.organisation,
        changes=changes,
    )


@transaction.atomic
def select_story(
    *, session: CollectiveSession, story: ChangeStory, actor: User, reasons: str, feedback: str = ""
) -> StorySelection:
    """The session's choice of the most significant story of the story's domain, and why. One
    choice per session and domain: choosing again replaces the first (the journal keeps both)."""
    establishment = session.establishment
    require_role(actor, EDITORS, to=TO_SELECT, organisation_id=establishment.organisation_id)
    if story.establishment_id != session.establishment_id:
        raise StoryRefused("Ce récit n'est pas celui de l'établissement.", "story")
    if story.told_on > session.held_on:
        raise StoryRefused("Ce récit a été raconté après la séance : elle n'a pas pu le lire.", "story")
    if not reasons.strip():
        raise StoryRefused("Dites pourquoi la séance a choisi ce récit.", "reasons")
    elsewhere = (
        StorySelection.objects.filter(story=story).exclude(session=session).select_related("session").first()
    )
    if elsewhere is not None:
        raise StoryRefused(
            f"Ce récit a déjà été choisi par la séance du {elsewhere.session.held_on:%d/%m/%Y}.", "story"
        )
    CollectiveSession.objects.select_for_update().filter(pk=session.pk).first()  # one choice at a time
    before = StorySelection.objects.filter(session=session, domain=story.domain).first()
    replaced = before.story_id if before is not None and before.story_id != story.pk else None
    selection, _ = StorySelection.objects.update_or_create(
        session=session,
        domain=story.domain,
        defaults={
            "story": story,
            "reasons": reasons.strip(),
            "feedback": feedback.strip(),
            "created_by": actor,
        },
    )
    changes = {
        "séance": str(session)[:200],
        "domaine": vocabulary().label("domains", story.domain),
        "pourquoi": reasons.strip()[:300],
    }
    if replaced is not None:
        changes["remplace le récit"] = f"n° {replaced}"
    elif before is not None:
        changes["raisons corrigées"] = "oui"
    record(
        action=AuditAction.STORY_SELECTED,
        target=story,
        actor=actor,
        organisation=establishment.organisation,
        changes=changes,
    )
    return selection


def set_story_link(
    *, establishment: Establishment, actor: User, open_: bool, renew: bool = False
) -> StoryLink:
    """Open (creating it the first time), close or renew the establishment's public link for stories.
    The tellers' own links stay valid."""
    link: StoryLink = set_public_link(
        StoryLink,
        establishment=establishment,
        actor=actor,
        open_=open_,
        renew=renew,
        to=TO_LINK,
        action=AuditAction.STORY_LINK_CHANGED,
    )
    return link


# --- selectors ------------------------------------------------------------------------------------


def stories_of(establishment: Establishment) -> QuerySet[ChangeStory]:
    """The establishment's stories, the latest told first."""
    return ChangeStory.objects.filter(establishment=establishment).order_by("-told_on", "-id")


def stories_with_selections(establishment: Establishment, *, domain: str = "") -> list[ChangeStory]:
    """The stories (of one domain, or all) with their selections and sessions (two queries)."""
    shown = stories_of(establishment)
    if domain:
        shown = shown.filter(domain=domain)
    return list(
        shown.prefetch_related(
            Prefetch(
                "selections",
                queryset=StorySelection.objects.select_related("session").order_by("-session__held_on"),
            )
        )
    )


def selections_of(establishment: Establishment) -> list[StorySelection]:
    """Every selection of the establishment's sessions, with its story and session, the newest
    session first (one query)."""
    return list(
        StorySelection.objects.filter(session__establishment=establishment)
        .select_related("story", "session")
        .order_by("-session__held_on", "-session_id", "domain", "id")
    )


def story_counts(establishment: Establishment) -> dict[str, int]:
    """How many stories each domain has (the domains without any are left out)."""
    counted = Counter(stories_of(establishment).values_list("domain", flat=True))
    return dict(counted)


def story_for(establishment: Establishment, pk: int) -> ChangeStory | None:
    return (
        ChangeStory.objects.filter(establishment=establishment, pk=pk)
        .select_related("establishment__organisation", "created_by")
        .prefetch_related(Prefetch("selections", queryset=StorySelection.objects.select_related("session")))
        .first()
    )


def session_for(establishment: Establishment, pk: int) -> CollectiveSession | None:
    return (
        CollectiveSession.objects.filter(establishment=establishment, pk=pk)
        .select_related("establishment")
        .first()
    )


def link_of(establishment: Establishment) -> StoryLink | None:
    return StoryLink.objects.filter(establishment=establishment).first()


def open_link(token: str) -> StoryLink | None:
    return StoryLink.objects.filter(token=token, is_open=True).select_related("establishment").first()


def told(token: str) -> ChangeStory | None:
    """The story a teller's own link leads to, with its selections (newest session first)."""
    if not token:
        return None
    return (
        ChangeStory.objects.filter(token=token)
        .select_related("establishment")
        .prefetch_related(
            Prefetch(
                "selections",
                queryset=StorySelection.objects.select_related("session").order_by("-session__held_on"),
            )
        )
        .first()
    )


def candidates_for(session: CollectiveSession) -> dict[str, list[ChangeStory]]:
    """What a session reads, by domain (the vocabulary's order; domains without a story left out):
    the stories told on or before its date that no other session has chosen yet — a story that has
    already come back to its teller with a reason does not compete again, so each round reads the new
    ones; those this session chose stay, to change the reasons."""
    chosen_elsewhere = StorySelection.objects.filter(
        session__establishment_id=session.establishment_id
    ).exclude(session=session)
    stories = (
        ChangeStory.objects.filter(establishment_id=session.establishment_id, told_on__lte=session.held_on)
        .exclude(pk__in=chosen_elsewhere.values("story_id"))
        .order_by("-told_on", "-id")
    )
    by_domain: dict[str, list[ChangeStory]] = {}
    for story in stories:
        by_domain.setdefault(story.domain, []).append(story)
    order = [code for code, _ in vocabulary().choices("domains")]
    return {
        code: by_domain[code] for code in [*order, *sorted(set(by_domain) - set(order))] if code in by_domain
    }


def selections_by_domain(session: CollectiveSession) -> dict[str, StorySelection]:
    return {
        selection.domain: selection
        for selection in StorySelection.objects.filter(session=session).select_related("story")
    }
