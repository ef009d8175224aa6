"""Entries as the History timeline reads them: plain tuples, read in bulk.

Storage fills them with a handful of queries and no ORM objects, so ten years
of entries load in a fraction of a second; the service turns them into rows.
"""

from __future__ import annotations

from datetime import datetime
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


class BreakLine(NamedTuple):
    id: int
    created: datetime
    brk: Break
