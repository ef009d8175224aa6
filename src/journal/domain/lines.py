"""Entries as the History timeline reads them: plain tuples, read in bulk.

Storage fills them with a handful of queries and no ORM objects, so ten years
of entries load in a fraction of a second; the service turns them into rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from journal.domain.entities import Break, Level

#: A finding reduced to what a list of entries shows: how loud, and what it says.
FindingNote = tuple[Level, str]


class IntakeLine(NamedTuple):
    """An intake as the timeline shows it, with its product's name."""

    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    amount: Decimal
    unit: str
    form: str
    product_id: int | None
    product_name: str | None
    leaf_mg: int | None
    estimate: bool
    leaf_estimated: bool
    notes: str
    findings: tuple[FindingNote, ...]


class SymptomLine(NamedTuple):
    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    key: str
    label: str
    severity: int
    body_area: str
    notes: str


class PainLine(NamedTuple):
    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    pain_now: int
    peg_pain: int | None
    peg_enjoyment: int | None
    peg_activity: int | None
    mood: int | None
    notes: str


class WithdrawalLine(NamedTuple):
    """A scored withdrawal check-in (SOWS): its 16 answers as the 16 digits stored."""

    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    items: str


class PhotoLine(NamedTuple):
    """A photo of a body area, with the symptom rating it is linked to (its time, offset, words)."""

    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    area: str
    label: str
    notes: str
    sha256: str
    symptom_id: int | None
    symptom_at: datetime | None
    symptom_offset: int | None
    symptom_label: str | None
    symptom_severity: int | None


class PurchaseLine(NamedTuple):
    """A purchase or a stock correction ("I weighed it"), with its product's name."""

    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    amount: Decimal
    unit: str
    correction: bool
    price: Decimal | None
    batch: str
    notes: str
    product_id: int | None
    product_name: str | None


class BreakLine(NamedTuple):
    id: int
    created: datetime
    brk: Break


@dataclass(frozen=True, slots=True)
class LineQuery:
    """Which entries a timeline read returns: days, a product, a symptom, words in the notes, a tag,
    a page.

    Days are local calendar days (of the time in the zone it was recorded in),
    both ends included. `text` is matched case-folded against the notes (a
    break's reason and outcome). A page is read newest first: `limit` entries
    from `before` back (at `before` itself only those with an id below
    `before_id`; none at it when `before_id` is None).
    """

    first_day: date | None = None
    last_day: date | None = None
    #: Intakes of this product; with `no_product`, intakes without one.
    product_id: int | None = None
    no_product: bool = False
    symptom_key: str | None = None
    text: str = ""
    #: Entries carrying this context tag (in its stored form, `domain.tags`).
    tag: str | None = None
    before: datetime | None = None
    before_id: int | None = None
    limit: int | None = None
