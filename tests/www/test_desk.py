"""The desk (« / »): what a person opens every morning — the evaluations under way and how complete
they are, the impératifs at risk, the interviews to run, their actions due or late, the next dates,
the real-work journal of the month — within their scope only, in a number of queries that does not
grow with the establishments."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ouvrage.actions.models import Action
from ouvrage.campaigns.models import Campaign
from ouvrage.campaigns.selectors import Summary
from ouvrage.campaigns.services import refresh_summary
from ouvrage.frames.models import Element
from ouvrage.realwork.models import WorkGap
from ouvrage.www.desk.compose import desk_for, imperatives_at_risk
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _closed_with_weak_imperative(establishment, actor, code="3.13.2", mark="2"):
    """A closed evaluation where the impératif `code` is rated `mark` on all its elements."""
    today = timezone.localdate()
    campaign = campaign_for(
        establishment,
        title="Évaluation 2025",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=300),
    )
    interview = interview_for(campaign, "audit_systeme", target="gouvernance", title="Audit de la direction")
    for element in Element.objects.filter(criterion__code=code, criterion__version=campaign.frame_version_id):
        rate(interview, element, actor, mark)
    Campaign.objects.filter(pk=campaign.pk).update(state="closed", closed_at=timezone.now())
    campaign.refresh_from_db()
    refresh_summary(campaign)
    return campaign


def _under_way(establishment, **extra):
    today = timezone.localdate()
    campaign = campaign_for(
        establishment,
        title=extra.pop("title", "Auto-évaluation 2026"),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=60),
        state="in_progress",
    )
    interview = interview_for(
        campaign, "traceur_cible", target="professionnels", title="Traceur ciblé", **extra
    )
    refresh_summary(campaign)
    return campaign, interview


def test_the_desk_says_what_is_under_way_at_risk_and_due(client, organisation, ehpad):
    today = timezone.localdate()
    quality = UserFactory(organisation=organisation, role="quality", full_name="Karim Benali")
    _closed_with_weak_imperative(ehpad, quality)
    _, interview = _under_way(ehpad, scheduled_on=today + timedelta(days=3))
    Action.objects.create(
        establishment=ehpad,
        title="Afficher la procédure de plainte",
        owner=quality,
        due_on=today - timedelta(days=2),
    )
    WorkGap.objects.create(
        establishment=ehpad,
        occurred_on=today,
        situation="…",
        prescription_kind="procedure",
        prescription="Toilette avant 9 h",
    )
    mecs = EstablishmentFactory(
        organisation=organisation, name="MECS La Passerelle", next_evaluation_due=today + timedelta(days=15)
    )
    client.force_login(quality)

    page = client.get(reverse("home:index")).content.decode()

    assert "Bonjour Karim Benali" in page
    assert "Auto-évaluation 2026" in page and "0 cotation sur" in page  # under way, and how complete
    assert "3.13.2" in page and "sous le seuil" in page and "2,00" in page  # the impératif at risk
    assert reverse("campaigns:grid", args=[interview.campaign_id, interview.pk]) in page
    assert "Afficher la procédure de plainte" in page and "en retard depuis le" in page
    assert "1 situation consignée" in page and "Toilette avant 9 h" in page
    # The MECS is due in a fortnight and nothing is under way there: said at the top, with the way.
    assert "MECS La Passerelle" in page and reverse("campaigns:create", args=[mecs.pk]) in page


def test_an_impératif_lower_now_than_at_the_last_closed_evaluation_is_shown_going_down():
    def summary(**criteria):
        return Summary(
            objectives={},
            criteria=criteria,
            letter="",
            mean_100=None,
            imperatives_at_threshold=0,
            applicable_imperatives=0,
            unmet=list(criteria),
            rated=0,
            expected=0,
            uncovered=0,
        )

    closed = summary(**{"3.13.2": "3.75", "3.12.1": "3.00", "2.2.7": "3.50"})
    current = summary(**{"3.13.2": "3.25", "3.12.1": "3.50", "2.2.7": "3.50"})
    found = imperatives_at_risk(closed, current, Decimal("3.5"))
    assert [(r.code, r.why) for r in found] == [("3.12.1", "sous le seuil"), ("3.13.2", "en baisse")]
    assert imperatives_at_risk(None, current, Decimal("3.5")) == []  # nothing to compare with


def test_an_external_evaluator_sees_only_the_interviews_of_the_evaluations_they_conduct(
    client, organisation, ehpad
):
    campaign, interview = _under_way(ehpad)
    Campaign.objects.filter(pk=campaign.pk).update(kind="external")
    other, hidden = _under_way(ehpad, title="Autre entretien")
    evaluator = UserFactory(organisation=organisation, role="evaluator")
    campaign.assessors.add(evaluator)
    client.force_login(evaluator)

    page = client.get(reverse("home:index")).content.decode()

    assert reverse("campaigns:grid", args=[campaign.pk, interview.pk]) in page
    assert reverse("campaigns:grid", args=[other.pk, hidden.pk]) not in page
    assert "Impératifs à surveiller" not in page and ehpad.name not in page.split("Entretiens à mener")[0]


def test_a_person_attached_to_one_establishment_sees_only_it(client, organisation, ehpad):
    mecs = EstablishmentFactory(organisation=organisation, name="MECS La Passerelle")
    _under_way(ehpad, title="Entretien de l'EHPAD")
    _under_way(mecs, title="Entretien de la MECS")
    person = UserFactory(organisation=organisation, role="professional", all_establishments=False)
    person.establishments.add(mecs)
    client.force_login(person)

    page = client.get(reverse("home:index")).content.decode()

    assert "Entretien de la MECS" in page
    assert "Entretien de l'EHPAD" not in page and "EHPAD A" not in page


def test_the_desk_s_queries_do_not_grow_with_the_establishments(client, organisation, ehpad):
    quality = UserFactory(organisation=organisation, role="quality")
    _closed_with_weak_imperative(ehpad, quality)
    _under_way(ehpad)
    client.force_login(quality)
    client.get(reverse("home:index"))  # caches warm, as on a running server

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home:index")).content.decode()
        return len(queries.captured_queries), page

    few, _ = count()
    for n in range(5):
        other = EstablishmentFactory(organisation=organisation, name=f"Établissement {n}")
        _closed_with_weak_imperative(other, quality)
        _under_way(other)
    many, page = count()
    assert many == few
    assert "Vos établissements" in page and page.count('class="card"') >= 6  # one card each


def test_two_establishments_of_the_same_name_each_show_their_own_next_date(organisation, director):
    """The next date of an establishment's card is found by the establishment, not by its name."""
    today = timezone.localdate()
    first = EstablishmentFactory(organisation=organisation, name="Résidence Les Lilas")
    second = EstablishmentFactory(organisation=organisation, name="Résidence Les Lilas")
    first.next_evaluation_due = today + timedelta(days=20)
    second.next_evaluation_due = today + timedelta(days=50)
    first.save()
    second.save()
    cards = {card.establishment.pk: card for card in desk_for(director, today).cards}
    assert cards[first.pk].next_date.on == today + timedelta(days=20)
    assert cards[second.pk].next_date.on == today + timedelta(days=50)
