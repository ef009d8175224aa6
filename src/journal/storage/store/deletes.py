"""Deleting and undoing: soft deletes while undo can bring them back, erased for good after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session

from journal.domain.entities import Kind
from journal.domain.errors import NotFound
from journal.storage import pictures
from journal.storage.models import (
    BreakRow,
    IntakeRow,
    MedicationRow,
    PainRow,
    PhotoRow,
    ProductRow,
    PurchaseRow,
    SymptomEntryRow,
    SymptomTypeRow,
    TaperPlanRow,
    WithdrawalRow,
)
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import Touched
from journal.storage.store.tagged import purge_orphans

_ROWS: dict[Kind, type[Any]] = {
    Kind.INTAKE: IntakeRow,
    Kind.SYMPTOM: SymptomEntryRow,
    Kind.PAIN: PainRow,
    Kind.WITHDRAWAL: WithdrawalRow,
    Kind.PHOTO: PhotoRow,
    Kind.BREAK: BreakRow,
    Kind.PRODUCT: ProductRow,
    Kind.MEDICATION: MedicationRow,
    Kind.PLAN: TaperPlanRow,
    Kind.PURCHASE: PurchaseRow,
}


class Deletes(StoreBase):
    def delete(self, kind: Kind, entry_id: int) -> None:
        """Soft-delete: hidden everywhere, restorable with undo_delete."""
        self._set_deleted(kind, entry_id, self.clock())

    def undo_delete(self, kind: Kind, entry_id: int) -> None:
        self._set_deleted(kind, entry_id, None)

    def _set_deleted(self, kind: Kind, entry_id: int, when: datetime | None) -> None:
        """Delete or restore; an intake or a break changes the findings around it, refreshed here."""
        model = _ROWS[kind]
        with self._tx(write=True) as s:
            result = s.execute(
                update(model).where(model.id == entry_id).values(deleted=when, updated=self.clock())
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFound(f"no {kind} with id {entry_id}")
            if kind is Kind.INTAKE:
                at = s.execute(select(IntakeRow.at_utc, IntakeRow.offset_min).where(IntakeRow.id == entry_id))
                self._refresh(s, Touched(moments=tuple((t, offset) for t, offset in at)))
            elif kind is Kind.BREAK:
                span = s.execute(select(BreakRow.start_utc, BreakRow.end_utc).where(BreakRow.id == entry_id))
                self._refresh(s, Touched(spans=tuple((start, end) for start, end in span)))

    def purge_deleted(self) -> int:
        """Remove every soft-deleted row for good; returns how many rows went.

        Only for when undo can no longer bring them back (the window closed, its
        undo history emptied). secure_delete, set on every connection, zeroes the
        freed bytes in the file; the checkpoint then copies the zeroed pages into
        the file and empties the write-ahead log, which still held the old ones.
        Pictures of purged photos leave the photo store the same way, and so do the context
        tags of purged entries (they stay while undo can bring their entry back).
        Entries go first; a deleted product or symptom type that a kept entry still
        names stays (soft-deleted) so that entry keeps its name.
        """
        removed = 0
        with self._tx(write=True) as s:
            # A kept photo's link to a deleted symptom rating goes with the rating.
            gone = select(SymptomEntryRow.id).where(SymptomEntryRow.deleted.is_not(None))
            s.execute(update(PhotoRow).where(PhotoRow.symptom_id.in_(gone)).values(symptom_id=None))
            for model in (
                IntakeRow,
                SymptomEntryRow,
                PainRow,
                WithdrawalRow,
                PhotoRow,
                BreakRow,
                MedicationRow,
                TaperPlanRow,
                PurchaseRow,
            ):
                result = s.execute(sql_delete(model).where(model.deleted.is_not(None)))
                removed += result.rowcount  # type: ignore[attr-defined]
            purge_orphans(s)
            self._prune_pictures(s)
            for parent, child_refs in (
                (
                    ProductRow,
                    (IntakeRow.product_id == ProductRow.id, PurchaseRow.product_id == ProductRow.id),
                ),
                (SymptomTypeRow, (SymptomEntryRow.type_id == SymptomTypeRow.id,)),
            ):
                named = or_(*(exists().where(ref) for ref in child_refs))
                query = sql_delete(parent).where(parent.deleted.is_not(None), ~named)
                removed += s.execute(query).rowcount  # type: ignore[attr-defined]
        self.checkpoint()
        return removed

    def _prune_pictures(self, s: Session) -> int:
        """Remove, under this transaction's write lock, the pictures no photo entry names any more:
        their bytes are zeroed in the photo store (secure_delete) and its log emptied."""
        store = pictures.store_path(self.folder)
        if not store.exists():
            return 0
        named = set(s.scalars(select(PhotoRow.sha256).distinct()))
        with pictures.connect(store, self._key) as con:
            return pictures.keep_only(con, named)

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the file and truncate it; False if a reader held it back."""
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            busy: int = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            raw.close()
        return busy == 0
