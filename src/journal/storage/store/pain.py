"""Pain check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from journal.domain.entities import PainCheckin
from journal.storage.models import PainRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import PAIN, between, pain


class Pain(StoreBase):
    def add_pain(self, checkin: PainCheckin, tags: Sequence[str] | None = None) -> PainCheckin:
        saved = self._add(PAIN, checkin, tags)
        return replace(checkin, id=saved.id, created=saved.created)

    def update_pain(self, checkin: PainCheckin, tags: Sequence[str] | None = None) -> PainCheckin:
        """Save a corrected pain check-in (and its tags, unless None)."""
        return self._correct(PAIN, checkin.id, lambda _old: checkin, tags)

    def pain_checkin(self, entry_id: int) -> PainCheckin:
        return self._get(PAIN, entry_id)

    def pain(self, start: datetime | None = None, end: datetime | None = None) -> list[PainCheckin]:
        query = between(select(PainRow), PainRow, start, end).order_by(PainRow.at_utc)
        with self._tx() as s:
            return [pain(r) for r in s.scalars(query)]
