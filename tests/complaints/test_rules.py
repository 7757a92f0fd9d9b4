"""The complaints register's pure rules: deadlines, lateness, the dashboard, the figures sentence,
likely names."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.campaigns.rules import likely_names
from ouvrage.complaints import rules
from ouvrage.complaints.rules import Facts, Figures

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def facts(received: date, state: str = rules.RECEIVED, **kw) -> Facts:
    ack, answer = rules.due_dates(received, acknowledge_days=8, answer_days=30)
    return Facts(received_on=received, state=state, acknowledge_due=ack, answer_due=answer, **kw)


@given(DAYS, st.integers(1, 365), st.integers(1, 365))
def test_due_dates_follow_reception(received, a, b):
    ack_days, answer_days = sorted((a, b))
    ack, answer = rules.due_dates(received, acknowledge_days=ack_days, answer_days=answer_days)
    assert (ack - received).days == ack_days and (answer - received).days == answer_days
    assert received < ack <= answer


@given(DAYS, st.integers(0, 400))
def test_an_open_complaint_is_late_exactly_after_a_deadline(received, waited):
    today = received + timedelta(days=waited)
    f = facts(received)
    assert rules.late_now(f, today) == (waited > 8)
    acknowledged = facts(received, rules.ACKNOWLEDGED, acknowledged_on=received + timedelta(days=2))
    assert rules.late_now(acknowledged, today) == (waited > 30)
    answered = facts(received, rules.ANSWERED, answered_on=received)
    assert not rules.late_now(answered, today) and not rules.missed(answered, today)


def test_deadlines_missed_in_the_past_stay_missed():
    received = date(2026, 1, 1)
    f = facts(received, rules.ANSWERED, acknowledged_on=date(2026, 1, 20), answered_on=date(2026, 2, 15))
    assert rules.acknowledgement_late(f, date(2026, 6, 1)) and rules.answer_late(f, date(2026, 6, 1))
    assert not rules.late_now(f, date(2026, 6, 1))
    withdrawn = facts(received, rules.CLOSED)
    assert not rules.answer_late(withdrawn, date(2026, 6, 1))


def test_the_dashboard_counts_twelve_months_channels_themes_and_ages():
    today = date(2026, 11, 30)
    items = [
        facts(date(2026, 11, 28), channel="oral", theme="meals"),
        facts(date(2026, 10, 1), channel="oral", theme="care"),
        facts(date(2026, 1, 5), rules.ANSWERED, channel="letter", answered_on=date(2026, 1, 10)),
        facts(date(2025, 11, 30), rules.CLOSED, channel="letter"),  # before the twelve months
    ]
    board = rules.dashboard(items, today, channels={"oral": "Oral", "letter": "Courrier"}, themes={})
    assert len(board.by_month) == 12 and board.by_month[0] == ("décembre 2025", 0)
    assert board.by_month[-1] == ("novembre 2026", 1) and board.total == 3
    assert board.by_channel == [("Oral", 2), ("Courrier", 1)]
    assert ("non précisé", 1) in board.by_theme
    assert dict(board.open_by_age) == {
        "moins d'une semaine": 1,
        "une semaine à un mois": 0,
        "un à trois mois": 1,
        "plus de trois mois": 0,
    }
    assert board.open == 2 and board.late_now == 1 and board.missed == 1


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 20))
def test_the_figures_sentence_says_its_counts_with_french_plurals(received, answered, late):
    answered = min(answered, received)
    sentence = rules.figures_sentence(Figures(received, answered, 12 if answered else None, late))
    if received == 0 and late == 0:
        assert sentence == "Aucune réclamation enregistrée en 12 mois"
        return
    word = "réclamations" if received >= 2 else "réclamation"
    assert sentence.startswith(f"{received} {word} en 12 mois")
    assert ("délai médian de réponse 12 jours" in sentence) == bool(answered)
    assert (f"{late} en retard" in sentence) == bool(late)


def test_the_figures_sentence_as_the_evaluation_pages_show_it():
    today = date(2026, 11, 30)
    items = [facts(date(2026, 6, d), rules.ANSWERED, answered_on=date(2026, 6, d + 12)) for d in range(1, 9)]
    items.append(facts(date(2026, 10, 1)))
    assert rules.figures_sentence(rules.figures(items, today)) == (
        "9 réclamations en 12 mois, 8 ayant reçu une réponse, délai médian de réponse 12 jours, 1 en retard"
    )
    assert rules.figures_sentence(Figures(1, 0, None, 0)) == (
        "1 réclamation en 12 mois, aucune n'a encore reçu de réponse"
    )


def test_likely_names_are_found_after_a_civility():
    text = "Madame Dupont s'est plainte de M. Martin ; Madame la directrice a reçu Mme Le Goff."
    assert likely_names(text) == ["Madame Dupont", "M. Martin", "Mme Le Goff"]
    assert likely_names("ma mère attend trop le soir, l'aide-soignante est pressée") == []


@given(st.text(max_size=3000))
def test_likely_names_never_fail(text):
    assert len(likely_names(text)) <= 5


def test_the_register_speaks_to_the_complaints_criteria():
    assert rules.criteria_codes() == ("3.12.1", "3.12.2", "3.12.3")
    assert "public_link" in rules.lists().channels


STATES = st.sampled_from([rules.RECEIVED, rules.ACKNOWLEDGED, rules.ANSWERED, rules.CLOSED])


@given(st.lists(st.tuples(st.integers(0, 800), STATES, st.sampled_from(["oral", "letter", ""])), max_size=40))
def test_the_dashboard_adds_up(items):
    today = date(2026, 11, 30)
    facts_ = [facts(today - timedelta(days=ago), state, channel=channel) for ago, state, channel in items]
    board = rules.dashboard(facts_, today, channels={}, themes={})
    assert sum(n for _, n in board.by_month) == board.total == sum(n for _, n in board.by_channel)
    assert sum(n for _, n in board.open_by_age) == board.open
    assert board.late_now <= board.open and board.missed <= board.total
    fig = rules.figures(facts_, today)
    assert fig.received == board.total and fig.late == board.late_now
