"""Context tags as the rest of the journal reads them: one entry's, many entries', and those in use.

Writing tags happens with the entry's own save (`StoreBase._add`, `_correct`),
in its transaction; `tagged.py` holds the reads and writes on a session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, union_all

from journal.domain.errors import NotFound
from journal.storage.models import BreakRow, EntryTagRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import aware, utc
from journal.storage.store.tagged import TAGGED, live_tag, read_tags, write_tags


class Tags(StoreBase):
    def entry_tags(self, kind: str, entry_id: int) -> tuple[str, ...]:
        """The tags of one entry, sorted (none for an entry without any)."""
        with self._tx() as s:
            return read_tags(s, kind, [entry_id]).get(entry_id, ())

    def set_entry_tags(self, kind: str, entry_id: int, tags: Sequence[str]) -> None:
        """Make `tags` (checked) the tags of a live entry, on their own."""
        model = TAGGED[kind]
        with self._tx(write=True) as s:
            if s.scalar(select(model.id).where(model.id == entry_id, model.deleted.is_(None))) is None:
                raise NotFound(f"no {kind} with id {entry_id}")
            write_tags(s, kind, entry_id, tags)

    def tags_of(self, kind: str, entry_ids: Iterable[int] | None = None) -> dict[int, tuple[str, ...]]:
        """The tags of many entries of `kind` (those of `entry_ids`, or every one), by id: one read."""
        with self._tx() as s:
            return read_tags(s, kind, entry_ids)

    def tag_counts(self) -> dict[str, int]:
        """Every tag on a live entry, with how many live entries carry it."""
        query = (
            select(EntryTagRow.tag, func.count())
            .where(or_(*(live_tag(kind) for kind in TAGGED)))
            .group_by(EntryTagRow.tag)
            .order_by(EntryTagRow.tag)
        )
        with self._tx() as s:
            return {tag: int(count) for tag, count in s.execute(query)}

    def tag_uses(self, start: datetime, end: datetime) -> list[tuple[str, str, int, datetime, int]]:
        """(tag, kind, entry id, UTC time, offset in minutes) of every tag on a live entry whose time
        lies in [start, end), oldest first."""
        parts = []
        for kind, model in TAGGED.items():
            at = model.start_utc if model is BreakRow else model.at_utc
            parts.append(
                select(
                    EntryTagRow.tag,
                    EntryTagRow.kind,
                    EntryTagRow.entry_id,
                    utc(at).label("at_utc"),
                    model.offset_min,
                )
                .join(model, model.id == EntryTagRow.entry_id)
                .where(EntryTagRow.kind == kind, model.deleted.is_(None), at >= start, at < end)
            )
        query = union_all(*parts).order_by("at_utc", "tag")
        with self._tx() as s:
            return [
                (tag, kind, ident, aware(at), offset) for tag, kind, ident, at, offset in s.execute(query)
            ]
