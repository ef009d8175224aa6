"""Purchases and stock corrections (migration 0008), and what the stash needs of intakes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select

from journal.domain.entities import Unit
from journal.domain.stash import Purchase, Use
from journal.storage.models import IntakeRow, PurchaseRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import Family, aware, moment, set_moment, utc
from journal.storage.store.rows import text as as_text


def _purchase_to_row(p: Purchase, row: PurchaseRow) -> None:
    set_moment(row, p.at)
    row.product_id, row.amount, row.unit = p.product_id, p.amount, p.unit.value
    row.correction, row.price, row.batch, row.notes = p.correction, p.price, p.batch.strip(), p.notes


def purchase(r: PurchaseRow) -> Purchase:
    return Purchase(
        moment(r),
        r.amount,
        Unit(r.unit),
        r.product_id,
        r.correction,
        r.price,
        r.batch,
        r.notes,
        r.id,
        r.created,
    )


PURCHASES = Family(PurchaseRow, _purchase_to_row, purchase)


class Purchases(StoreBase):
    def add_purchase(self, p: Purchase) -> Purchase:
        return self._add(PURCHASES, p)

    def update_purchase(self, p: Purchase) -> Purchase:
        return self._correct(
            PURCHASES,
            p.id,
            lambda old: Purchase(
                p.at,
                p.amount,
                p.unit,
                p.product_id,
                p.correction,
                p.price,
                p.batch,
                p.notes,
                old.id,
                old.created,
            ),
        )

    def purchase(self, purchase_id: int) -> Purchase:
        return self._get(PURCHASES, purchase_id)

    def purchases(self) -> list[Purchase]:
        """Every live purchase and correction, oldest first."""
        query = (
            select(PurchaseRow)
            .where(PurchaseRow.deleted.is_(None))
            .order_by(PurchaseRow.at_utc, PurchaseRow.id)
        )
        with self._tx() as s:
            return [purchase(r) for r in s.scalars(query)]

    def uses(self, since: Mapping[int | None, datetime]) -> list[Use]:
        """What the stash needs of the live intakes of these products (None: intakes naming none), each
        from its instant on, in time order."""
        if not since:
            return []
        i = IntakeRow
        which = or_(
            *(
                and_(i.product_id.is_(None) if pid is None else i.product_id == pid, i.at_utc >= at)
                for pid, at in since.items()
            )
        )
        query = (
            select(utc(i.at_utc), i.offset_min, as_text(i.amount), i.unit, i.product_id)
            .where(i.deleted.is_(None), which)
            .order_by(i.at_utc, i.id)
        )
        with self._tx() as s:
            result = s.connection().execute(query)
            try:  # the driver's rows: text and whole numbers only, no result processing needed
                rows = result.cursor.fetchall() if result.cursor is not None else []
            finally:
                result.close()
        units = {u.value: u for u in Unit}
        decimals: dict[str, Decimal] = {}  # people take the same few amounts
        return [
            Use(
                aware(at),
                offset,
                decimals.get(amount) or decimals.setdefault(amount, Decimal(amount)),
                units[unit],
                pid,
            )
            for at, offset, amount, unit, pid in rows
        ]
