"""The stories of change (Most Significant Change): told to staff or through the public link with
consent and without names, idempotent, flood-protected; withdrawn by the teller with everything that
held their words; selected by a collective session, one per domain, the reasons shown back to the
teller; scoped; the selectors the reports read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ouvrage.audit.models import AuditEvent
from ouvrage.core.models import Submission
from ouvrage.effects.models import ChangeStory, StorySelection
from ouvrage.effects.stories import (
    StoryRefused,
    record_story,
    select_story,
    selections_of,
    set_story_link,
    stories_of,
    story_counts,
    tell_story,
    withdraw_story,
)
from ouvrage.ownframe.models import CollectiveSession
from ouvrage.surveys.abuse import PER_HOUR
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

ONCE = "0123456789abcdef0123456789abcdef"
WORDS = "Elle choisit maintenant son heure de lever"


@pytest.fixture
def quality(organisation):
    return UserFactory(organisation=organisation, role="quality")


@pytest.fixture
def link(ehpad, quality):
    return set_story_link(establishment=ehpad, actor=quality, open_=True)


@pytest.fixture
def session(ehpad):
    return CollectiveSession.objects.create(
        establishment=ehpad, held_on=timezone.localdate(), title="Choix des récits du trimestre"
    )


def recorded(ehpad, actor, **kw):
    data = {
        "told_by": "professionals",
        "domain": "daily_life",
        "what_changed": WORDS + ", et prend son petit déjeuner à 9 h.",
        "for_whom": "pour une résidente du 2e étage",
        "why_it_matters": "Elle dit qu'elle se sent chez elle.",
        "consent": True,
        "person_code": "P-014",
    }
    return record_story(establishment=ehpad, actor=actor, **(data | kw))


def told_through(link, **kw):
    data = {
        "told_by": "relatives",
        "domain": "relationships",
        "what_changed": "Mon père mange avec les autres le midi.",
        "for_whom": "pour mon père",
        "why_it_matters": "Il parle de nouveau de ses journées.",
        "consent": True,
    }
    return tell_story(link=link, **(data | kw))


def public_data(**kw):
    return {
        "told_by": "person",
        "domain": "daily_life",
        "what_changed": "Je vais seule au jardin.",
        "for_whom": "pour moi",
        "why_it_matters": "Je me sens libre.",
        "consent": "on",
        "once": ONCE,
    } | kw


def test_no_story_is_kept_without_consent(client, ehpad, quality, link):
    with pytest.raises(StoryRefused) as refused:
        recorded(ehpad, quality, consent=False)
    assert refused.value.field == "consent"
    with pytest.raises(StoryRefused):
        told_through(link, consent=False)
    client.force_login(quality)
    page = client.post(
        reverse("effects:stories", args=[ehpad.pk]),
        {"told_by": "person", "domain": "health", "told_on": timezone.localdate().isoformat()}
        | {"what_changed": "x", "for_whom": "elle", "why_it_matters": "y"},
    )
    assert page.status_code == 400
    assert "Sans l'accord de la personne, le récit ne peut pas être gardé." in visible_text(page)
    page = Client().post(reverse("effects:tell", args=[link.token]), public_data(consent=""))
    assert page.status_code == 400 and "Cochez la case pour dire que vous êtes d'accord" in visible_text(page)
    assert not ChangeStory.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database says so too
        ChangeStory.objects.create(
            establishment=ehpad,
            told_by="person",
            domain="health",
            what_changed="x",
            for_whom="y",
            why_it_matters="z",
            consent=False,
            consent_at=timezone.now(),
            channel="staff",
            told_on=timezone.localdate(),
        )


def test_names_are_refused_as_person_code_and_warned_in_the_text(client, ehpad, quality):
    for name in ("Jean Dupont", "Dupont"):
        with pytest.raises(StoryRefused) as refused:
            recorded(ehpad, quality, person_code=name)
        assert refused.value.field == "person_code"
    client.force_login(quality)
    url = reverse("effects:stories", args=[ehpad.pk])
    data = {
        "told_by": "relatives",
        "domain": "health",
        "told_on": timezone.localdate().isoformat(),
        "what_changed": "Madame Martin dort mieux depuis qu'on a changé ses horaires.",
        "for_whom": "pour sa mère",
        "why_it_matters": "Elle est moins fatiguée.",
        "person_code": "Martin",
        "consent": "on",
    }
    page = client.post(url, data)
    assert page.status_code == 400 and "jamais le nom" in visible_text(page)
    sent = client.post(url, data | {"person_code": "P-021"}, follow=True)
    story = ChangeStory.objects.get()
    assert sent.redirect_chain[-1][0] == reverse("effects:story", args=[ehpad.pk, story.pk])
    assert "semble contenir un nom" in visible_text(sent) and "« Madame Martin »" in visible_text(sent)
    assert story.person_code == "P-021"  # kept, with the warning


def test_staff_creation_is_idempotent(client, ehpad, quality):
    client.force_login(quality)
    url = reverse("effects:stories", args=[ehpad.pk])
    data = {
        "told_by": "professionals",
        "domain": "practices",
        "told_on": timezone.localdate().isoformat(),
        "what_changed": "Nous frappons et attendons la réponse avant d'entrer.",
        "for_whom": "pour les résidents",
        "why_it_matters": "La chambre est leur chez-soi.",
        "consent": "on",
        "once": ONCE,
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302 and second.url == first.url
    assert ChangeStory.objects.count() == 1
    assert AuditEvent.objects.filter(action="story.told").count() == 1


def test_a_person_tells_through_the_link_once_and_sees_what_came_of_it(ehpad, link, quality, session):
    person = Client()
    url = reverse("effects:tell", args=[link.token])
    page = person.get(url)
    assert page.status_code == 200 and "Raconter ce qui a changé" in visible_text(page)
    assert "retirer votre récit quand vous voulez" in visible_text(page)
    sent = person.post(url, public_data())
    story = ChangeStory.objects.get()
    assert sent.status_code == 302 and sent.url == reverse("effects:my_story", args=[story.token])
    assert person.post(url, public_data()).url == sent.url  # a double submission: one story
    assert ChangeStory.objects.count() == 1
    assert story.channel == "link" and story.created_by is None and story.consent
    assert AuditEvent.objects.filter(action="story.told", actor_label="par le lien public").count() == 1
    mine = visible_text(person.get(sent.url))
    assert "Je vais seule au jardin." in mine and "pas encore été lu en séance" in mine

    select_story(
        session=session,
        story=story,
        actor=quality,
        reasons="Il montre que la liberté d'aller et venir se joue au quotidien.",
        feedback="Merci : nous avons ouvert la porte du jardin toute la journée.",
    )
    mine = visible_text(person.get(sent.url))
    assert "Votre récit a été choisi par l'équipe le" in mine
    assert "« Vie quotidienne et autonomie »" in mine
    assert "la liberté d'aller et venir se joue au quotidien" in mine
    assert "nous avons ouvert la porte du jardin" in mine


def test_the_public_form_says_what_is_missing_next_to_the_field(ehpad, link):
    page = Client().post(reverse("effects:tell", args=[link.token]), {"consent": "on"})
    text = visible_text(page)
    assert page.status_code == 400
    for said in ("Dites qui vous êtes.", "Écrivez ce qui a changé.", "Choisissez de quoi parle votre récit."):
        assert said in text
    page = Client().post(reverse("effects:tell", args=[link.token]), public_data(what_changed="a" * 10_000))
    assert "3 000 caractères au plus" in visible_text(page)
    page = Client().post(reverse("effects:tell", args=[link.token]), public_data(told_by="professionals"))
    assert page.status_code == 400  # the professionals tell theirs to the team
    assert not ChangeStory.objects.exists()


def test_withdrawal_deletes_the_story_its_selections_and_its_words(ehpad, link, quality, session):
    story = told_through(link, submission=ONCE, source="abc")
    select_story(session=session, story=story, actor=quality, reasons="Parce que les repas comptent.")
    assert AuditEvent.objects.filter(target_id=str(story.pk), target_type="effects.ChangeStory").count() == 2
    mine = reverse("effects:my_story", args=[story.token])
    refused = Client().post(mine, {})
    assert refused.status_code == 400 and "Cochez la case pour confirmer" in visible_text(refused)
    page = Client().post(mine, {"confirm": "on"})
    assert page.status_code == 200 and "Votre récit est retiré." in visible_text(page)
    assert not ChangeStory.objects.exists() and not StorySelection.objects.exists()
    assert not Submission.objects.filter(location__contains=story.token).exists()
    events = list(AuditEvent.objects.all().values("action", "target_label", "changes"))
    story_events = [e for e in events if e["action"] in {"story.told", "story.selected", "story.withdrawn"}]
    assert [e["action"] for e in story_events] == ["story.withdrawn"]
    journal = repr(events)
    for word in ("Mon père", "mange", "ses journées", "repas comptent", "pour mon père"):
        assert word not in journal
    assert Client().get(mine).status_code == 404


def test_staff_withdraw_at_the_persons_request_editors_only(client, ehpad, quality, organisation):
    story = recorded(ehpad, quality)
    professional = UserFactory(organisation=organisation, role="professional")
    with pytest.raises(PermissionDenied):
        withdraw_story(story=story, actor=professional)
    client.force_login(quality)
    url = reverse("effects:story_withdraw", args=[ehpad.pk, story.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not ChangeStory.objects.exists()
    event = AuditEvent.objects.get(action="story.withdrawn")
    assert WORDS not in repr(event.changes) + event.target_label and event.actor_id == quality.pk


def test_the_public_link_is_flood_protected(ehpad, link):
    for n in range(PER_HOUR):
        told_through(link, what_changed=f"changement {n}", source="abc")
    with pytest.raises(StoryRefused):
        told_through(link, what_changed="un de trop", source="abc")
    told_through(link, what_changed="d'une autre adresse", source="def")
    assert ChangeStory.objects.count() == PER_HOUR + 1
    assert AuditEvent.objects.filter(action="story.told", changes__has_key="en rafale").exists()
    for n in range(PER_HOUR):
        Client().post(reverse("effects:tell", args=[link.token]), public_data(once="", what_changed=f"n{n}"))
    page = Client().post(reverse("effects:tell", args=[link.token]), public_data(once=""))
    assert page.status_code == 400 and "Beaucoup de récits sont déjà arrivés d'ici" in visible_text(page)


def test_a_closed_or_renewed_link_leads_nowhere(ehpad, link, quality):
    story = told_through(link)
    old = link.token
    renewed = set_story_link(establishment=ehpad, actor=quality, open_=True, renew=True)
    assert Client().get(reverse("effects:tell", args=[old])).status_code == 404
    set_story_link(establishment=ehpad, actor=quality, open_=False)
    page = Client().get(reverse("effects:tell", args=[renewed.token]))
    assert page.status_code == 404 and "Ce lien ne mène à rien." in visible_text(page)
    assert Client().post(reverse("effects:tell", args=[renewed.token]), public_data()).status_code == 404
    assert Client().get(reverse("effects:my_story", args=[story.token])).status_code == 200  # still theirs
    assert Client().get(reverse("effects:my_story", args=["x" * 500])).status_code == 404


def test_the_link_page_draws_the_qr_code(client, ehpad, quality, link):
    client.force_login(quality)
    page = client.get(reverse("effects:story_link", args=[ehpad.pk]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert reverse("effects:tell", args=[link.token]) in page.content.decode()
    assert client.post(reverse("effects:story_link", args=[ehpad.pk]), {"open": "0"}).status_code == 302
    link.refresh_from_db()
    assert not link.is_open


def test_another_organisations_story_is_404(client, ehpad, quality, other_organisation):
    story = recorded(ehpad, quality)
    other = UserFactory(organisation=other_organisation, role="quality")
    client.force_login(other)
    assert client.get(reverse("effects:story", args=[ehpad.pk, story.pk])).status_code == 404
    theirs = EstablishmentFactory(organisation=other_organisation)
    assert client.get(reverse("effects:story", args=[theirs.pk, story.pk])).status_code == 404
    assert (
        client.post(
            reverse("effects:story_withdraw", args=[theirs.pk, story.pk]), {"confirm": "on"}
        ).status_code
        == 404
    )
    session = CollectiveSession.objects.create(establishment=theirs, held_on=timezone.localdate(), title="B")
    with pytest.raises(StoryRefused):
        select_story(session=session, story=story, actor=other, reasons="r")
    assert ChangeStory.objects.filter(pk=story.pk).exists()


def test_one_selection_per_session_and_domain_choosing_again_replaces(client, ehpad, quality, session):
    first = recorded(ehpad, quality, told_on=timezone.localdate() - timedelta(days=3))
    second = recorded(ehpad, quality, what_changed="Il se rase seul le matin.")
    other_domain = recorded(ehpad, quality, domain="health", what_changed="Elle dort mieux.")
    select_story(session=session, story=first, actor=quality, reasons="Premier choix.")
    select_story(session=session, story=other_domain, actor=quality, reasons="Santé.")
    client.force_login(quality)
    url = reverse("effects:selection", args=[ehpad.pk, session.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Premier choix." in visible_text(page)
    sent = client.post(
        url,
        {
            "domain": "daily_life",
            "daily_life-story": str(second.pk),
            "daily_life-reasons": "Il a retrouvé un geste à lui.",
            "daily_life-feedback": "Merci.",
        },
    )
    assert sent.status_code == 302
    chosen = StorySelection.objects.get(session=session, domain="daily_life")
    assert chosen.story == second and chosen.reasons == "Il a retrouvé un geste à lui."
    assert StorySelection.objects.filter(session=session).count() == 2
    replaced = AuditEvent.objects.filter(action="story.selected", changes__has_key="remplace le récit")
    assert replaced.count() == 1
    refused = client.post(url, {"domain": "daily_life", "daily_life-story": str(first.pk)})
    assert refused.status_code == 400 and "Dites pourquoi la séance a choisi ce récit." in visible_text(
        refused
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StorySelection.objects.create(session=session, story=first, domain="daily_life", reasons="x")
    # a later session does not read again what this one chose
    later = CollectiveSession.objects.create(
        establishment=ehpad, held_on=timezone.localdate(), title="Suivante"
    )
    with pytest.raises(StoryRefused):
        select_story(session=later, story=second, actor=quality, reasons="encore")
    text = visible_text(client.get(reverse("effects:selection", args=[ehpad.pk, later.pk])))
    assert "Il se rase seul" not in text and "Premier choix" not in text


def test_a_session_reads_only_stories_told_by_its_date(ehpad, quality):
    past = CollectiveSession.objects.create(establishment=ehpad, held_on=date(2026, 1, 5), title="Janvier")
    story = recorded(ehpad, quality, told_on=date(2026, 2, 1))
    with pytest.raises(StoryRefused) as refused:
        select_story(session=past, story=story, actor=quality, reasons="r")
    assert refused.value.field == "story"


def test_only_editors_select_and_contributors_tell(ehpad, organisation, session):
    professional = UserFactory(organisation=organisation, role="professional")
    story = recorded(ehpad, professional)
    with pytest.raises(PermissionDenied):
        select_story(session=session, story=story, actor=professional, reasons="r")
    with pytest.raises(PermissionDenied):
        recorded(ehpad, UserFactory(organisation=organisation, role="read_only"))


def test_the_selectors_the_reports_read(ehpad, quality, link):
    today = timezone.localdate()
    stories = [
        recorded(ehpad, quality, told_on=today - timedelta(days=10)),
        recorded(ehpad, quality, domain="health"),
        told_through(link),
    ]
    sessions = [
        CollectiveSession.objects.create(
            establishment=ehpad, held_on=today - timedelta(days=5), title="Avant"
        ),
        CollectiveSession.objects.create(establishment=ehpad, held_on=today, title="Aujourd'hui"),
    ]
    select_story(session=sessions[0], story=stories[0], actor=quality, reasons="a")
    select_story(session=sessions[1], story=stories[1], actor=quality, reasons="b")
    assert story_counts(ehpad) == {"daily_life": 1, "health": 1, "relationships": 1}
    assert list(stories_of(ehpad)) == sorted(stories, key=lambda s: (s.told_on, s.pk), reverse=True)
    with CaptureQueriesContext(connection) as queries:
        selections = selections_of(ehpad)
        _ = [(s.story.what_changed, s.session.held_on) for s in selections]
    assert len(queries) == 1 and len(selections) == 2
    assert selections[0].session_id == sessions[1].pk  # newest session first


def test_the_staff_pages_in_a_constant_number_of_queries(client, ehpad, quality, session):
    client.force_login(quality)
    urls = [
        reverse("effects:stories", args=[ehpad.pk]),
        reverse("effects:selection", args=[ehpad.pk, session.pk]),
    ]
    recorded(ehpad, quality)
    for url in urls:
        client.get(url)  # the session's first reads
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(queries))
        for domain in ("health", "pathway", "daily_life"):
            story = recorded(ehpad, quality, domain=domain)
            select_story(session=session, story=story, actor=quality, reasons="r")
    assert counts[0] == counts[1]
    recorded(ehpad, quality, title="Un récit du quotidien")
    assert "Un récit du quotidien" in visible_text(client.get(urls[0]))
    assert "Un récit du quotidien" not in visible_text(client.get(urls[0] + "?domaine=health"))
