"""The pixels of the journal's photos: two SQLite files beside the journal, addressed by hash.

Photos are large and never change once stored, so they are kept apart from
the journal's rows, which only name each photo's sha256:

- the **photo store**, `journal.sqlite3-photos` beside the journal, holds the
  pictures the journal's photo entries name (and their thumbnails);
- the **photo backup store**, `backups/photos.sqlite3`, holds one copy of every
  picture a backup names, with a reference per backup. Each dated backup of
  the journal stays small: a picture is backed up once, however many backups
  name it, and goes once the last backup that names it is thinned or deleted.

Both are SQLite files under the journal's key (SQLCipher, with the journal's
salt, so the one key derivation opens them), with the journal's pragmas
(write-ahead log, full sync, secure_delete: freed pages are zeroed). They are
re-keyed with the journal and its backups as one operation (rekey.py), erased
with it ("Delete all my data" takes every `journal.sqlite3*` file and
`backups/`), and restored with it: a restore copies back from the backup
store what the restored journal names (`settle`).

A photo is written under the journal's write lock, picture first and entry
after, and the store is cleaned under the same lock, so a picture never
goes while an entry is being saved that names it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from journal import paths
from journal.domain.errors import DamagedJournalError
from journal.domain.photos import PhotoImage
from journal.storage import crypto

#: The photo store beside the journal (its name starts with the journal's: erasing takes it).
STORE_NAME = paths.DB_NAME + "-photos"
#: The photo backup store, in backups/ (not a dated backup: backups.list_backups ignores it).
BACKUP_NAME = "photos.sqlite3"
#: "KJPH": PRAGMA application_id of both stores.
APPLICATION_ID = 0x4B4A5048
VERSION = 1
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS pictures (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, "
    "image BLOB NOT NULL, thumb BLOB NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, "
    "added TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS backup_refs (backup TEXT NOT NULL, sha256 TEXT NOT NULL, "
    "PRIMARY KEY (backup, sha256)) WITHOUT ROWID",
)


def store_path(folder: Path) -> Path:
    return folder / STORE_NAME


def backup_store_path(folder: Path) -> Path:
    return folder / "backups" / BACKUP_NAME


def files(folder: Path) -> list[Path]:
    """The photo stores that exist in `folder` (none until the first photo)."""
    return [p for p in (store_path(folder), backup_store_path(folder)) if p.exists()]


@contextlib.contextmanager
def connect(path: Path, key: crypto.Key | None, *, create: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to a photo store (made if `create`), autocommit, with the journal's pragmas.

    Raises FileNotFoundError for a store that is not there and `create` is False,
    and DamagedJournalError for a file that is not a photo store.
    """
    if not path.exists():
        if not create:
            raise FileNotFoundError(2, "no photo store", str(path))
        with contextlib.suppress(FileExistsError):  # another process made it a moment ago
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    con = crypto.connect(str(path), key)
    try:
        con.isolation_level = None
        for pragma in ("busy_timeout=5000", "journal_mode=WAL", "synchronous=FULL", "secure_delete=ON"):
            con.execute(f"PRAGMA {pragma}")
        app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
        if app_id == 0:
            with _transaction(con):
                for statement in _SCHEMA:
                    con.execute(statement)
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {VERSION}")
        elif app_id != APPLICATION_ID:
            raise DamagedJournalError(f"{path} is not the journal's photo store; it was left untouched.")
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[None]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading and writing pictures ------------------------------------------------------------------


def put(con: sqlite3.Connection, image: PhotoImage) -> bool:
    """Store a picture unless it is there (same hash: same bytes); True when it was added."""
    with _transaction(con):
        cur = con.execute(
            "INSERT OR IGNORE INTO pictures (sha256, image, thumb, width, height, added) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (image.sha256, image.data, image.thumb, image.width, image.height, _now()),
        )
        return cur.rowcount == 1


