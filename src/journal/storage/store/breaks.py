"""Breaks: started, ended, corrected; the findings of the intakes inside them follow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from journal.domain.entities import Break
from journal.domain.times import Moment
from journal.storage.models import BreakRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import BREAKS, brk


def _in_order(b: Break) -> Break:
    if b.actual_end is not None and b.actual_end.utc < b.start.utc:
        raise ValueError("A break cannot end before it started.")
    return b


class Breaks(StoreBase):
    def start_break(self, new: Break, tags: Sequence[str] | None = None) -> Break:
        if self.running_break() is not None:
            raise ValueError("A break is already running; end it first.")
        return self._add(BREAKS, replace(new, actual_end=None), tags)

    def end_break(self, break_id: int, end: Moment, outcome: str = "") -> Break:
        def ended(running: Break) -> Break:
            return _in_order(replace(running, actual_end=end, outcome=outcome))

        return self._correct(BREAKS, break_id, ended)

    def update_break(self, corrected: Break, tags: Sequence[str] | None = None) -> Break:
        """Save a corrected break: its start, goal date, end, reason and outcome (its tags, unless None)."""
        _in_order(corrected)
        return self._correct(BREAKS, corrected.id, lambda _old: corrected, tags)

    def running_break(self) -> Break | None:
        with self._tx() as s:
            row = s.scalars(
                select(BreakRow)
                .where(BreakRow.deleted.is_(None), BreakRow.end_utc.is_(None))
                .order_by(BreakRow.start_utc.desc())
            ).first()
            return None if row is None else brk(row)

    def break_at(self, at: datetime) -> Break | None:
        """The break holding `at`, running or ended, as `guidance.break_at` picks it from `breaks()`."""
        b = BreakRow
        query = (
            select(b)
            .where(b.deleted.is_(None), b.start_utc <= at, (b.end_utc.is_(None)) | (b.end_utc > at))
            .order_by(b.start_utc.desc(), b.id.desc())
            .limit(1)
        )
        with self._tx() as s:
            row = s.scalars(query).first()
            return None if row is None else brk(row)

    def breaks(self) -> list[Break]:
        with self._tx() as s:
            return [
                brk(r)
                for r in s.scalars(
                    select(BreakRow)
                    .where(BreakRow.deleted.is_(None))
                    .order_by(BreakRow.start_utc, BreakRow.id)
                )
            ]

    def get_break(self, break_id: int) -> Break:
        return self._get(BREAKS, break_id)
