"""Entries written in one go (an import, a demonstration journal), with their own times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from journal.domain.entities import (
    Break,
    Intake,
    PainCheckin,
    Product,
    Settings,
    Stamp,
    SymptomEntry,
    SymptomType,
)
from journal.domain.medications import Medication
from journal.domain.photos import NewPhoto
from journal.domain.stash import Purchase
from journal.domain.taper import TaperPlan
from journal.domain.withdrawal import WithdrawalScore


@dataclass(frozen=True, slots=True)
class NewEntries:
    """Entries to add in one go, each with its created and updated time.

    New products carry negative placeholder ids (-1, -2, ...) that intakes may
    refer to, and the time they were deleted, if they were; an intake's positive
    product id is a product already in the journal. Intakes carry their own
    created and updated times.
    """

    products: Sequence[tuple[Product, Stamp, datetime | None]] = ()
    symptom_types: Sequence[tuple[SymptomType, Stamp]] = ()
    intakes: Sequence[Intake] = ()
    symptoms: Sequence[tuple[SymptomEntry, Stamp]] = ()
    pain: Sequence[tuple[PainCheckin, Stamp]] = ()
    withdrawal: Sequence[tuple[WithdrawalScore, Stamp]] = ()
    breaks: Sequence[tuple[Break, Stamp]] = ()
    settings: Settings | None = None
    photos: Sequence[NewPhoto] = ()
    medications: Sequence[tuple[Medication, Stamp]] = ()
    plans: Sequence[tuple[TaperPlan, Stamp]] = ()
    #: Context tags of the new entries, by kind ("intake", "symptom", "pain", "withdrawal", "break",
    #: "photo"): one tuple per entry of that kind above, in the same order.
    tags: Mapping[str, Sequence[tuple[str, ...]]] = field(default_factory=dict)
    #: Tags to add to entries already in the journal: (kind, entry id, tags it lacks).
    more_tags: Sequence[tuple[str, int, tuple[str, ...]]] = ()
    #: Purchases and corrections; a negative product id is a new product's placeholder.
    purchases: Sequence[tuple[Purchase, Stamp]] = ()

    def __bool__(self) -> bool:
        return bool(
            self.products
            or self.symptom_types
            or self.intakes
            or self.symptoms
            or self.pain
            or self.withdrawal
            or self.breaks
            or self.photos
            or self.medications
            or self.plans
            or self.more_tags
            or self.purchases
            or self.settings is not None
        )
