"""Amounts typed by a person, parsed exactly and kept as integer milligrams."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from journal.domain.errors import InvalidInput

MG_PER_G = 1000
#: Above this many grams of leaf (or leaf equivalent) in one intake, saving
#: needs an explicit confirmation: it is more likely a typo than a dose.
IMPLAUSIBLE_G = Decimal(50)
MAX_DECIMALS = 3

_SEPS = " ,.\u00a0\u202f'"
#: Digits in groups of three with one and the same separator: "1,500", "1 500 000".
_GROUPED = re.compile(rf"^\d{{1,3}}(?P<sep>[{_SEPS}])\d{{3}}(?:(?P=sep)\d{{3}})*$")
#: Grouped digits followed by a different decimal mark: "1,500.5", "1.500,25".
_GROUPED_DECIMAL = re.compile(
    rf"^(?P<int>\d{{1,3}}(?P<sep>[{_SEPS}])\d{{3}}(?:(?P=sep)\d{{3}})*)(?P<mark>[.,])(?P<frac>\d+)$"
)


def parse_amount(text: str, *, decimal_sep: str = ".", field: str = "amount") -> Decimal:
    """Parse a positive amount as typed, accepting "1,5" as well as "1.5".

    `decimal_sep` is the separator of the user's locale; it decides what a
    string such as "1,500" means. Anything that is not a finite positive number
    with at most three decimals raises InvalidInput with a message for a person.
    """
    raw = text.strip().replace("\u2212", "-")
    if not raw:
        raise InvalidInput(field, "Enter an amount, for example 2.5.")
    if raw.startswith("-"):
        raise InvalidInput(field, "The amount cannot be negative.")
    normal = _normalise(raw, decimal_sep)
    if normal is None or not re.fullmatch(r"\d*\.?\d*", normal) or normal in {"", "."}:
        raise InvalidInput(field, f"“{text.strip()}” is not a number. Type it like 2.5 or 2,5.")
    try:
        value = Decimal(normal)
    except InvalidOperation as err:  # pragma: no cover - guarded by the regex above
        raise InvalidInput(field, f"“{text.strip()}” is not a number.") from err
    if value == 0:
        raise InvalidInput(field, "The amount must be more than zero.")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise InvalidInput(field, "Use at most three decimals (milligram precision).")
    return value


def _normalise(raw: str, decimal_sep: str) -> str | None:
    """Turn locale digits into a plain "123.45" string, or None if ambiguous junk."""
    grouped = _GROUPED.match(raw)
    if grouped:
        sep = grouped["sep"]
        if sep == decimal_sep:
            # "1,500" in a comma locale is one and a half, not fifteen hundred.
            return raw.replace(sep, ".", 1) if raw.count(sep) == 1 else None
        return re.sub(r"\D", "", raw)
    mixed = _GROUPED_DECIMAL.match(raw)
    if mixed:
        if mixed["sep"] == mixed["mark"]:
            return None
        # The last mark is the decimal one: "1,500.5" and "1.500,5" are both 1500.5.
        return re.sub(r"\D", "", mixed["int"]) + "." + mixed["frac"]
    if raw.count(",") + raw.count(".") > 1:
        return None
    return raw.replace(",", ".")


def to_mg(grams: Decimal) -> int:
    """Grams to whole milligrams, rounding half to even (only estimates round)."""
    return int((grams * MG_PER_G).to_integral_value())


def format_g(mg: int | None, *, decimal_sep: str = ".") -> str:
    """Milligrams as a short gram figure for people: 4500 -> "4.5 g" (or "4,5 g")."""
    if mg is None:
        return "—"
    return f"{format_amount(Decimal(mg) / MG_PER_G, decimal_sep=decimal_sep)} g"


def format_amount(value: Decimal, *, decimal_sep: str = ".") -> str:
    """An entered amount without trailing zeros: Decimal("2.50") -> "2.5" (or "2,5")."""
    return f"{value.normalize():f}".replace(".", decimal_sep)
