from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ouvrage.audit.models import AuditEvent
from ouvrage.campaigns.rules import mark_problem
from ouvrage.campaigns.selectors import applicable_criteria, grid_for, results_for
from ouvrage.frames.domain import Method
from ouvrage.frames.models import Element
from ouvrage.frames.scoring import Mark
from tests.campaigns.factories import campaign_for, interview_for, rate
from tests.factories import UserFactory


def test_mark_rules():
    assert "impossible sur un critère impératif" in mark_problem(
        Mark.NC, imperative=True, method=Method.TRACEUR_CIBLE, justification="hors missions"
    )
    assert "Justifiez" in mark_problem(
        Mark.NC, imperative=False, method=Method.AUDIT_SYSTEME, justification="  "
    )
    assert (
        mark_problem(Mark.NC, imperative=False, method=Method.AUDIT_SYSTEME, justification="pas de cuisine")
        is None
    )
    assert "chapitre 1" in mark_problem(
        Mark.RI, imperative=False, method=Method.AUDIT_SYSTEME, justification=""
    )
    assert mark_problem(Mark.RI, imperative=False, method=Method.ACCOMPAGNE_TRACEUR, justification="") is None
    for mark in (Mark.ONE, Mark.FOUR, Mark.OPTIMISED, None):
        assert mark_problem(mark, imperative=True, method=Method.AUDIT_SYSTEME, justification="") is None


@pytest.fixture
def setting(db, organisation, ehpad, has_version):
    rater = UserFactory(organisation=organisation, role="quality")
    campaign = campaign_for(ehpad)
    return rater, campaign


def element(version, code, rank=1):
    return Element.objects.select_related("criterion").get(
        criterion__version=version, criterion__code=code, rank=rank
    )


@pytest.mark.django_db
def test_rating_is_saved_versioned_and_recorded(setting, has_version):
    rater, campaign = setting
    interview = interview_for(campaign, "traceur_cible")
    el = element(has_version, "2.1.1")
    first = rate(interview, el, rater, "3", comment=" vu ")
    assert first.saved and first.rating.version == 1 and first.rating.comment == "vu"
    event = AuditEvent.objects.get(action="rating.saved")
    assert event.actor == rater and event.changes["mark"] == ["", "3"]
    # Same values again: nothing written, nothing recorded.
    again = rate(interview, el, rater, "3", comment="vu", version=1)
    assert not again.saved and again.rating.version == 1
    assert AuditEvent.objects.filter(action="rating.saved").count() == 1


@pytest.mark.django_db
def test_second_save_on_a_stale_version_is_told_not_overwritten(setting, has_version, organisation):
    rater, campaign = setting
    other = UserFactory(organisation=organisation, role="professional", full_name="Lucas Petit")
    interview = interview_for(campaign, "traceur_cible")
    el = element(has_version, "2.1.1")
    rate(interview, el, other, "2")
    outcome = rate(interview, el, rater, "4")
    assert not outcome.saved and outcome.conflict is not None
    assert outcome.conflict.mark == "2" and outcome.conflict.updated_by == other
    assert outcome.rating.mark == "4"  # what this person typed, to show beside theirs
    assert el.ratings.get().mark == "2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "code", "mark", "justification", "message"),
    [
        ("traceur_cible", "2.2.2", "NC", "hors missions", "impossible sur un critère impératif"),
        ("traceur_cible", "2.1.1", "NC", "", "Justifiez le « non concerné »"),
        ("traceur_cible", "2.1.1", "RI", "", "qu'au chapitre 1"),
        ("traceur_cible", "2.1.1", "7", "", "Cotation « 7 » inconnue"),
    ],
)
def test_refused_marks_say_why_and_save_nothing(
    setting, has_version, method, code, mark, justification, message
):
    rater, campaign = setting
    interview = interview_for(campaign, method)
    outcome = rate(interview, element(has_version, code), rater, mark, justification=justification)
    assert not outcome.saved and message in outcome.problem
    assert not interview.ratings.exists()


@pytest.mark.django_db
def test_read_only_cannot_rate(setting, has_version, organisation):
    _, campaign = setting
    reader = UserFactory(organisation=organisation, role="read_only")
    with pytest.raises(PermissionDenied):
        rate(interview_for(campaign, "traceur_cible"), element(has_version, "2.1.1"), reader, "3")


