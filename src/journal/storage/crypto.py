"""Passphrase encryption of the journal file with SQLCipher (the `sqlcipher3` wheel).

An encrypted file has no readable header: every page, the first included, is
ciphertext. Turning encryption on, changing the passphrase and turning it off
all work the same way: the whole journal is exported into a new file under the
new key, that copy is verified, and only then renamed over the old one. A kill
at any moment leaves either the old file with the old passphrase or the new
file with the new one, never both and never neither.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from journal import paths

#: SQLCipher's default page size; an encrypted file is a whole number of pages.
PAGE = 4096
MIN_LENGTH = 8
_SQLITE_MAGIC = b"SQLite format 3\x00"


class PassphraseError(ValueError):
    """A passphrase that cannot be used, with the reason for a person."""


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Refuse a new passphrase that is too short, or typed differently twice."""
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError(f"Use at least {MIN_LENGTH} characters.")
    if "\x00" in passphrase:
        raise PassphraseError("A passphrase cannot contain a NUL character.")
    if passphrase != repeated:
        raise PassphraseError("The two passphrases are not the same.")


def is_encrypted(path: Path) -> bool:
    """True when the file looks like SQLCipher's: not SQLite's header, a whole number of pages.

    Random bytes can look the same; only the passphrase tells for sure, and a
    wrong one is reported as "wrong passphrase or not a journal".
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    return size >= PAGE and size % PAGE == 0 and head != _SQLITE_MAGIC


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def connect(target: str, passphrase: str | None, *, uri: bool = False) -> sqlite3.Connection:
    """A connection to `target`; with a passphrase, SQLCipher's with the key given first.

    Without a passphrase it is the standard library's sqlite3, so a journal that
    is not encrypted never depends on SQLCipher.
    """
    if passphrase is None:
        return sqlite3.connect(target, uri=uri, check_same_thread=False)
    import sqlcipher3

    con: Any = sqlcipher3.connect(target, uri=uri, check_same_thread=False)
    # SQLCipher logs every failed page decryption to stderr; a wrong passphrase is
    # an expected event here and is reported in words instead.
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA key = {_quoted(passphrase)}")
    return con  # type: ignore[no-any-return]


def database_errors() -> tuple[type[Exception], ...]:
    """sqlite3's DatabaseError, and SQLCipher's when it is installed (a separate class)."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def export(source: sqlite3.Connection, dest: Path, passphrase: str | None) -> None:
    """Write the whole database behind `source` into a new file `dest` under `passphrase`.

    `source` must be a SQLCipher connection (sqlcipher_export lives there). The
    new file's application id and schema version are copied explicitly, since
    the export copies schema and rows only.
    """
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    key = _quoted(passphrase or "")
    app_id = source.execute("PRAGMA application_id").fetchone()[0]
    version = source.execute("PRAGMA user_version").fetchone()[0]
    source.execute(f"ATTACH DATABASE {_quoted(str(dest))} AS rekeyed KEY {key}")
    try:
        source.execute("SELECT sqlcipher_export('rekeyed')")
        source.execute(f"PRAGMA rekeyed.application_id = {int(app_id)}")
        source.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
    finally:
        with contextlib.suppress(*database_errors()):
            source.execute("DETACH DATABASE rekeyed")


def open_source(path: Path, passphrase: str | None) -> sqlite3.Connection:
    """A SQLCipher connection to the journal as it is now (empty key when not encrypted)."""
    import sqlcipher3

    con: Any = sqlcipher3.connect(str(path), check_same_thread=False)
    con.isolation_level = None
    con.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        con.execute(f"PRAGMA key = {_quoted(passphrase)}")
    return con  # type: ignore[no-any-return]


def _counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def rekey(path: Path, old: str | None, new: str | None) -> None:
    """Put the database at `path` under passphrase `new` (None: no encryption), atomically.

    The new file is complete, verified (integrity and the same rows in every
    table) and on disk before it replaces the old one; the old file's bytes are
    then overwritten with zeros. Nothing else may have the file open.
    """
    tmp = path.with_name(path.name + ".rekey")
    tmp.unlink(missing_ok=True)
    with contextlib.closing(open_source(path, old)) as src:
        before = _counts(src)  # a wrong passphrase fails here, before anything is written
        try:
            export(src, tmp, new)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    try:
        with contextlib.closing(open_source(tmp, new)) as check:
            healthy = check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            if not healthy or _counts(check) != before:
                raise sqlite3.DatabaseError(f"the re-encrypted copy of {path.name} did not match it")
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    old_copy = path.with_name(path.name + ".old")
    old_copy.unlink(missing_ok=True)
    os.link(path, old_copy)  # keeps the old bytes reachable, to be wiped once replaced
    tmp.replace(path)
    paths.sync_folder(path.parent)
    wipe(old_copy, path)


def wipe(leftover: Path, live: Path) -> None:
    """Overwrite a replaced file with zeros and remove it; a second name of `live` is only unlinked."""
    if not leftover.exists():
        return
    if live.exists() and leftover.samefile(live):
        leftover.unlink()
        return
    size = leftover.stat().st_size
    with leftover.open("rb+") as fh:
        block = bytes(1 << 20)
        for start in range(0, size, len(block)):
            fh.write(block[: min(len(block), size - start)])
        fh.flush()
        os.fsync(fh.fileno())
    leftover.unlink()
