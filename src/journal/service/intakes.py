"""Intakes as typed, checked and presented: drafts, checks, presets, and what is implausible."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from journal.domain.amounts import IMPLAUSIBLE_G, format_amount, to_mg
from journal.domain.entities import Finding, Form, Intake, LeafAmount, Product, Unit
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.domain.times import Moment

IMPLAUSIBLE_CAPS = 100
#: A product name that already says it is capsules ("Green Malay capsules", "Red caps").
_SAYS_CAPSULES = re.compile(r"\b(caps|capsules?)\b", re.IGNORECASE)
#: No single intake can be this large in any unit, confirmed or not: it is a typo
#: (and it keeps milligram sums far inside SQLite's integers).
IMPOSSIBLE_AMOUNT = Decimal(10_000)


@dataclass(frozen=True, slots=True)
class IntakeDraft:
    """An intake as typed into a form or on the command line."""

    amount_text: str
    at: Moment
    unit: Unit = Unit.G
    form: Form = Form.POWDER
    product_id: int | None = None
    estimate: bool = False
    notes: str = ""
    confirm_large: bool = False
    decimal_sep: str = "."
    id: int | None = None
    #: Context tags as typed (checked on saving); None leaves a corrected intake's tags as they are.
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Preset:
    """A product's usual amount, offered as a one-click entry."""

    product: Product
    amount: Decimal
    unit: Unit
    form: Form

    @property
    def label(self) -> str:
        """'1.8 g Red Bali'; '4 Green Malay capsules', not '4 caps Green Malay capsules'."""
        amount = format_amount(self.amount)
        name = self.product.name
        if self.unit is Unit.G:
            return f"{amount} g {name}"
        if _SAYS_CAPSULES.search(name):
            return f"{amount} {name}"
        return f"{amount} capsule{'' if self.amount == 1 else 's'} of {name}"


@dataclass(frozen=True, slots=True)
class IntakeCheck:
    """A checked intake: its conversion, its findings, and the rolling total at its time."""

    intake: Intake
    leaf: LeafAmount
    rolling: int
    rolling_estimate: bool

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.intake.findings


def check_plausible(amount: Decimal, unit: Unit, leaf: LeafAmount, confirmed: bool) -> None:
    """Refuse an impossible amount; ask for a confirmation of an unusually large one."""
    if amount > IMPOSSIBLE_AMOUNT:
        raise InvalidInput("amount", f"{amount:f} {unit.value} cannot be one intake. Check the amount.")
    if confirmed:
        return
    large = (
        (leaf.mg is not None and leaf.mg > to_mg(IMPLAUSIBLE_G))
        or (unit is Unit.G and amount > IMPLAUSIBLE_G)
        or (unit is Unit.CAPS and amount > IMPLAUSIBLE_CAPS)
    )
    if large:
        raise NeedsConfirmation(
            "amount",
            f"{amount:f} {unit.value} in one intake is unusually large. Check the amount; "
            "if it is right, confirm it to save.",
        )