def image(con: sqlite3.Connection, sha256: str) -> bytes | None:
    row = con.execute("SELECT image FROM pictures WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else bytes(row[0])


def thumbs(con: sqlite3.Connection, hashes: Iterable[str]) -> dict[str, bytes]:
    """The thumbnails of these pictures that are there, by hash."""
    out: dict[str, bytes] = {}
    for sha in hashes:
        row = con.execute("SELECT thumb FROM pictures WHERE sha256 = ?", (sha,)).fetchone()
        if row is not None:
            out[sha] = bytes(row[0])
    return out


def present(con: sqlite3.Connection) -> set[str]:
    """Hashes of every picture in the store."""
    return {r[0] for r in con.execute("SELECT sha256 FROM pictures")}


def copy_missing(source: sqlite3.Connection, target: sqlite3.Connection, hashes: Collection[str]) -> int:
    """Copy the pictures of `hashes` that `target` lacks from `source` (those it has); returns how many."""
    missing = set(hashes) - present(target)
    copied = 0
    with _transaction(target):
        for sha in sorted(missing):
            row = source.execute(
                "SELECT sha256, image, thumb, width, height FROM pictures WHERE sha256 = ?", (sha,)
            ).fetchone()
            if row is not None:
                target.execute(
                    "INSERT OR IGNORE INTO pictures (sha256, image, thumb, width, height, added) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (*row, _now()),
                )
                copied += 1
    return copied


def keep_only(con: sqlite3.Connection, keep: Collection[str]) -> int:
    """Remove every picture not in `keep`, its bytes zeroed (secure_delete), the log emptied; how many."""
    gone = sorted(present(con) - set(keep))
    if gone:
        with _transaction(con):
            con.executemany("DELETE FROM pictures WHERE sha256 = ?", [(sha,) for sha in gone])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(gone)


def remove(con: sqlite3.Connection, hashes: Collection[str]) -> int:
    """Remove these pictures, their bytes zeroed, the log emptied; how many were there."""
    gone = sorted(set(hashes) & present(con))
    return keep_only(con, present(con) - set(gone)) if gone else 0


def check(con: sqlite3.Connection, wanted: Collection[str]) -> tuple[list[str], set[str]]:
    """SQLite's integrity check, and every wanted picture read back against its hash.

    Returns the problems in words and the hashes that are missing or do not match.
    """
    problems = []
    integrity = [str(r[0]) for r in con.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems += [f"the photo store is damaged ({line})" for line in integrity]
    bad: set[str] = set()
    for sha in sorted(set(wanted)):
        row = con.execute("SELECT image FROM pictures WHERE sha256 = ?", (sha,)).fetchone()
        if row is None or hashlib.sha256(bytes(row[0])).hexdigest() != sha:
            bad.add(sha)
    return problems, bad


# -- the backup store ----------------------------------------------------------------------------


def back_up(folder: Path, backup: Path, key: crypto.Key | None) -> int:
    """After `backup` of the journal was written: its pictures into the backup store, once each.

    Reads which pictures the backup names from the backup itself, copies those
    the backup store lacks from the photo store, and records that this backup
    names them. A backup that names no picture touches nothing. Returns how
    many pictures were copied.
    """
    hashes = named_by(backup, key)
    if not hashes:
        return 0
    target_path = backup_store_path(folder)
    source_path = store_path(folder)
    with connect(target_path, key, create=True) as target:
        copied = 0
        if source_path.exists():
            with connect(source_path, key) as source:
                copied = copy_missing(source, target, hashes)
        with _transaction(target):
            target.executemany(
                "INSERT OR IGNORE INTO backup_refs (backup, sha256) VALUES (?, ?)",
                [(backup.name, sha) for sha in sorted(hashes)],
            )
    return copied


def forget_backups(folder: Path, key: crypto.Key | None, existing: Collection[str]) -> int:
    """Drop the references of backups that are gone, then the pictures no backup names; how many went."""
    path = backup_store_path(folder)
    if not path.exists():
        return 0
    with connect(path, key) as con:
        with _transaction(con):
            names = {r[0] for r in con.execute("SELECT DISTINCT backup FROM backup_refs")}
            for name in sorted(names - set(existing)):
                con.execute("DELETE FROM backup_refs WHERE backup = ?", (name,))
        kept = {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM backup_refs")}
        return keep_only(con, kept)


def named_by(journal_file: Path, key: crypto.Key | None) -> set[str]:
    """The hashes of every picture a journal file's photo entries name (deleted ones too), read-only."""
    uri = crypto.read_only_uri(journal_file)
    with contextlib.closing(crypto.connect(uri, key, uri=True)) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "photos" not in tables:
            return set()
        return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM photos")}


def settle(
    folder: Path,
    key: crypto.Key | None,
    openers: Iterable[crypto.Unlock],
    rekey: Callable[[Path, crypto.Key | None, crypto.Key | None], None],
) -> list[str]:
    """After a restore: the photo stores under the restored journal's key, and its pictures in place.

    `key` opens the restored journal; `openers` are what may open the stores
    now (the replaced journal's key, the passphrase given). A store under
    another key is re-keyed to `key` (`rekey(path, old, new)`). Then every
    picture the restored journal names is copied back from the backup store
    where the photo store lacks it, and the photo store keeps only those.
    Returns what could not be done, in words (nothing, usually).
    """
    notes: list[str] = []
    tried = list(openers)
    usable: dict[Path, bool] = {}
    for path in files(folder):
        if crypto.opens(path, key):
            usable[path] = True
            continue
        old = next((k for k in _keys(path, tried) if crypto.opens(path, k)), _NO_KEY)
        if old is _NO_KEY:
            usable[path] = False
            notes.append(
                f"{path.name} does not open with the restored journal's passphrase; its photos cannot be "
                "shown until it is re-keyed."
            )
            continue
        rekey(path, old if isinstance(old, crypto.Key) else None, key)
        usable[path] = True
    db = paths.db_path(folder)
    wanted = named_by(db, key)
    live, kept = store_path(folder), backup_store_path(folder)
    if not usable.get(live, True):
        return notes
    if wanted:
        with connect(live, key, create=True) as target:
            missing = wanted - present(target)
            if missing and usable.get(kept, False):
                with connect(kept, key) as source:
                    copy_missing(source, target, missing)
                missing = wanted - present(target)
            if missing:
                n = len(missing)
                notes.append(
                    f"{n} photo{'s' if n != 1 else ''} of the restored journal {'are' if n != 1 else 'is'} "
                    "in neither the photo store nor the backups: shown as missing."
                )
            keep_only(target, wanted)
    elif live.exists():
        with connect(live, key) as target:
            keep_only(target, set())
    return notes


_NO_KEY = object()


def _keys(path: Path, tried: Iterable[crypto.Unlock]) -> Iterator[crypto.Key | None]:
    """Keys to try on a store: none for a plain one, else each unlock's key for its salt."""
    if not crypto.is_encrypted(path):
        yield None
        return
    for unlock in tried:
        if unlock is None:
            continue
        with contextlib.suppress(crypto.KeyForgotten):
            found = crypto.key_for(path, unlock)
            if found is not None:
                yield found
