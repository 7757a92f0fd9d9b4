"""Issue 16: an update of the HAS frame's data in place maps old elements to new ones by criterion and
rank, reports what it did, and never deletes a grade."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ouvrage.campaigns.models import Rating
from ouvrage.campaigns.selectors import grid_for, results_for
from ouvrage.frames.models import Element, FrameUpdate
from ouvrage.frames.services import import_frame_version
from ouvrage.frames.update import Fate, NewElement, OldElement, code_key, plan_elements
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.factories import UserFactory

# ---------------------------------------------------------------- the pure plan


def test_plan_matches_by_criterion_and_rank():
    old = [
        OldElement(1, "1.1.1", 1, "Texte court.", "", False),
        OldElement(2, "1.1.1", 2, "Même texte.", "personne", False),
        OldElement(6, "1.2.1", 1, "Même texte.", "", False),
        OldElement(3, "2.2.1", 1, "La personne…", "", True, referred=True),
        OldElement(4, "2.2.1", 3, "Élément disparu.", "", False, referred=True),
        OldElement(5, "2.2.1", 4, "Élément disparu non coté.", "", False),
    ]
    new = [
        NewElement("1.1.1", 1, "Texte complet du manuel.", "personne"),
        NewElement("1.1.1", 2, "Même texte.", "personne"),
        NewElement("1.2.1", 1, "Même texte.", "professionnels"),
        NewElement("2.2.1", 1, "Premier élément.", "professionnels"),
        NewElement("2.2.1", 2, "Second élément.", "professionnels"),
    ]
    plan = plan_elements(old, new)
    assert plan.fates == {
        1: Fate.REWORDED,
        2: Fate.UNCHANGED,
        3: Fate.PROVISIONAL_REPLACED,
        4: Fate.RETIRED,
        5: Fate.DELETED,
        6: Fate.RETARGETED,
    }
    assert plan.added == [NewElement("2.2.1", 2, "Second élément.", "professionnels")]


elements = st.lists(
    st.tuples(st.sampled_from(["1.1.1", "2.2.1"]), st.integers(1, 5), st.sampled_from(["a", "b"])),
    max_size=10,
    unique_by=lambda t: (t[0], t[1]),
)


def test_codes_are_ordered_as_people_read_them():
    assert sorted(["1.10.2", "1.2.2", "3.1.1", "1.2.10"], key=code_key) == [
        "1.2.2",
        "1.2.10",
        "1.10.2",
        "3.1.1",
    ]


@given(elements, elements, st.lists(st.booleans(), min_size=10, max_size=10))
def test_plan_never_drops_what_is_referred_to(old_rows, new_rows, referred):
    old = [
        OldElement(i, c, r, t, "", placeholder=False, referred=referred[i])
        for i, (c, r, t) in enumerate(old_rows)
    ]
    new = [NewElement(c, r, t, "") for c, r, t in new_rows]
    plan = plan_elements(old, new)
    assert set(plan.fates) == {e.pk for e in old}  # every old element gets one fate
    for e in old:
        if e.referred:
            assert plan.fates[e.pk] is not Fate.DELETED
    matched = {(e.criterion, e.rank) for e in old if plan.fates[e.pk] not in (Fate.RETIRED, Fate.DELETED)}
    assert matched | {(e.criterion, e.rank) for e in plan.added} == {(e.criterion, e.rank) for e in new}
    assert not matched & {(e.criterion, e.rank) for e in plan.added}


# ---------------------------------------------------------------- a graded campaign


@pytest.fixture
def _forget_frame_facts():
    """The frame's facts are cached per process by (version, checksum); this test changes rows under
    the real checksum and rolls them back: what it cached must not outlive it."""
    from ouvrage.campaigns import figures

    yield
    figures._CACHE.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("_forget_frame_facts")
def test_updating_the_frame_keeps_every_grade_and_reports(has_spec, has_version, ehpad):
    rater = UserFactory(organisation=ehpad.organisation, role="quality")
    # Another checksum first: the figures cached for the real data are never computed from this state.
    has_version.checksum = "ancienne copie"
    has_version.save()
    campaign = campaign_for(ehpad)
    person = interview_for(campaign, "accompagne_traceur")
    staff = interview_for(campaign, "traceur_cible", target="professionnels")
    e111 = Element.objects.get(criterion__version=has_version, criterion__code="1.1.1", rank=1)
    e221 = Element.objects.get(criterion__version=has_version, criterion__code="2.2.1", rank=1)
    # The frame as it was held before the manual: a shortened element, a provisional element for an
    # impératif, and an element the manual does not have.
    Element.objects.filter(pk=e111.pk).update(text="Texte raccourci.", target="")
    Element.objects.filter(criterion=e221.criterion).exclude(pk=e221.pk).delete()
    Element.objects.filter(pk=e221.pk).update(
        text="Les professionnels soutiennent la liberté…", placeholder=True
    )
    extra = Element.objects.create(criterion=e111.criterion, rank=3, text="Un élément d'une copie tierce.")
    rate(person, e111, rater, "3", comment="constat")
    rate(person, extra, rater, "2")
    rate(staff, e221, rater, "4")
    grades = sorted(Rating.objects.values_list("element_id", "mark", "comment"))

    result = import_frame_version(spec=has_spec, actor_label="mise à jour de test")

    assert sorted(Rating.objects.values_list("element_id", "mark", "comment")) == grades  # nothing lost
    report = result.update.report
    assert report["elements"]["reworded"] == 1 and report["elements"]["provisional_replaced"] == 1
    assert report["elements"]["retired"] == 1 and report["elements"]["added"] == 1
    assert report["grades_carried"] == 1
    assert report["to_review"] == [{"criterion": "2.2.1", "rank": 1, "campaign": campaign.pk, "grades": 1}]
    assert report["set_aside"] == [{"criterion": "1.1.1", "rank": 3, "campaign": campaign.pk, "grades": 1}]
    e111.refresh_from_db()
    e221.refresh_from_db()
    extra.refresh_from_db()
    assert e111.text.startswith("La personne accompagnée est sollicitée") and e111.target == "personne"
    assert not e221.placeholder and e221.criterion.elements.filter(retired=False).count() == 2
    assert extra.retired
    # The retired element leaves the grid and the figures; the others keep their grades there.
    rows = {row.element.pk: row for c in grid_for(person).criteria for row in c.rows}
    assert extra.pk not in rows and rows[e111.pk].rating.mark == "3"
    assert results_for(campaign).results.criteria["2.2.1"].counted == 1
    assert FrameUpdate.objects.filter(version=has_version).count() == 1
    # A second import of the same files changes nothing and reports nothing more.
    assert import_frame_version(spec=has_spec).unchanged
    assert FrameUpdate.objects.count() == 1
