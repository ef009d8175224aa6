"""Passphrase encryption of the journal file with SQLCipher (the `sqlcipher3` wheel).

An encrypted file has no readable header: its first 16 bytes are the salt, and
every page, the first included, is ciphertext. The files stay in SQLCipher 4's
standard format, so SQLCipher's own tools open them with the passphrase.

The passphrase is stretched into the key once per file salt (PBKDF2-HMAC-SHA512
with SQLCipher 4's defaults, the same derivation SQLCipher runs itself), and
every connection then gives SQLCipher that raw key and salt, `x'<key><salt>'`,
which it uses as it is: opening a pooled connection, a backup or a check costs
no PBKDF2 of its own. Backups are written with the journal's key and salt, so
one derivation opens them all.

Passphrase and key live in memory only (`Secret`, `Key`), never in a file, a
URL, a log or a message; their reprs hide them. `forget` zeroes the key bytes
it can reach (Python may hold other copies; the lock drops every reference).
Re-encrypting the journal and its backups is in `rekey.py`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

#: SQLCipher's default page size; an encrypted file is a whole number of pages.
PAGE = 4096
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLCipher 4's key derivation: PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key, a 16-byte salt.
KDF_ITER = 256_000
KDF_HASH = "sha512"
KEY_BYTES = 32
SALT_BYTES = 16


class KeyForgotten(RuntimeError):
    """The key was dropped (the journal is locked or closed); nothing can be read with it."""


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


def salt_of(path: Path) -> bytes | None:
    """An encrypted file's salt (its first 16 bytes); None for a file that is not encrypted."""
    if not is_encrypted(path):
        return None
    with path.open("rb") as fh:
        return fh.read(SALT_BYTES)


class Key:
    """A derived SQLCipher key and the salt it was derived with; in memory only."""

    __slots__ = ("_raw", "salt")

    def __init__(self, raw: bytes, salt: bytes) -> None:
        if len(raw) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a key is 32 bytes and its salt 16")
        self._raw: bytearray | None = bytearray(raw)
        self.salt = salt

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> Key:
        """PBKDF2 as SQLCipher 4 runs it on `PRAGMA key = 'passphrase'` (the slow step, ~0.2 s)."""
        raw = hashlib.pbkdf2_hmac(KDF_HASH, passphrase.encode("utf-8"), salt, KDF_ITER, KEY_BYTES)
        return cls(raw, salt)

    @property
    def forgotten(self) -> bool:
        return self._raw is None

    def sql(self) -> str:
        """The key as SQLCipher's raw-key literal, for PRAGMA key and ATTACH ... KEY."""
        if self._raw is None:
            raise KeyForgotten("the journal is locked")
        return f"\"x'{self._raw.hex()}{self.salt.hex()}'\""

    def same(self, other: Key) -> bool:
        return (
            self._raw is not None
            and other._raw is not None
            and self.salt == other.salt
            and hmac.compare_digest(bytes(self._raw), bytes(other._raw))
        )

    def forget(self) -> None:
        """Zero the key bytes; every later use raises KeyForgotten."""
        if self._raw is not None:
            self._raw[:] = bytes(len(self._raw))
            self._raw = None

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    def __reduce__(self) -> Any:
        raise TypeError("a key is never pickled")


class Secret:
    """A passphrase and the keys derived from it, one per salt, each derived once; in memory only."""

    __slots__ = ("_keys", "_passphrase", "_pending")

    def __init__(self, passphrase: str) -> None:
        self._passphrase: str | None = passphrase
        self._keys: dict[bytes, Key] = {}
        self._pending: dict[bytes, tuple[threading.Thread, list[Key | BaseException]]] = {}

    def prepare(self, salt: bytes) -> None:
        """Start deriving the key for `salt` on another thread; `key` then waits for it.

        PBKDF2 releases the GIL, so a start-up that knows the passphrase early
        loads the rest of the app on one core while the key is derived on another.
        """
        if self._passphrase is None or salt in self._keys or salt in self._pending:
            return
        box: list[Key | BaseException] = []
        passphrase = self._passphrase

        def derive() -> None:
            try:
                box.append(Key.derive(passphrase, salt))
            except BaseException as err:  # handed to whoever waits for the key
                box.append(err)

        thread = threading.Thread(target=derive, name="journal-key", daemon=True)
        self._pending[salt] = (thread, box)
        thread.start()

    def key(self, salt: bytes) -> Key:
        """The key for a file with this salt (derived on first use, or awaited if being derived)."""
        if self._passphrase is None:
            raise KeyForgotten("the journal is locked")
        found = self._keys.get(salt)
        if found is None:
            pending = self._pending.pop(salt, None)
            if pending is None:
                found = Key.derive(self._passphrase, salt)
            else:
                thread, box = pending
                thread.join()
                if isinstance(box[0], BaseException):
                    raise box[0]
                found = box[0]
            self._keys[salt] = found
        return found

    def new_key(self) -> Key:
        """A key under a fresh random salt, for files written under this passphrase from now on."""
        return self.key(secrets.token_bytes(SALT_BYTES))

    def matches(self, attempt: str) -> bool:
        return self._passphrase is not None and hmac.compare_digest(
            self._passphrase.encode("utf-8"), attempt.encode("utf-8")
        )

    def forget(self) -> None:
        for thread, box in self._pending.values():
            thread.join()
            for done in box:
                if isinstance(done, Key):
                    done.forget()
        self._pending.clear()
        for key in self._keys.values():
            key.forget()
        self._keys.clear()
        self._passphrase = None

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    def __reduce__(self) -> Any:
        raise TypeError("a passphrase is never pickled")


