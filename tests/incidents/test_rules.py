"""The register's plain rules: the authorities' deadline, the figures in French, the months."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.incidents import rules
from ouvrage.incidents.rules import Counts, authority_deadline, last_months, sentence

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(DAYS, st.one_of(st.none(), st.integers(-5, 400)))
def test_deadline_follows_the_event_or_says_nothing(occurred, days):
    deadline = authority_deadline(occurred, days)
    if days is None:
        assert deadline is None  # not sourced: the page says « à compléter »
    else:
        assert deadline >= occurred and deadline - occurred == timedelta(days=max(days, 0))


def test_the_delay_is_not_invented():
    rule = rules.scales().declaration
    assert rule.deadline_days is None and "à compléter" in rule.deadline_note
    assert rule.qualifications == ("eig", "maltreatment") and "L331-8-1" in rule.legal_basis


def test_scales_and_criteria_are_data():
    levels = rules.scales()
    assert [s.level for s in levels.severity] == [1, 2, 3, 4, 5]
    assert levels.severity_label(5) == "5 – Catastrophique" and levels.frequency_label(None) == ""
    assert {"3.13.1", "3.13.3"} <= rules.criteria().keys()
    parsed = rules.read_scales(
        (rules.HERE / "scales.toml").read_text().replace('deadline_days = ""', "deadline_days = 2")
    )
    assert parsed.declaration.deadline_days == 2


def test_the_sentence_of_the_issue():
    counts = Counts(14, 13, 9, 6, 4, 10, 3)
    assert sentence(counts, ["declared", "analysed", "median", "actions"]) == (
        "14 événements déclarés en 12 mois, 13 analysés, délai médian d'analyse 9 jours, 6 actions dont 4 réalisées"
    )
    assert sentence(Counts(1, 1, 1, 1, 1, 1, 1), ["declared", "analysed", "median", "actions", "crex"]) == (
        "1 événement déclaré en 12 mois, 1 analysé, délai médian d'analyse 1 jour, 1 action dont 1 réalisée, "
        "1 CREX en 12 mois"
    )
    # No median without an analysis; 0 is singular in French.
    assert sentence(Counts(0, 0, None, 0, 0, 0, 0), ["declared", "median", "actions"]) == (
        "0 événement déclaré en 12 mois, 0 action dont 0 réalisée"
    )


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 60))
def test_plurals_follow_the_counts(declared, actions, median):
    text = sentence(
        Counts(declared, declared, median, actions, actions, 0, 0), ["declared", "median", "actions"]
    )
    assert text.startswith(
        f"{declared} événement{'s' if declared > 1 else ''} déclaré{'s' if declared > 1 else ''} "
    )
    assert f"{median} jour{'s' if median > 1 else ''}," in text
    assert text.endswith(f"dont {actions} réalisée{'s' if actions > 1 else ''}")


@given(DAYS)
def test_twelve_months_end_with_this_one(today):
    months = last_months(today)
    assert len(months) == 12 and months[-1] == (today.year, today.month) and len(set(months)) == 12
    assert months == sorted(months)


def test_median_and_age_bands():
    assert rules.median_days([]) is None and rules.median_days([1, 9, 30]) == 9
    assert rules.age_band(0) == "moins de 8 jours" and rules.age_band(400) == "plus de 90 jours"
