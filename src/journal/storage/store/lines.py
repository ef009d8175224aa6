"""The History timeline's reads: every live entry as a plain tuple, in bulk.

Times and amounts are read as their stored text and converted here: the
column types' per-value conversion would cost several times as much, and Core
rows skip the ORM's loading step.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from journal.domain.lines import BreakLine, IntakeLine, PainLine, SymptomLine
from journal.storage.models import BreakRow, IntakeRow, PainRow, ProductRow, SymptomEntryRow, SymptomTypeRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import aware, brk, finding_notes, integer, text, utc


class Lines(StoreBase):
    def intake_lines(self, entry_id: int | None = None) -> list[IntakeLine]:
        """Every live intake (or the one with `entry_id`) with its product name."""
        i = IntakeRow
        query = (
            select(
                i.id,
                utc(i.at_utc),
                i.zone,
                i.offset_min,
                utc(i.created),
                text(i.amount),
                i.unit,
                i.form,
                i.product_id,
                ProductRow.name,
                i.leaf_mg,
                integer(i.estimate),
                integer(i.leaf_estimated),
                i.notes,
                i.findings,
            )
            .outerjoin(ProductRow, i.product_id == ProductRow.id)
            .where(i.deleted.is_(None))
        )
        if entry_id is not None:
            query = query.where(i.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        decimals: dict[str, Decimal] = {}
        return [
            IntakeLine(
                ident,
                aware(at),
                zone,
                offset,
                aware(created),
                decimals.get(amount) or decimals.setdefault(amount, Decimal(amount)),
                unit,
                form,
                product_id,
                product,
                leaf_mg,
                bool(estimate),
                bool(leaf_estimated),
                notes,
                finding_notes(findings),
            )
            for (
                ident,
                at,
                zone,
                offset,
                created,
                amount,
                unit,
                form,
                product_id,
                product,
                leaf_mg,
                estimate,
                leaf_estimated,
                notes,
                findings,
            ) in rows
        ]

    def symptom_lines(self, entry_id: int | None = None) -> list[SymptomLine]:
        e, t = SymptomEntryRow, SymptomTypeRow
        query = (
            select(
                e.id,
                utc(e.at_utc),
                e.zone,
                e.offset_min,
                utc(e.created),
                t.key,
                t.label,
                e.severity,
                e.body_area,
                e.notes,
            )
            .join(t, e.type_id == t.id)
            .where(e.deleted.is_(None))
        )
        if entry_id is not None:
            query = query.where(e.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        return [
            SymptomLine(ident, aware(at), zone, offset, aware(created), *rest)
            for ident, at, zone, offset, created, *rest in rows
        ]

    def pain_lines(self, entry_id: int | None = None) -> list[PainLine]:
        p = PainRow
        query = select(
            p.id,
            utc(p.at_utc),
            p.zone,
            p.offset_min,
            utc(p.created),
            p.pain_now,
            p.peg_pain,
            p.peg_enjoyment,
            p.peg_activity,
            p.mood,
            p.notes,
        ).where(p.deleted.is_(None))
        if entry_id is not None:
            query = query.where(p.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        return [
            PainLine(ident, aware(at), zone, offset, aware(created), *rest)
            for ident, at, zone, offset, created, *rest in rows
        ]

    def break_lines(self, entry_id: int | None = None) -> list[BreakLine]:
        query = select(BreakRow).where(BreakRow.deleted.is_(None))
        if entry_id is not None:
            query = query.where(BreakRow.id == entry_id)
        with self._tx() as s:
            return [BreakLine(r.id, r.created, brk(r)) for r in s.scalars(query)]
