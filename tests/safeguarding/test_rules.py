"""Pure rules: who may handle signals, the figures in French."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.safeguarding import rules
from ouvrage.safeguarding.rules import Figures, may_handle, sentence

ROLES = st.sampled_from(["admin", "direction", "quality", "professional", "read_only", "evaluator"])


@given(role=ROLES, user_id=st.integers(1, 50), roles=st.sets(ROLES), people=st.sets(st.integers(1, 50)))
def test_a_named_role_or_person_handles_never_the_evaluator(role, user_id, roles, people):
    allowed = may_handle(role=role, user_id=user_id, roles=roles, people=people)
    if role == "evaluator":
        assert not allowed
    else:
        assert allowed == (role in roles or user_id in people)


def test_by_default_direction_and_quality_only():
    roles = rules.DEFAULT_ROLES
    assert [r for r in rules.NAMEABLE_ROLES if may_handle(role=r, user_id=1, roles=roles, people=())] == [
        "direction",
        "quality",
    ]


def test_sentences():
    assert sentence(Figures()) == "Aucun signalement en 12 mois"
    assert sentence(Figures(reported=1, closed=1, actions=1)) == "1 signalement en 12 mois, traité, 1 action"
    assert (
        sentence(Figures(reported=3, closed=3, actions=2))
        == "3 signalements en 12 mois, tous traités, 2 actions"
    )
    assert sentence(Figures(reported=3, closed=1)) == "3 signalements en 12 mois, 1 traité, 0 action"


@given(reported=st.integers(1, 500), data=st.data())
def test_a_sentence_says_every_count(reported, data):
    closed = data.draw(st.integers(0, reported))
    actions = data.draw(st.integers(0, 50))
    text = sentence(Figures(reported=reported, closed=closed, actions=actions))
    assert text.startswith(f"{reported} signalement")
    assert f"{actions} action" in text


def test_the_criteria_are_the_maltreatment_ones():
    assert rules.criteria_codes() == ("3.11.1", "3.11.2", "3.11.3")
