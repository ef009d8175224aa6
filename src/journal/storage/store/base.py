"""What every part of the Store shares: transactions, stamps, fresh findings, and adding,
correcting and reading one entry, written once for every kind (`rows.Family`)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from journal.domain.errors import READ_ONLY
from journal.domain.guidance import Guidance
from journal.storage import backups, crypto, findings
from journal.storage import engine as eng
from journal.storage.crypto import Key
from journal.storage.models import IntakeRow, Stamped
from journal.storage.store.rows import Family, Touched, live
from journal.storage.store.tagged import kind_of, write_tags

Clock = Callable[[], datetime]
E = TypeVar("E")
R = TypeVar("R", bound=Stamped)


def utc_now() -> datetime:
    return datetime.now(UTC)


def connect(path: Path, key: Key | None, folder: Path, clock: Clock) -> tuple[Engine, int]:
    """Vet the file, open an engine on it and bring its schema to head.

    Returns the engine and the schema version the file had. `key` is the
    journal's derived key (None for a file that is not encrypted).
    """
    version = eng.check_file(path, key) if path.exists() else 0
    if not path.exists():
        path.touch(mode=eng.PRIVATE_FILE)
    engine = eng.make_engine(path, key)
    try:
        eng.migrate(engine, version, lambda reason: backups.take(engine, folder, reason, clock(), key).path)
    except BaseException:
        engine.dispose()
        raise
    return engine, version


class StoreBase:
    """The engine, the clock and the rules findings are kept fresh with; one transaction at a time."""

    path: Path
    clock: Clock
    engine: Engine
    #: The rules stored findings are kept fresh with (the Journal sets its own).
    guidance: Guidance
    #: Ids of the intakes whose stored findings the latest change to an intake or a
    #: break rewrote, so a page that shows findings can update those rows too.
    refreshed: frozenset[int]
    _session: sessionmaker[Session]
    _writer: sessionmaker[Session]
    _key: Key | None
    #: A connection kept only to see commits (`PRAGMA data_version`), and how many there were.
    _watch: sqlite3.Connection | None = None
    _watches = 0
    _watch_lock: threading.Lock

    def check_pictures(self) -> tuple[list[str], int]:
        """The photo stores' problems in words, and how many live photos there are (store/photos.py)."""
        return [], 0

    def _use(self, engine: Engine) -> None:
        self._drop_watch()
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(eng.writer(engine), expire_on_commit=False)

    def commits(self) -> tuple[int, int]:
        """(which watch, its PRAGMA data_version): changes whenever any other connection commits.

        The value is one connection's own and moves only with other connections'
        commits, so it is read on a connection kept for nothing else; a new one
        (after a lock, a restore or a new passphrase) counts as a change.
        """
        with self._watch_lock:
            if self._watch is None:
                self._watch = crypto.connect(str(self.path), self._key)
                self._watches += 1
            return self._watches, int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _drop_watch(self) -> None:
        """Close the watching connection: before the file is closed, locked or replaced."""
        if not hasattr(self, "_watch_lock"):
            self._watch_lock = threading.Lock()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    @property
    def folder(self) -> Path:
        return self.path.parent

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction; a writing one takes the write lock when it begins.

        A write the disk refuses (full, read-only) is rolled back and raised as
        WriteFailed. A read-only refusal also drops the pooled connections: they
        stay read-only for good, and the next save should see the folder as it is then.
        """
        try:
            with (self._writer if write else self._session).begin() as session:
                yield session
        except DBAPIError as err:
            failed = eng.write_failure(err.orig or err)
            if failed is None:
                raise
            if failed.reason == READ_ONLY:
                self.engine.dispose()
            raise failed from err

    def _stamp(self, row: Stamped) -> None:
        now = self.clock()
        if getattr(row, "created", None) is None:
            row.created = now
        row.updated = now

    def _refresh(self, s: Session, touched: Touched, rows: Sequence[IntakeRow] = ()) -> None:
        """Bring stored findings up to date in this transaction, after a change that `touched` them.

        `rows` are intake rows this session holds, given the findings written for them.
        """
        s.flush()
        written = findings.refresh(
            s.connection(), self.guidance, moments=touched.moments, spans=touched.spans
        )
        self.refreshed = frozenset(written)
        for row in rows:
            if row.id in written:
                set_committed_value(row, "findings", written[row.id])

    # -- one entry of any kind ----------------------------------------------------------

    def _add(self, family: Family[E, R], entity: E, tags: Sequence[str] | None = None) -> E:
        """Save a new entry (with its context tags); the findings it reaches are worked out in the
        same transaction."""
        row = family.model()
        family.fill(entity, row)
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            s.flush()
            self._tag(s, row, tags)
            if family.touches is not None:
                self._refresh(s, family.touches(row), _intakes(row))
            return family.read(row)

    def _correct(
        self,
        family: Family[E, R],
        entry_id: int | None,
        change: Callable[[E], E],
        tags: Sequence[str] | None = None,
    ) -> E:
        """Save an entry as `change` makes it from what it is (and its tags, unless None), in one
        transaction.

        The findings around what it was and what it is now are worked out again.
        """
        with self._tx(write=True) as s:
            row = live(s, family.model, entry_id)
            before = family.touches(row) if family.touches is not None else None
            family.fill(change(family.read(row)), row)
            self._stamp(row)
            self._tag(s, row, tags)
            if family.touches is not None and before is not None:
                self._refresh(s, before + family.touches(row), _intakes(row))
            return family.read(row)

    @staticmethod
    def _tag(s: Session, row: Any, tags: Sequence[str] | None) -> None:
        """Make `tags` the context tags of the entry in `row` (None: leave them as they are)."""
        if tags is None:
            return
        kind = kind_of(type(row))
        if kind is None:
            raise ValueError(f"{type(row).__name__} entries take no tags")
        write_tags(s, kind, row.id, tags)

    def _get(self, family: Family[E, R], entry_id: int) -> E:
        with self._tx() as s:
            return family.read(live(s, family.model, entry_id))


def _intakes(row: Any) -> list[IntakeRow]:
    return [row] if isinstance(row, IntakeRow) else []
