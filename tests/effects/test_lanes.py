"""The effects lanes (issue 20): an objective's or an own question's expected and observed effects,
recorded through the pages, scoped, journaled, shown on the HAS criterion page, the grid and the
results drill-down; the rules that say them in French, without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.audit.details import details
from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.selectors import grid_for
from ouvrage.effects.models import ExpectedEffect, Lane, ObservedEffect, ProgressMarker
from ouvrage.effects.rules import SeenEffect, effects_sentence, read_vocabulary, timeline, vocabulary
from ouvrage.effects.selectors import lanes_by_criterion
from ouvrage.effects.services import add_observed
from ouvrage.frames.models import Criterion
from ouvrage.ownframe.models import CrosswalkLink, Need
from ouvrage.ownframe.services import adopt_starter
from tests.campaigns.factories import campaign_for, interview_for
from tests.factories import EstablishmentFactory, UserFactory
from tests.helpers import visible_text

WORDS = vocabulary()


# --- rules, no database ------------------------------------------------------------------------------


def test_the_vocabularies_are_data_with_labels():
    assert [t.code for t in WORDS.marker_levels] == ["expect", "like", "love"]
    assert WORDS.label("marker_levels", "love") == "On adorerait voir"
    assert WORDS.label("perspectives", "gone") == "gone"  # a code no longer in the list shows as is
    with pytest.raises(ValueError, match="perspectives"):
        read_vocabulary('[[perspectives]]\ncode="a"\nlabel="A"\n[[perspectives]]\ncode="a"\nlabel="B"\n')


def test_the_sentence_in_french():
    assert effects_sentence([]) == "Aucun effet observé consigné"
    one = effects_sentence([SeenEffect(True, "positive", "person")])
    assert one == "1 effet observé : 1 attendu ; 1 positif ; vus par : Personnes accompagnées"
    three = effects_sentence(
        [
            SeenEffect(True, "positive", "person"),
            SeenEffect(False, "negative", "professionals"),
            SeenEffect(True, "positive", "professionals"),
        ]
    )
    assert three == (
        "3 effets observés : 2 attendus, 1 inattendu ; 2 positifs, 1 négatif ; "
        "vus par : Personnes accompagnées, Professionnels"
    )


SEEN = st.builds(
    SeenEffect,
    st.booleans(),
    st.sampled_from([t.code for t in WORDS.valences]),
    st.sampled_from([t.code for t in WORDS.perspectives]),
)


@given(st.lists(SEEN, max_size=30))
def test_the_sentence_counts_every_effect_once(effects):
    text = effects_sentence(effects)
    if not effects:
        assert text.startswith("Aucun")
        return
    assert text.startswith(f"{len(effects)} effet")
    expected = sum(e.expected for e in effects)
    if expected > 1:
        assert f"{expected} attendus" in text
    assert ("inattendu" in text) == (expected < len(effects))
    for term in WORDS.perspectives:
        assert (term.label in text) == any(e.perspective == term.code for e in effects)


@given(
    st.lists(
        st.tuples(
            st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.sampled_from(["none", "low", "medium", "high"])
        )
    )
)
def test_a_marker_timeline_has_one_point_a_day_in_order(observations):
    points = timeline(observations)
    days = [p.on for p in points]
    assert days == sorted(set(days)) and len(days) == len({on for on, _ in observations})
    assert all(0 <= p.value <= 3 for p in points)


# --- pages -------------------------------------------------------------------------------------------


def _objective(has_version):
    return has_version.objectives.order_by("position").first()


@pytest.mark.django_db
def test_a_team_records_expected_and_observed_effects(director_client, ehpad, has_version, director):
    objective = _objective(has_version)
    need = Need.objects.create(establishment=ehpad, text="Garder des liens avec le quartier")
    url = reverse("effects:objective_lane", args=[ehpad.pk, objective.pk])
    page = director_client.get(url)
    assert page.status_code == 200 and not Lane.objects.exists()  # GET never writes
    director_client.post(
        url, {"kind": "expected", "expected-text": "Sortir chaque semaine", "expected-needs": [need.pk]}
    )
    expected = ExpectedEffect.objects.get()
    assert list(expected.needs.all()) == [need]
    answer = director_client.post(
        url,
        {
            "kind": "observed",
            "once": "a" * 32,
            "observed-text": "Trois résidents vont seuls au marché",
            "observed-observed_on": "2026-10-12",
            "observed-expected": expected.pk,
            "observed-valence": "positive",
            "observed-perspective": "person",
            "observed-seen_by": "3",
            "observed-codes": "P-014, P-022",
            "observed-practices": "Accompagnement progressif par l'animatrice",
        },
    )
    assert answer.status_code == 302
    again = director_client.post(url, {"kind": "observed", "once": "a" * 32, "observed-text": "x"})
    assert again.status_code == 302 and ObservedEffect.objects.count() == 1  # a double click: one effect
    text = visible_text(director_client.get(url))
    assert "1 effet observé : 1 attendu ; 1 positif ; vus par : Personnes accompagnées" in text
    assert "12 octobre 2026" in text and "P-014, P-022" in text
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "effect.expected_added",
        "effect.observed_added",
    }


@pytest.mark.django_db
def test_names_and_future_dates_are_refused_at_the_field(director_client, ehpad, has_version):
    url = reverse("effects:objective_lane", args=[ehpad.pk, _objective(has_version).pk])
    data = {
        "kind": "observed",
        "observed-text": "Un effet",
        "observed-observed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "observed-valence": "positive",
        "observed-perspective": "person",
        "observed-seen_by": "1",
        "observed-codes": "P-014, Madame Dupont",
    }
    text = visible_text(director_client.post(url, data))
    assert "ne peut pas l'être dans le futur" in text
    assert "« Madame Dupont » n'est pas un code pseudonyme" in text
    assert not ObservedEffect.objects.exists()


@pytest.mark.django_db
def test_another_organisation_gets_404(client, ehpad, has_version, other_organisation):
    stranger = UserFactory(organisation=other_organisation, role="direction", all_establishments=True)
    client.force_login(stranger)
    url = reverse("effects:objective_lane", args=[ehpad.pk, _objective(has_version).pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("effects:home", args=[ehpad.pk])).status_code == 404


@pytest.mark.django_db
def test_a_read_only_person_reads_but_does_not_record(client, organisation, ehpad, has_version):
    reader = UserFactory(organisation=organisation, role="read_only", all_establishments=True)
    client.force_login(reader)
    url = reverse("effects:objective_lane", args=[ehpad.pk, _objective(has_version).pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "expected", "expected-text": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_criterion_page_the_grid_and_the_results_show_the_effects(
    director_client, director, ehpad, has_version
):
    campaign = campaign_for(ehpad, has_version)
    interview = interview_for(campaign)
    criterion = grid_for(interview).criteria[0].criterion
    add_observed(
        establishment=ehpad,
        actor=director,
        objective=criterion.objective,
        text="Les familles disent être mieux informées",
        observed_on=date(2026, 9, 1),
        valence="positive",
        perspective="relatives",
        seen_by=5,
    )
    page = visible_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk]))
    )
    assert "Effets consignés par l'équipe" in page and "Les familles disent être mieux informées" in page
    grid = visible_text(director_client.get(reverse("campaigns:grid", args=[campaign.pk, interview.pk])))
    # The results page reads them when the criterion is opened.
    results = visible_text(director_client.get(reverse("campaigns:results", args=[campaign.pk])))
    assert "Ce que disent les registres et le couloir des effets" in results
    opened = visible_text(
        director_client.get(
            reverse("campaigns:results_context", args=[campaign.pk, criterion.pk]), HTTP_HX_REQUEST="true"
        )
    )
    for text in (grid, opened):
        assert f"Objectif {criterion.objective.code}" in text and "vus par : Proches et familles" in text


@pytest.mark.django_db
def test_own_question_lanes_reach_the_criteria_they_are_linked_to(director, ehpad, has_version):
    own = adopt_starter(establishment=ehpad, actor=director)
    question = own.version.criteria.order_by("position").first()
    criterion = Criterion.objects.filter(version=has_version).order_by("position")[3]
    CrosswalkLink.objects.create(question=question, criterion=criterion)
    add_observed(
        establishment=ehpad,
        actor=director,
        question=question,
        text="Un effet",
        observed_on=date(2026, 9, 1),
        valence="mixed",
        perspective="professionals",
    )
    found = lanes_by_criterion(ehpad, Criterion.objects.filter(version=has_version))
    assert [s.lane.question_id for s in found[criterion.pk]] == [question.pk]


@pytest.mark.django_db
def test_lanes_by_criterion_reads_the_same_queries_with_more_data(director, ehpad, has_version):
    criteria = list(Criterion.objects.filter(version=has_version))

    def count():
        with CaptureQueriesContext(connection) as queries:
            lanes_by_criterion(ehpad, criteria)
        return len(queries)

    first = count()
    for objective in has_version.objectives.all()[:5]:
        for n in range(3):
            add_observed(
                establishment=ehpad,
                actor=director,
                objective=objective,
                text=f"Effet {n}",
                observed_on=date(2026, 9, 1 + n),
                valence="positive",
                perspective="person",
            )
    other = EstablishmentFactory(organisation=ehpad.organisation)
    add_observed(
        establishment=other,
        actor=director,
        objective=criteria[0].objective,
        text="Ailleurs",
        observed_on=date(2026, 9, 1),
        valence="positive",
        perspective="person",
    )
    assert count() == first == 3
    assert "Ailleurs" not in str(
        [e.text for lanes in lanes_by_criterion(ehpad, criteria).values() for s in lanes for e in s.observed]
    )


@pytest.mark.django_db
def test_the_journal_says_the_vocabularies_words_not_their_codes(director, ehpad, has_version):
    effect = add_observed(
        establishment=ehpad,
        actor=director,
        objective=_objective(has_version),
        text="Un effet",
        observed_on=date(2026, 9, 1),
        valence="negative",
        perspective="relatives",
    )
    event = AuditEvent.objects.get(action="effect.observed_added")
    words = " ".join(f"{d.label} {d.text}" for d in details(event.action, event.target_type, event.changes))
    assert "Négatif" in words and "Proches et familles" in words and "relatives" not in words
    assert effect.valence_label == "Négatif"


@pytest.mark.django_db
def test_a_marker_of_a_lane_and_its_observation_show_on_the_criterion_page(
    director_client, ehpad, has_version
):
    criterion = has_version.criteria.get(code="1.11.1")
    url = reverse("effects:objective_lane", args=[ehpad.pk, criterion.objective_id])
    director_client.post(
        url,
        {
            "kind": "marker",
            "marker-partner": "Les familles",
            "marker-level": "like",
            "marker-text": "Les familles viennent aux réunions de projet personnalisé",
        },
    )
    marker = ProgressMarker.objects.get()
    assert marker.lane.objective_id == criterion.objective_id
    director_client.post(
        reverse("effects:marker_observe", args=[ehpad.pk, marker.pk]),
        {"observed_on": "2026-11-03", "extent": "medium", "note": "Six familles sur dix en novembre"},
    )
    lane = visible_text(director_client.get(url))
    assert "Dernier constat le 3 novembre 2026 : Assez" in lane
    page = visible_text(
        director_client.get(reverse("frames:criterion", args=[ehpad.pk, has_version.pk, criterion.pk]))
    )
    assert "1 marqueur de progrès, dernier constat le 3 novembre 2026" in page and "— Assez" in page


@pytest.mark.django_db
def test_a_story_told_to_staff_can_belong_to_a_lane_and_shows_there(
    director_client, director, ehpad, has_version
):
    objective = _objective(has_version)
    add_observed(
        establishment=ehpad,
        actor=director,
        objective=objective,
        text="Un effet",
        observed_on=date(2026, 9, 1),
        valence="positive",
        perspective="person",
    )
    lane = Lane.objects.get()
    page = visible_text(director_client.get(reverse("effects:stories", args=[ehpad.pk])))
    assert "Objectif ou question dont il parle" in page and f"Objectif {objective.code}" in page
    director_client.post(
        reverse("effects:stories", args=[ehpad.pk]),
        {
            "told_by": "relatives",
            "domain": "relationships",
            "told_on": "2026-10-01",
            "title": "Le jeudi au jardin",
            "what_changed": "Ma mère jardine avec les autres le jeudi.",
            "for_whom": "pour ma mère",
            "why_it_matters": "Elle parle de nouveau de ses journées.",
            "consent": "on",
            "lane": lane.pk,
        },
    )
    lane_page = visible_text(
        director_client.get(reverse("effects:objective_lane", args=[ehpad.pk, objective.pk]))
    )
    assert "« Le jeudi au jardin » — Liens et vie sociale, raconté par : proches et familles" in lane_page
