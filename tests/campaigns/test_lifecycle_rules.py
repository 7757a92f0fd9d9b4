"""An evaluation's life and completeness, and the rules of an external evaluation: plain Python,
no database."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.campaigns.lifecycle import (
    EDITABLE,
    FINISHED,
    MOVES,
    Completeness,
    State,
    Transition,
    closing_problem,
    editing_problem,
    letter_shown,
    move_problem,
)
from ouvrage.campaigns.rules import default_title, title_problem, visit_problems

completeness = st.builds(Completeness, st.integers(0, 500), st.integers(0, 500), st.integers(0, 50))


@given(
    st.sampled_from(list(Transition)), st.sampled_from(list(State)), st.integers(0, 5), st.text(max_size=5)
)
def test_a_move_is_allowed_only_from_its_states(transition, state, grades, reason):
    problem = move_problem(transition, state, grades=grades, reason=reason)
    allowed, _ = MOVES[transition]
    if state not in allowed:
        assert problem and state.label.lower() in problem
    elif transition is Transition.DELETE and grades:
        assert problem and "abandonnez-la" in problem
    elif transition in (Transition.REOPEN, Transition.ABANDON) and not reason.strip():
        assert problem and "raison" in problem
    else:
        assert problem is None


def test_the_life_of_an_evaluation():
    assert MOVES[Transition.START][1] is State.IN_PROGRESS
    assert MOVES[Transition.CLOSE] == (frozenset({State.IN_PROGRESS}), State.CLOSED)
    assert MOVES[Transition.REOPEN] == (frozenset({State.CLOSED}), State.IN_PROGRESS)
    assert MOVES[Transition.ARCHIVE] == (frozenset({State.CLOSED}), State.ARCHIVED)
    assert MOVES[Transition.DELETE] == (frozenset({State.PREPARATION}), None)
    assert move_problem(Transition.REOPEN, State.ARCHIVED, reason="erreur") is not None  # archived: for good
    assert move_problem(Transition.DELETE, State.PREPARATION, grades=1) is not None
    assert move_problem(Transition.DELETE, State.PREPARATION, grades=0) is None


@given(st.sampled_from(list(State)))
def test_only_an_open_evaluation_changes(state):
    assert (editing_problem(state) is None) == (state in EDITABLE)


@given(completeness, st.text(max_size=3))
def test_an_incomplete_evaluation_closes_only_with_what_is_missing_in_writing(c, statement):
    problem = closing_problem(c, statement)
    assert (problem is None) == (c.complete or bool(statement.strip()))
    if problem:
        assert "incomplète" in problem and c.describe() in problem


@given(completeness, st.sampled_from(list(State)))
def test_the_letter_is_shown_for_a_complete_or_a_finished_evaluation_only(c, state):
    assert letter_shown(c, state) == (c.complete or state in FINISHED)


def test_completeness_in_words():
    assert Completeness(0, 0, 0).complete is False  # nothing planned is not complete
    assert Completeness(130, 130, 0).complete and Completeness(130, 130, 0).share == 100
    assert Completeness(129, 130, 0).share == 99  # 99 % is not done
    assert Completeness(7, 130, 86).describe() == (
        "7 cotations sur 130 attendues ; 86 critères applicables dans aucun entretien"
    )
    assert (
        Completeness(1, 1, 1).describe()
        == "1 cotation sur 1 attendue ; 1 critère applicable dans aucun entretien"
    )
    assert Completeness(5, 5, 0).describe() == "complète : 5 cotations sur 5 attendues"


def test_visit_days_of_an_external_evaluation():
    spring = {"starts_on": date(2026, 3, 1), "ends_on": date(2026, 3, 31)}
    assert visit_problems(**spring, first_day=date(2026, 3, 10), last_day=date(2026, 3, 11)) == {}
    assert "visit_starts_on" in visit_problems(**spring, first_day=None, last_day=date(2026, 3, 11))
    one_day = visit_problems(**spring, first_day=date(2026, 3, 10), last_day=date(2026, 3, 10))
    assert "au moins deux jours" in one_day["visit_ends_on"]
    outside = visit_problems(**spring, first_day=date(2026, 2, 27), last_day=date(2026, 4, 2))
    assert set(outside) == {"visit_starts_on", "visit_ends_on"}
    assert "du 1er mars 2026 au 31 mars 2026" in outside["visit_starts_on"]


def test_a_title_follows_the_kind():
    assert title_problem("Auto-évaluation 2026", external=True)
    assert title_problem("auto-évaluation des Tilleuls", external=True)
    assert title_problem("Évaluation externe 2026", external=False)
    assert title_problem("Évaluation externe 2026", external=True) is None
    assert title_problem("", external=True) is None
    assert (
        default_title(external=True, year=2026, establishment="EHPAD A")
        == "Évaluation externe 2026 — EHPAD A"
    )
    assert default_title(external=False, year=2025, establishment="IME B") == "Auto-évaluation 2025 — IME B"