#: What opens a file: a passphrase (as typed, or kept as a Secret), a derived key, or nothing.
Unlock = Secret | Key | str | None


def as_secret(passphrase: Secret | str | None) -> Secret | None:
    return Secret(passphrase) if isinstance(passphrase, str) else passphrase


def key_for(path: Path, unlock: Unlock) -> Key | None:
    """The key to try on `path`: None for a file that is not encrypted (or nothing to try).

    A Secret derives it for the file's salt (once); a Key is tried as it is,
    and fails on a file with another salt.
    """
    salt = salt_of(path)
    if salt is None or unlock is None:
        return None
    if isinstance(unlock, Key):
        return unlock
    secret = unlock if isinstance(unlock, Secret) else Secret(unlock)
    return secret.key(salt)


def connect(target: str, key: Key | None, *, uri: bool = False) -> sqlite3.Connection:
    """A connection to `target`; with a key, SQLCipher's with the raw key given first.

    Without a key it is the standard library's sqlite3, so a journal that is
    not encrypted never depends on SQLCipher.
    """
    if key is None:
        return sqlite3.connect(target, uri=uri, check_same_thread=False)
    return open_cipher(target, key, uri=uri)


def open_cipher(target: str, key: Key | None, *, uri: bool = False) -> sqlite3.Connection:
    """A SQLCipher connection (autocommit); with no key it reads and writes plain SQLite files."""
    import sqlcipher3

    sql = key.sql() if key is not None else None  # a forgotten key fails before anything opens
    con: Any = sqlcipher3.connect(target, uri=uri, check_same_thread=False)
    try:
        # SQLCipher logs every failed page decryption to stderr; a wrong passphrase is
        # an expected event here and is reported in words instead.
        con.execute("PRAGMA cipher_log_level = NONE")
        if sql is not None:
            con.execute(f"PRAGMA key = {sql}")
    except BaseException:
        con.close()
        raise
    return con  # type: ignore[no-any-return]


def database_errors() -> tuple[type[Exception], ...]:
    """sqlite3's DatabaseError, and SQLCipher's when it is installed (a separate class)."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def read_only_uri(path: Path) -> str:
    """A read-only URI for `path`; immutable when no write-ahead log is beside it.

    With no -wal or -shm, nobody has the file open and all of it is in the main
    file: read as immutable, not even -wal or -shm files appear.
    """
    live = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if live else "&immutable=1")


def opens(path: Path, key: Key | None) -> bool:
    """Whether `key` (None: no encryption) reads `path`, checked on a read-only connection."""
    uri = read_only_uri(path)
    try:
        with contextlib.closing(open_cipher(uri, key, uri=True)) as con:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_errors():
        return False
    return True


def export(source: sqlite3.Connection, dest: Path, key: Key | None) -> None:
    """Write the whole database behind `source` into a new file `dest` under `key`.

    `source` must be a SQLCipher connection (sqlcipher_export lives there). The
    new file's application id and schema version are copied explicitly, since
    the export copies schema and rows only.
    """
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    literal = key.sql() if key is not None else "''"
    app_id = source.execute("PRAGMA application_id").fetchone()[0]
    version = source.execute("PRAGMA user_version").fetchone()[0]
    where = "'" + str(dest).replace("'", "''") + "'"
    source.execute(f"ATTACH DATABASE {where} AS rekeyed KEY {literal}")
    try:
        source.execute("SELECT sqlcipher_export('rekeyed')")
        source.execute(f"PRAGMA rekeyed.application_id = {int(app_id)}")
        source.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
    finally:
        with contextlib.suppress(*database_errors()):
            source.execute("DETACH DATABASE rekeyed")


def wipe(leftover: Path, live: Path | None = None) -> None:
    """Overwrite a file with zeros, flush it to disk and remove it.

    A second name of `live` (a hard link to the same file) is only unlinked.
    """
    if not leftover.exists():
        return
    if live is not None and live.exists() and leftover.samefile(live):
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
