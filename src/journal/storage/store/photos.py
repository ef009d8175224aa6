"""Photos: their entries in the journal, their pixels in the photo store beside it (pictures.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from journal.domain.errors import DamagedJournalError, JournalLocked, NotFound
from journal.domain.photos import Photo, PhotoImage
from journal.storage import crypto, pictures
from journal.storage.models import PhotoRow, SymptomEntryRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import PHOTOS, between, photo

_UNREADABLE: tuple[type[Exception], ...] = (*crypto.database_errors(), DamagedJournalError)


class Photos(StoreBase):
    _encrypted: bool

    def _pictures(self, *, create: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        """A connection to the photo store, under the journal's key (JournalLocked while locked)."""
        if self._encrypted and self._key is None:
            raise JournalLocked("The journal is locked. Unlock it to go on.")
        return pictures.connect(pictures.store_path(self.folder), self._key, create=create)

    @contextmanager
    def _reading_pictures(self) -> Iterator[sqlite3.Connection | None]:
        """The photo store to read from, or None while there is none (no photo was ever added)."""
        if not pictures.store_path(self.folder).exists():
            yield None
            return
        with self._pictures() as con:
            yield con

    def add_photos(
        self, items: Sequence[tuple[Photo, PhotoImage]], tags: Sequence[str] | None = None
    ) -> list[Photo]:
        """Save photos: pictures first, then their entries (each with `tags`, already checked), all
        under the journal's write lock.

        The lock keeps a clean-up (`purge_deleted`) from removing a picture
        between the two. If the entries cannot be written, pictures that
        nothing names stay in the store until the next clean-up.
        """
        rows = []
        for item, _image in items:
            row = PhotoRow()
            PHOTOS.fill(replace(item, id=None, created=None), row)
            self._stamp(row)
            rows.append(row)
        with self._tx(write=True) as s:
            self._check_symptoms(s, [p.symptom_id for p, _ in items])
            with self._pictures(create=True) as con:
                for _photo, image in items:
                    pictures.put(con, image)
            s.add_all(rows)
            s.flush()
            for row in rows:
                self._tag(s, row, tags)
            return [photo(row) for row in rows]

    def update_photo(self, changed: Photo, tags: Sequence[str] | None = None) -> Photo:
        """Save a corrected photo entry: its time, area, label, note and link (never its pixels), and
        its tags (unless None) in the same transaction."""

        def change(old: Photo) -> Photo:
            return replace(
                changed, sha256=old.sha256, width=old.width, height=old.height, created=old.created
            )

        with self._tx() as s:
            self._check_symptoms(s, [changed.symptom_id])
        return self._correct(PHOTOS, changed.id, change, tags)

    def _check_symptoms(self, s: Session, ids: Collection[int | None]) -> None:
        for symptom_id in {i for i in ids if i is not None}:
            row = s.get(SymptomEntryRow, symptom_id)
            if row is None or row.deleted is not None:
                raise NotFound(f"no symptom rating with id {symptom_id}")

    def photo(self, entry_id: int) -> Photo:
        return self._get(PHOTOS, entry_id)

    def photos(self, start: datetime | None = None, end: datetime | None = None) -> list[Photo]:
        """Live photos with start <= time < end, oldest first."""
        query = between(select(PhotoRow), PhotoRow, start, end).order_by(PhotoRow.at_utc, PhotoRow.id)
        with self._tx() as s:
            return [photo(r) for r in s.scalars(query)]

    def photo_with_hash(self, sha256: str) -> Photo | None:
        """The oldest live photo whose pixels have this hash, if any."""
        query = between(select(PhotoRow), PhotoRow, None, None).where(PhotoRow.sha256 == sha256)
        with self._tx() as s:
            row = s.scalars(query.order_by(PhotoRow.at_utc, PhotoRow.id).limit(1)).one_or_none()
            return None if row is None else photo(row)

    def picture(self, sha256: str) -> bytes | None:
        """A photo's stored bytes (a JPEG with no metadata), or None when the store lacks them."""
        with self._reading_pictures() as con:
            return None if con is None else pictures.image(con, sha256)

    def thumbnails(self, hashes: Collection[str]) -> dict[str, bytes]:
        """The thumbnails the store has of these pictures, by hash (read in one connection)."""
        with self._reading_pictures() as con:
            return {} if con is None else pictures.thumbs(con, hashes)

    def put_pictures(self, images: Sequence[PhotoImage]) -> list[str]:
        """Store pictures ahead of entries written in bulk under the same write lock (an import);
        returns the hashes of those that were not there before."""
        added = []
        if images:
            with self._pictures(create=True) as con:
                added = [image.sha256 for image in images if pictures.put(con, image)]
        return added

    def drop_pictures(self, hashes: Collection[str]) -> int:
        """Remove these pictures unless an entry names them (after a bulk write that failed)."""
        with self._tx(write=True) as s:
            named = set(s.scalars(select(PhotoRow.sha256).where(PhotoRow.sha256.in_(list(hashes)))))
            with self._pictures() as con:
                return pictures.remove(con, set(hashes) - named)

    def check_pictures(self) -> tuple[list[str], int]:
        """The photo stores' integrity, and every live photo's picture read back against its hash.

        Returns problems in words and how many live photos there are.
        """
        with self._tx() as s:
            named = list(s.scalars(between(select(PhotoRow.sha256), PhotoRow, None, None)))
        problems: list[str] = []
        if named and not pictures.store_path(self.folder).exists():
            return [f"the photo store is missing: {len(named)} photos cannot be shown"], len(named)
        try:
            with self._reading_pictures() as con:
                if con is not None:
                    found, bad = pictures.check(con, named)
                    problems += found
                    if bad:
                        n = len(bad)
                        problems.append(
                            f"{n} photo{'s are' if n != 1 else ' is'} missing from the photo store or damaged"
                        )
            kept = pictures.backup_store_path(self.folder)
            if kept.exists():
                with pictures.connect(kept, self._key) as con:
                    found, _ = pictures.check(con, ())
                    problems += [p.replace("photo store", "photo backup store") for p in found]
        except _UNREADABLE as err:
            problems.append(f"a photo store cannot be read ({err})")
        return problems, len(named)


__all__ = ["Photos"]
