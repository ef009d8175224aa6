"""Amounts as people type them: locale separators, refusals, exact milligrams."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.domain.amounts import format_amount, format_g, parse_amount, to_mg
from journal.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "sep", "expected"),
    [
        ("1,5", ".", "1.5"),
        ("1,5", ",", "1.5"),
        ("1.5", ".", "1.5"),
        ("1.5", ",", "1.5"),
        (" 2 ", ".", "2"),
        ("\t2.25\n", ",", "2.25"),
        ("1.500", ",", "1500"),  # grouping in a comma locale
        ("1.500", ".", "1.5"),  # decimal in a dot locale
        ("1,500", ".", "1500"),  # grouping in a dot locale
        ("1,500", ",", "1.5"),  # decimal in a comma locale
        ("1 500", ".", "1500"),
        ("1\u00a0500", ",", "1500"),
        ("1'500", ".", "1500"),
        ("1.500.000", ",", "1500000"),
        ("1,500.5", ".", "1500.5"),
        ("1.500,5", ",", "1500.5"),
        ("1,500.000", ".", "1500"),
        ("1.500,000", ",", "1500"),
        (".5", ".", "0.5"),
        ("0,25", ".", "0.25"),
        ("0.001", ".", "0.001"),
        ("2.5000", ".", "2.5"),  # trailing zeros are not extra precision
        ("10", ".", "10"),
    ],
)
def test_parse_amount_accepts(text: str, sep: str, expected: str) -> None:
    assert parse_amount(text, decimal_sep=sep) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "sep", "words"),
    [
        ("", ".", "Enter an amount"),
        ("   ", ",", "Enter an amount"),
        ("0", ".", "more than zero"),
        ("0,000", ",", "more than zero"),
        ("0.0", ".", "more than zero"),
        ("-1", ".", "negative"),
        ("-0.5", ",", "negative"),
        ("\u22122", ".", "negative"),  # a typographic minus sign
        ("abc", ".", "not a number"),
        ("nan", ".", "not a number"),
        ("NaN", ",", "not a number"),
        ("inf", ".", "not a number"),
        ("Infinity", ".", "not a number"),
        ("1e3", ".", "not a number"),
        ("1.2.3", ".", "not a number"),
        ("1,2,3", ",", "not a number"),
        ("1.500.000", ".", "not a number"),  # two decimal marks in a dot locale
        ("1,5.000", ".", "not a number"),
        ("1,500,5", ".", "not a number"),
        ("+2", ".", "not a number"),
        ("2 g", ".", "not a number"),
        ("0x10", ".", "not a number"),
        ("0.0001", ".", "three decimals"),
        ("1,2345", ",", "three decimals"),
    ],
)
def test_parse_amount_refuses(text: str, sep: str, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_amount(text, decimal_sep=sep)
    assert words in info.value.message
    assert info.value.field == "amount"


def test_parse_amount_names_the_field() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_amount("x", field="capsule_g")
    assert info.value.field == "capsule_g"


@pytest.mark.parametrize(
    ("mg", "expected"),
    [
        (4500, "4.5 g"),
        (5000, "5 g"),
        (10_000, "10 g"),
        (13_500, "13.5 g"),
        (1, "0.001 g"),
        (1_234_567, "1234.567 g"),
        (0, "0 g"),
        (None, "—"),
    ],
)
def test_format_g(mg: int | None, expected: str) -> None:
    assert format_g(mg) == expected


def test_format_g_in_a_comma_locale() -> None:
    assert format_g(4500, decimal_sep=",") == "4,5 g"
    assert format_g(10_000, decimal_sep=",") == "10 g"


def test_format_amount_drops_trailing_zeros() -> None:
    assert format_amount(Decimal("2.50")) == "2.5"
    assert format_amount(Decimal("1E+3")) == "1000"
    assert format_amount(Decimal("0.125"), decimal_sep=",") == "0,125"


@pytest.mark.parametrize(
    ("grams", "mg"),
    [("1", 1000), ("4.5", 4500), ("0.001", 1), ("12.345", 12_345), ("0.0005", 0), ("0.0015", 2)],
)
def test_to_mg(grams: str, mg: int) -> None:
    assert to_mg(Decimal(grams)) == mg
    assert isinstance(to_mg(Decimal(grams)), int)


amounts = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal(10_000), places=3, allow_nan=False, allow_infinity=False
)


@given(value=amounts, sep=st.sampled_from([".", ","]))
def test_format_then_parse_round_trips(value: Decimal, sep: str) -> None:
    text = format_amount(value, decimal_sep=sep)
    assert parse_amount(text, decimal_sep=sep) == value


@given(value=amounts)
def test_grams_to_mg_is_exact_for_three_decimals(value: Decimal) -> None:
    assert Decimal(to_mg(value)) / 1000 == value
    assert format_g(to_mg(value)) == f"{format_amount(value)} g"