@pytest.mark.django_db
def test_grid_of_an_accompagne_traceur_has_two_parts(setting):
    _, campaign = setting
    grid = grid_for(interview_for(campaign, "accompagne_traceur"))
    assert [p.title for p in grid.parts] == [
        "Avec la personne accompagnée",
        "Avec les professionnels qui l'accompagnent",
    ]
    first = grid.parts[0].criteria[0].criterion
    assert first.code == "1.1.1" and first.title.startswith("La personne")
    assert all(c.criterion.title.startswith("Les professionnels") for c in grid.parts[1].criteria)
    assert grid.rated == 0 and grid.total == len(grid.missing)


@pytest.mark.django_db
def test_traceur_cible_themes_narrow_the_grid(setting):
    _, campaign = setting
    whole = grid_for(interview_for(campaign, "traceur_cible"))
    narrowed = grid_for(interview_for(campaign, "traceur_cible", themes=["T2"]))
    codes = {c.criterion.code for p in narrowed.parts for c in p.criteria}
    assert codes == {f"2.2.{i}" for i in range(1, 8)}
    assert narrowed.total < whole.total


@pytest.mark.django_db
def test_results_combine_interviews(setting, has_version):
    rater, campaign = setting
    at1, at2 = interview_for(campaign, "accompagne_traceur"), interview_for(campaign, "accompagne_traceur")
    el1, el2 = element(has_version, "1.1.1", 1), element(has_version, "1.1.1", 2)
    for interview, marks in ((at1, ("4", "3")), (at2, ("4", "NC"))):
        for el, mark in zip((el1, el2), marks, strict=True):
            rate(interview, el, rater, mark, justification="non évaluable ici" if mark == "NC" else "")
    data = results_for(campaign)
    result = data.results.criteria["1.1.1"]
    assert str(result.score) == "3.66"  # (4 + 3 + 4) / 3, NC left out, truncated
    assert (result.counted, result.not_concerned) == (3, 1)
    assert data.results.quality.applicable_imperatives == 18
    assert any(c.code == "2.1.1" for c in data.uncovered)  # no traceur ciblé planned


@pytest.mark.django_db
def test_external_evaluator_rates_external_campaigns_only(organisation, ehpad, has_version):
    evaluator = UserFactory(organisation=organisation, role="evaluator")
    element_ = element(has_version, "2.1.1")
    own = interview_for(campaign_for(ehpad), "traceur_cible")
    with pytest.raises(PermissionDenied, match="évaluations externes"):
        rate(own, element_, evaluator, "3")
    external = campaign_for(
        ehpad, kind="external", title="Évaluation externe", evaluator="Organisme accrédité"
    )
    interview = interview_for(external, "traceur_cible")
    with pytest.raises(PermissionDenied, match="qu'il conduit"):
        rate(interview, element_, evaluator, "3")  # an external evaluation, but not theirs
    evaluator.campaigns.add(external)
    outcome = rate(interview, element_, evaluator, "3")
    assert outcome.saved


@pytest.mark.django_db
def test_audit_systeme_grids_follow_the_targets_printed_in_the_manual(setting, has_version):
    """Issue 16: each audit système grid holds the criteria whose elements the manual prints for its
    target; the three grids split chapter 3 with nothing left over and nothing twice (but the CVS)."""
    rater, campaign = setting
    grids = {
        target: grid_for(interview_for(campaign, "audit_systeme", target=target))
        for target in ("gouvernance", "professionnels", "cvs")
    }
    codes = {t: {c.criterion.code for p in g.parts for c in p.criteria} for t, g in grids.items()}
    elements = {
        t: {row.element.target for c in g.criteria for row in c.rows} for t, g in grids.items() if t != "cvs"
    }
    assert elements == {"gouvernance": {"gouvernance"}, "professionnels": {"professionnels"}}
    assert (
        "3.8.1" in codes["professionnels"]
    )  # « L'ESSMS… » printed under « Entretien avec les professionnels »
    assert not codes["gouvernance"] & codes["professionnels"]
    chapter3 = {c.code for c in applicable_criteria(campaign) if c.code.startswith("3.")}
    assert codes["gouvernance"] | codes["professionnels"] == chapter3
    assert codes["cvs"] == {"3.1.1", "3.2.2", "3.10.1", "3.10.2", "3.12.2", "3.13.2", "3.14.1"} & chapter3
    # A grade given before the data said otherwise stays in its interview's grid and counts.
    governance = interview_for(campaign, "audit_systeme", target="gouvernance")
    rate(governance, element(has_version, "3.8.1"), rater, "2")
    assert "3.8.1" in {c.criterion.code for c in grid_for(governance).criteria}
    assert results_for(campaign).results.criteria["3.8.1"].counted == 1
