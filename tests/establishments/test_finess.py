from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.establishments.finess import categories, finess_problem, luhn_is_valid, with_check_digit
from ouvrage.establishments.profile import Public, Sector, StructureKind

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)

# Published FINESS numbers of EHPAD (HAS open data, shared/referentiel/quality_scale_inference.md).
PUBLISHED = ["620018150", "590047023", "130780810", "750071375", "970466728", "010780989", "620119222"]


def test_published_numbers_pass_the_key():
    assert all(finess_problem(n) is None for n in PUBLISHED)


@given(eight_digits)
def test_completed_numbers_are_valid(first):
    assert finess_problem(with_check_digit(first)) is None


@given(eight_digits, st.integers(0, 8), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(first, position, delta):
    number = with_check_digit(first)
    typo = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not luhn_is_valid(typo)
    assert "clé de contrôle" in finess_problem(typo)


def test_messages_say_what_is_wrong():
    assert finess_problem("") == "Le numéro FINESS est obligatoire."
    assert finess_problem("12345") == "Le numéro FINESS doit compter 9 caractères ; « 12345 » en compte 5."
    assert "que des chiffres" in finess_problem("12345678X")
    assert finess_problem("620 018 150") is None  # spaces are tolerated
    assert finess_problem("2A0000001") is None  # Corsica: format only, key rule not sourced


def test_category_table_prefills_only_what_it_knows():
    table = categories()
    ehpad = table["500"]
    assert (ehpad.sector, ehpad.kind, ehpad.publics) == (
        Sector.MEDICO_SOCIAL,
        StructureKind.ETABLISSEMENT,
        frozenset({Public.PA}),
    )
    assert ehpad.is_complete
    mecs = table["177"]
    assert mecs.sector is None and "à préciser" in mecs.note  # not in the source: left to the user
    assert len(table) >= 45
