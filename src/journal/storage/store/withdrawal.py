"""Scored withdrawal check-ins (SOWS)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from journal.domain.withdrawal import WithdrawalScore
from journal.storage.models import WithdrawalRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import WITHDRAWAL, between, withdrawal


class Withdrawal(StoreBase):
    def add_withdrawal(self, score: WithdrawalScore, tags: Sequence[str] | None = None) -> WithdrawalScore:
        saved = self._add(WITHDRAWAL, score, tags)
        return replace(score, id=saved.id, created=saved.created)

    def update_withdrawal(self, score: WithdrawalScore, tags: Sequence[str] | None = None) -> WithdrawalScore:
        """Save a corrected withdrawal check-in (its answers and time; its tags, unless None)."""
        return self._correct(WITHDRAWAL, score.id, lambda _old: score, tags)

    def withdrawal_score(self, entry_id: int) -> WithdrawalScore:
        return self._get(WITHDRAWAL, entry_id)

    def withdrawal(self, start: datetime | None = None, end: datetime | None = None) -> list[WithdrawalScore]:
        """Live scored check-ins with start <= time < end, oldest first."""
        query = between(select(WithdrawalRow), WithdrawalRow, start, end).order_by(WithdrawalRow.at_utc)
        with self._tx() as s:
            return [withdrawal(r) for r in s.scalars(query)]
