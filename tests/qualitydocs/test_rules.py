from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.qualitydocs import rules
from ouvrage.qualitydocs.rules import Figures, figures_sentence, must_read, review_due

TODAY = date(2026, 11, 30)


@given(st.integers(min_value=-3000, max_value=3000))
def test_a_review_is_due_from_its_date_on(days):
    assert review_due(TODAY + timedelta(days=days), TODAY) is (days <= 0)


def test_no_review_date_is_never_due():
    assert review_due(None, TODAY) is False


@given(st.sampled_from(["admin", "direction", "quality", "professional", "read_only"]), st.booleans())
def test_must_read_needs_the_establishment_and_a_role_or_a_name(role, named):
    assert (
        must_read(role=role, user_id=7, sees_establishment=True, reader_roles=[role], reader_ids=[]) is True
    )
    assert (
        must_read(role=role, user_id=7, sees_establishment=False, reader_roles=[role], reader_ids=[7])
        is False
    )
    assert (
        must_read(
            role=role, user_id=7, sees_establishment=True, reader_roles=[], reader_ids=[7] if named else []
        )
        is named
    )


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_no_percentage_under_ten_people(read, concerned):
    read = min(read, concerned)
    text = rules.read_part(read, concerned)
    assert ("%" in text) is (concerned >= rules.PERCENT_FROM)


def test_the_sentence_in_french():
    procedures = ["procedure", "protocol"]
    assert figures_sentence(Figures(12, 2, 20, 17), procedures) == (
        "12 documents qualité, 2 à réviser, lues à 85\u202f% par les professionnels concernés"
    )
    assert (
        figures_sentence(Figures(1, 0, 4, 3), ["crisis_plan"])
        == "1 plan de crise, à jour, 3 lectures sur 4 attendues"
    )
    assert (
        figures_sentence(Figures(1, 0, 1, 1), procedures)
        == "1 document qualité, à jour, 1 lecture sur 1 attendue"
    )
    assert figures_sentence(Figures(0, 0, 0, 0), ["crisis_plan"]) == "0 plan de crise"
    assert figures_sentence(Figures(3, 0, 0, 0), procedures) == "3 documents qualité, tous à jour"


def test_the_criteria_are_named_in_the_data():
    assert set(rules.criteria()) == {"3.8.6", "3.10.2", "3.14.1", "3.14.2", "3.14.3"}


@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=1, max_value=1000))
def test_the_contacts_are_late_after_the_interval(days, interval):
    assert rules.contacts_late(TODAY - timedelta(days=days), TODAY, interval) is (days > interval)


def test_contacts_never_checked_are_late():
    assert rules.contacts_late(None, TODAY, 180) is True
    assert rules.crisis_defaults().contacts_check_days == 180


def test_the_crisis_sentence():
    crisis = rules.Crisis(3, date(2026, 3, 2), 2, TODAY - timedelta(days=40), False)
    assert rules.crisis_sentence(crisis, TODAY) == (
        "Plan de crise version 3 du 2 mars 2026, 2 exercices en 12 mois, contacts vérifiés il y a 40 jours"
    )
    none = rules.Crisis(None, None, 1, None, True)
    assert rules.crisis_sentence(none, TODAY) == (
        "Aucun plan de crise enregistré, 1 exercice en 12 mois, liste des contacts jamais vérifiée"
    )
    late = rules.Crisis(1, date(2025, 1, 1), 0, TODAY - timedelta(days=1), True)
    assert rules.crisis_sentence(late, TODAY).endswith(
        "0 exercice en 12 mois, contacts vérifiés il y a 1 jour (en retard)"
    )
