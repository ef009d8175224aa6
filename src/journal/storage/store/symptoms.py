"""Symptom types (the catalogue and a person's own) and symptom ratings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from journal.domain.catalogue import Catalogue
from journal.domain.entities import SymptomEntry, SymptomType
from journal.domain.errors import NotFound
from journal.storage.models import SymptomEntryRow, SymptomTypeRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import (
    aware,
    between,
    live,
    set_moment,
    symptom_entry,
    symptom_type,
    symptom_type_row,
    utc,
)


def _type_id(s: Session, key: str) -> int:
    type_id = s.scalars(select(SymptomTypeRow.id).where(SymptomTypeRow.key == key)).one_or_none()
    if type_id is None:
        raise NotFound(f"unknown symptom {key!r}")
    return type_id


class Symptoms(StoreBase):
    def sync_catalogue(self, catalogue: Catalogue) -> None:
        """Insert built-in symptom types the file does not have yet."""
        with self._tx(write=True) as s:
            have = set(s.scalars(select(SymptomTypeRow.key)))
            for stype in catalogue.types:
                if stype.key not in have:
                    row = symptom_type_row(stype)
                    self._stamp(row)
                    s.add(row)

    def symptom_types(self) -> list[SymptomType]:
        with self._tx() as s:
            rows = s.scalars(
                select(SymptomTypeRow).where(SymptomTypeRow.deleted.is_(None)).order_by(SymptomTypeRow.id)
            )
            return [symptom_type(r) for r in rows]

    def add_symptom_type(self, stype: SymptomType) -> SymptomType:
        row = symptom_type_row(replace(stype, builtin=False))
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            s.flush()
            return symptom_type(row)

    def add_symptom(self, entry: SymptomEntry, tags: Sequence[str] | None = None) -> SymptomEntry:
        with self._tx(write=True) as s:
            row = SymptomEntryRow(
                type_id=_type_id(s, entry.type_key),
                severity=int(entry.severity),
                body_area=entry.body_area,
                notes=entry.notes,
            )
            set_moment(row, entry.at)
            self._stamp(row)
            s.add(row)
            s.flush()
            self._tag(s, row, tags)
            return replace(entry, id=row.id, created=row.created)

    def update_symptom(self, entry: SymptomEntry, tags: Sequence[str] | None = None) -> SymptomEntry:
        """Save a corrected symptom entry (its symptom, severity, body area, note and time; its tags,
        unless None)."""
        with self._tx(write=True) as s:
            row = live(s, SymptomEntryRow, entry.id)
            row.type_id, row.severity = _type_id(s, entry.type_key), int(entry.severity)
            row.body_area, row.notes = entry.body_area, entry.notes
            set_moment(row, entry.at)
            self._stamp(row)
            self._tag(s, row, tags)
            return symptom_entry(row, entry.type_key)

    def symptom_entry(self, entry_id: int) -> SymptomEntry:
        with self._tx() as s:
            row = live(s, SymptomEntryRow, entry_id)
            key = s.scalars(select(SymptomTypeRow.key).where(SymptomTypeRow.id == row.type_id)).one()
            return symptom_entry(row, key)

    def symptoms(self, start: datetime | None = None, end: datetime | None = None) -> list[SymptomEntry]:
        query = between(
            select(SymptomEntryRow, SymptomTypeRow.key).join(SymptomTypeRow), SymptomEntryRow, start, end
        ).order_by(SymptomEntryRow.at_utc)
        with self._tx() as s:
            return [symptom_entry(r, key) for r, key in s.execute(query)]

    def symptom_ratings(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, int, str, int]]:
        """(UTC time, offset, symptom key, severity) of live ratings in [start, end), cheaply."""
        e, t = SymptomEntryRow, SymptomTypeRow
        query = between(
            select(utc(e.at_utc), e.offset_min, t.key, e.severity).join(t, e.type_id == t.id),
            e,
            start,
            end,
        )
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        return [(aware(at), offset, key, severity) for at, offset, key, severity in rows]
