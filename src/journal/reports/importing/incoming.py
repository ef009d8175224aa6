"""A validated file: everything in it as domain values, not yet compared with the journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from journal.domain.entities import Break, Form, PainCheckin, Product, Stamp, SymptomEntry, SymptomType, Unit
from journal.domain.medications import Medication
from journal.domain.photos import Photo, PhotoImage
from journal.domain.stash import Purchase
from journal.domain.taper import TaperPlan
from journal.domain.times import Moment
from journal.domain.withdrawal import WithdrawalScore
from journal.reports.importing.errors import Where


@dataclass(slots=True)
class InProduct:
    product: Product
    ref: int | None
    stamp: Stamp
    deleted: datetime | None
    where: Where


@dataclass(slots=True)
class InIntake:
    """An intake as the file gives it; the plan resolves its product and makes the Intake."""

    at: Moment
    amount: Decimal
    unit: Unit
    form: Form
    leaf_mg: int | None
    estimate: bool
    leaf_estimated: bool
    notes: str
    created: datetime
    updated: datetime
    product_ref: int | None
    product_name: str | None
    #: Leaf amount is worked out on import (CSV, PsychonautWiki), not kept; findings never are.
    derive: bool
    where: Where


@dataclass(slots=True)
class InPhoto:
    """A photo as the file gives it: its entry, its checked pixels, and its link to a symptom rating
    (the rating's UTC time and symptom key), resolved when it is written."""

    photo: Photo
    image: PhotoImage
    stamp: Stamp
    symptom: tuple[datetime, str] | None
    where: Where


@dataclass(slots=True)
class InPurchase:
    """A purchase or correction as the file gives it; the plan resolves its product (by number or name)."""

    purchase: Purchase
    stamp: Stamp
    product_ref: int | None
    product_name: str | None
    where: Where


@dataclass(slots=True)
class Incoming:
    """A validated file: everything in it as domain values, not yet compared with the journal."""

    source: str
    file: str
    settings: dict[str, Any] | None = None
    settings_where: Where | None = None
    products: list[InProduct] = field(default_factory=list)
    symptom_types: list[tuple[SymptomType, Stamp, Where]] = field(default_factory=list)
    intakes: list[InIntake] = field(default_factory=list)
    symptoms: list[tuple[SymptomEntry, Stamp, Where]] = field(default_factory=list)
    pain: list[tuple[PainCheckin, Stamp, Where]] = field(default_factory=list)
    withdrawal: list[tuple[WithdrawalScore, Stamp, Where]] = field(default_factory=list)
    breaks: list[tuple[Break, Stamp, Where]] = field(default_factory=list)
    photos: list[InPhoto] = field(default_factory=list)
    medications: list[tuple[Medication, Stamp, Where]] = field(default_factory=list)
    purchases: list[InPurchase] = field(default_factory=list)
    plans: list[tuple[TaperPlan, Stamp, Where]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Context tags of the entries that have some, by the entry's place in the file (`tags.tag_key`).
    tags: dict[tuple[Any, ...], tuple[str, ...]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many entries the file holds (the work a plan does)."""
        return (
            len(self.products)
            + len(self.symptom_types)
            + len(self.intakes)
            + len(self.symptoms)
            + len(self.pain)
            + len(self.withdrawal)
            + len(self.breaks)
            + len(self.photos)
            + len(self.medications)
            + len(self.purchases)
            + len(self.plans)
        )
