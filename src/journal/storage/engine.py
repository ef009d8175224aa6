"""Opening the journal file safely: checks first, pragmas, migrations after a backup.

A file that is not ours, is damaged, or was written by a newer app is refused
before anything touches it: the header is read as bytes, and the integrity check
runs on a read-only connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from journal.domain.errors import (
    FULL,
    READ_ONLY,
    DamagedJournalError,
    JournalLocked,
    NewerJournalError,
    NotAJournalError,
    PassphraseRequired,
    WriteFailed,
    WrongPassphrase,
)
from journal.storage import crypto

#: "KJRN" - marks the file as this app's journal (PRAGMA application_id).
APPLICATION_ID = 0x4B4A524E
#: PRAGMA user_version: bumped with every Alembic revision (see migrations/).
SCHEMA_VERSION = 8
HEAD_REVISION = "0008"
_HEADER = b"SQLite format 3\x00"
PRIVATE_FILE = 0o600
_WRITER_OPTION = "journal_writer"
_SQLITE_READONLY, _SQLITE_FULL = 8, 13
#: The database driver's own errors (SQLAlchemy wraps most of them in DBAPIError).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, sqlite3.Error, *crypto.database_errors())


def write_failure(err: BaseException) -> WriteFailed | None:
    """The WriteFailed an SQLite error stands for, or None when it is another kind of error.

    By result code where the driver gives one (extended codes share the primary
    code's low byte), by SQLite's own words otherwise (SQLCipher's driver).
    """
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int):
        primary = code & 0xFF
        if primary == _SQLITE_FULL:
            return WriteFailed(FULL)
        return WriteFailed(READ_ONLY) if primary == _SQLITE_READONLY else None
    words = str(err)
    if "database or disk is full" in words:
        return WriteFailed(FULL)
    return WriteFailed(READ_ONLY) if "readonly database" in words else None


def read_header(path: Path) -> tuple[int, int] | None:
    """(application_id, user_version) from the file's header bytes, None for an empty file.

    Reading bytes rather than opening SQLite means a file that is not SQLite at
    all is never touched. The values can be stale while changes to page 1 sit in
    the write-ahead log (a journal another process has open, or one whose app
    was killed), so `check_file` asks SQLite itself, read-only, for the truth.
    """
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head:
        return None
    if len(head) < 100 or not head.startswith(_HEADER):
        raise NotAJournalError(f"{path} is not a journal file (it is not an SQLite database).")
    return int.from_bytes(head[68:72], "big"), int.from_bytes(head[60:64], "big")


def check_file(path: Path, unlock: crypto.Unlock = None) -> int:
    """Vet an existing file before use; returns its schema version (0 when empty or blank).

    Everything runs on a read-only connection, so a foreign, newer or damaged
    file is left exactly as it was (and gets no -wal or -shm files either). A
    blank SQLite file (no id, no version, no tables: a journal whose creation
    was interrupted) counts as new. An encrypted file needs its passphrase
    (or the key derived from it: `unlock`).
    """
    key: crypto.Key | None = None
    if crypto.is_encrypted(path):
        key = crypto.key_for(path, unlock)
        if key is None:
            raise PassphraseRequired(f"{path} is protected by a passphrase.")
    elif read_header(path) is None:
        return 0
    uri = crypto.read_only_uri(path)
    try:
        with contextlib.closing(crypto.connect(uri, key, uri=True)) as con:
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except crypto.database_errors() as err:
                if key is None:
                    raise
                raise WrongPassphrase(
                    "That passphrase does not open the journal (or the file is damaged). Nothing was changed."
                ) from err
            app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            blank = app_id == 0 and version == 0
            if blank and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return 0
            if app_id != APPLICATION_ID:
                raise NotAJournalError(
                    f"{path} is an SQLite file from another application, not a journal; "
                    "it was left untouched."
                )
            if version > SCHEMA_VERSION:
                raise NewerJournalError(
                    f"{path} was written by a newer version of the journal (schema {version}, this app "
                    f"knows up to {SCHEMA_VERSION}). Update the app; the file was left untouched."
                )
            result = con.execute("PRAGMA quick_check").fetchall()
    except crypto.database_errors() as err:
        raise DamagedJournalError(f"{path} is damaged and cannot be read ({err}).") from err
    if result != [("ok",)]:
        raise DamagedJournalError(
            f"{path} is damaged: the integrity check failed ({result[0][0]}). It was left untouched."
        )
    return version


def _on_connect(dbapi_con: Any, _record: Any) -> None:
    # The sqlite3 module would otherwise commit before DDL and only begin before
    # DML, so a migration could half-apply; `_on_begin` opens every transaction.
    dbapi_con.isolation_level = None
    cur = dbapi_con.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=5000",
        "secure_delete=ON",
    ):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def make_engine(path: Path, key: crypto.Key | None = None) -> Engine:
    """An engine whose every connection has the journal's pragmas set.

    With a key, connections are SQLCipher's, each given the raw key first (no
    key derivation per connection); SQLAlchemy is told the driver is sqlcipher3
    so it wraps SQLCipher's exceptions as DBAPIError like any other driver's.
    The URL never holds the key. Once the key is forgotten (the window's lock),
    a new connection raises JournalLocked.
    """
    url = URL.create("sqlite+pysqlite", database=str(path))
    if key is None:
        args = {"check_same_thread": False}
        engine = create_engine(url, connect_args=args, poolclass=QueuePool, pool_size=2)
    else:
        import sqlcipher3

        def connect() -> Any:
            if key.forgotten:
                raise JournalLocked("The journal is locked. Unlock it to go on.")
            return crypto.connect(str(path), key)

        engine = create_engine(url, module=sqlcipher3, creator=connect, poolclass=QueuePool, pool_size=2)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_begin(conn: Any) -> None:
    """Every transaction, DDL included, is a real one; writers lock up front.

    A transaction that reads and then writes would fail at once if another
    process (the command line while the window is open) wrote in between;
    BEGIN IMMEDIATE instead waits for the other writer (busy_timeout). Readers
    stay DEFERRED so they never hold the write lock.
    """
    immediate = conn.get_execution_options().get(_WRITER_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine (pool, pragmas) whose transactions begin IMMEDIATE."""
    return engine.execution_options(**{_WRITER_OPTION: True})


def make_private(path: Path) -> None:
    """Database, WAL and shared-memory files readable by the user alone."""
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.chmod(PRIVATE_FILE)


def backup(engine: Engine, dest: Path, key: crypto.Key | None = None) -> Path:
    """Copy the live database with SQLite's backup API, then verify the copy.

    The copy is encrypted with the journal's own key and salt when it has one,
    so the journal's passphrase opens it and the same derived key reads it.
    """
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)
    raw = engine.raw_connection()
    try:
        with contextlib.closing(crypto.connect(str(tmp), key)) as target:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            ok = target.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            ok = ok and target.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            target.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise DamagedJournalError("the backup copy failed its integrity check")
    tmp.replace(dest)
    return dest


def migrate(engine: Engine, from_version: int, save: Callable[[str], Path]) -> Path | None:
    """Bring the schema to head; an existing journal is backed up first with `save(reason)`.

    Returns the backup written, if any.
    """
    saved = None
    if from_version >= SCHEMA_VERSION:
        return None
    if from_version > 0:
        saved = save(f"before-upgrade-v{from_version}")
    from alembic import command  # imported here: only needed when the schema changes
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with writer(engine).begin() as con:
        cfg.attributes["connection"] = con
        command.upgrade(cfg, "head")
        con.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
        con.execute(text(f"PRAGMA user_version = {SCHEMA_VERSION}"))
    return saved
