"""Re-keying the journal and every backup as one operation: the key, the crash states, the leftovers.

Most tests lower PBKDF2's iteration count (the `fast_kdf` fixture: the app's
derivation and SQLCipher's default alike) so a derivation costs a millisecond;
the format test runs SQLCipher 4's standard count on both sides.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import traceback
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from journal import paths
from journal.domain import errors
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.opening import recover
from journal.storage import backups, crypto, rekey
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock

MARKER = "note-marker-9931"
FIRST, SECOND, OTHER = "first passphrase", "second passphrase", "another old passphrase"
FAST = 1000


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(crypto, "KDF_ITER", FAST)
    _default_kdf_iter(FAST)
    yield
    _default_kdf_iter(256_000)


def _default_kdf_iter(n: int) -> None:
    con = sqlcipher3.connect(":memory:")
    con.execute(f"PRAGMA cipher_default_kdf_iter = {n}")
    con.close()


def make(folder: Path, clock: FakeClock, passphrase: str | None = None, backups_n: int = 3) -> None:
    """A closed journal with MARKER notes and `backups_n` backups, under `passphrase`."""
    j = Journal.open(folder, zone=ZONE, clock=clock)
    try:
        for n in range(40):
            j.log_intake(IntakeDraft("1", j.now(), notes=f"{MARKER} {n} " + "x" * 300))
        for _ in range(backups_n):
            j.backups.take("manual")
        if passphrase is not None:
            j.change_passphrase(passphrase)
    finally:
        j.close()


def opens_with(path: Path, passphrase: str | None) -> bool:
    """Read with SQLCipher itself, `PRAGMA key = 'passphrase'` (None: as plain SQLite)."""
    try:
        if passphrase is None:
            if path.read_bytes()[:16] != b"SQLite format 3\x00":
                return False
            con: Any = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        else:
            con = sqlcipher3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            con.execute("PRAGMA cipher_log_level = NONE")
            con.execute(f"PRAGMA key = '{passphrase}'")
        with contextlib.closing(con):
            return bool(con.execute("PRAGMA quick_check").fetchall() == [("ok",)])
    except (sqlite3.DatabaseError, sqlcipher3.DatabaseError):
        return False


def which(path: Path) -> list[str | None]:
    return [p for p in (None, FIRST, SECOND, OTHER) if opens_with(path, p)]


def files(folder: Path) -> list[Path]:
    return [paths.db_path(folder), *(b.path for b in backups.list_backups(folder))]


def leftovers(folder: Path) -> list[str]:
    keep = {paths.DB_NAME, "journal.sqlite3-users", "backups"}
    extra = [p.name for p in folder.iterdir() if p.name not in keep]
    listed = {b.path.name for b in backups.list_backups(folder)}
    return extra + [p.name for p in (folder / "backups").iterdir() if p.name not in listed]


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


# -- the key ---------------------------------------------------------------------------


def test_files_stay_in_sqlciphers_standard_format_and_share_the_journals_salt(
    data_dir: Path, clock: FakeClock
) -> None:
    """Real PBKDF2 on both sides: SQLCipher's own `PRAGMA key = 'passphrase'` reads every file."""
    make(data_dir, clock, FIRST, backups_n=2)
    db = paths.db_path(data_dir)
    for path in files(data_dir):
        con = sqlcipher3.connect(str(path))
        con.execute(f"PRAGMA key = '{FIRST}'")
        assert con.execute("SELECT count(*) FROM intakes").fetchone()[0] == 40
        con.close()
        assert path.read_bytes()[:16] == db.read_bytes()[:16]  # one salt: one derivation opens them all
    # And the other way: a file SQLCipher keyed itself opens with the key derived here.
    legacy = data_dir / "legacy.sqlite3"
    con = sqlcipher3.connect(str(legacy))
    con.execute(f"PRAGMA key = '{FIRST}'")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    key = crypto.Key.derive(FIRST, legacy.read_bytes()[:16])
    assert crypto.opens(legacy, key)
    assert not crypto.opens(legacy, crypto.Key.derive(SECOND, legacy.read_bytes()[:16]))


@pytest.mark.usefixtures("fast_kdf")
def test_an_open_derives_the_key_once_and_a_change_once_more(
    data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(data_dir, clock, FIRST)
    clock.now += timedelta(days=2)  # the daily backup at open is due: it must not derive again
    derived: list[bytes] = []
    real = crypto.Key.derive.__func__  # type: ignore[attr-defined]

    def counting(cls: type[crypto.Key], passphrase: str, salt: bytes) -> crypto.Key:
        derived.append(salt)
        return real(cls, passphrase, salt)  # type: ignore[no-any-return]

    monkeypatch.setattr(crypto.Key, "derive", classmethod(counting))
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    try:
        assert any(b.reason == "daily" for b in j.backups.all())
        j.log_intake(IntakeDraft("1", j.now(), notes="more"))
        assert j.check().ok
        assert all(s.problem is None for s in j.backups.standing())
        assert len(derived) == 1
        kept = len(j.backups.all())
        done = j.change_passphrase(SECOND)
        assert len(derived) == 2 and done.rekeyed == done.backups == kept >= 2
    finally:
        j.close()


# -- crash states: what the next open does --------------------------------------------


def _decide(folder: Path, old: str, new: str) -> None:
    """Phases 1 and 2 of a change from `old` to `new` on a closed journal: decided, nothing swapped."""
    secret = crypto.Secret(old)
    jobs = [rekey.Job(p, crypto.key_for(p, secret)) for p in files(folder)]
    rekey.prepare(folder, jobs, crypto.Secret(new).new_key())


@pytest.mark.usefixtures("fast_kdf")
@pytest.mark.parametrize("swapped", [0, 1, 3, 4])
def test_a_decided_change_is_finished_by_the_next_open_whatever_passphrase_it_is_given(
    data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, swapped: int
) -> None:
    """Killed in phase 3 after `swapped` of the 4 files (4: all, the record not yet removed): the
    open with the *old* passphrase finishes the change."""
    make(data_dir, clock, FIRST)
    _decide(data_dir, FIRST, SECOND)
    calls = 0
    real_replace, real_unlink = Path.replace, Path.unlink

    def crash_after(self: Path, target: Any) -> Path:
        nonlocal calls
        if self.name.endswith(rekey.COPY):
            if calls == swapped:
                raise KeyboardInterrupt("killed")  # the original is already wiped: the worst moment
            calls += 1
        return real_replace(self, target)

    def crash_at_the_record(self: Path, missing_ok: bool = False) -> None:
        if self.name == rekey.RECORD:
            raise KeyboardInterrupt("killed")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "replace", crash_after)
    monkeypatch.setattr(Path, "unlink", crash_at_the_record)
    with pytest.raises(KeyboardInterrupt):
        rekey.finish(data_dir)
    monkeypatch.setattr(Path, "replace", real_replace)
    monkeypatch.setattr(Path, "unlink", real_unlink)
    with pytest.raises(errors.WrongPassphrase, match="completed"):
        Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    assert leftovers(data_dir) == []
    for path in files(data_dir):
        assert which(path) == [SECOND], path.name
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=SECOND)
    assert len(j.entries.intakes()) == 40
    j.close()
    assert MARKER.encode() not in folder_bytes(data_dir)


@pytest.mark.usefixtures("fast_kdf")
def test_a_change_killed_before_it_was_decided_is_undone(data_dir: Path, clock: FakeClock) -> None:
    make(data_dir, clock, None)
    secret = crypto.Secret(FIRST)
    new = secret.new_key()
    for path in files(data_dir)[:3]:  # killed while writing the copies: some done, no record
        rekey.write_copy(path, None, rekey.copy_of(path), new)
    assert recover(data_dir) == [
        "An interrupted passphrase change was undone: the journal and its backups keep the passphrase "
        "they had (or none). Change it again if you still want to."
    ]
    assert leftovers(data_dir) == []
    for path in files(data_dir):
        assert which(path) == [None]


@pytest.mark.usefixtures("fast_kdf")
def test_leftovers_beside_the_journal_and_in_backups_are_wiped(data_dir: Path, clock: FakeClock) -> None:
    make(data_dir, clock, None, backups_n=1)
    (made,) = backups.list_backups(data_dir)
    junk = [
        made.path.with_name(made.path.name + suffix)
        for suffix in (".rekey", ".rekey-journal", "-journal", ".old", ".part", ".part-journal")
    ]
    junk.append(data_dir / "journal.sqlite3.rekey-journal")
    for path in junk:
        path.write_bytes(MARKER.encode() * 100)
    db = paths.db_path(data_dir)
    os.link(db, data_dir / "journal.sqlite3.old")  # an older version's second name of the live file
    Journal.open(data_dir, zone=ZONE, clock=clock).close()
    assert leftovers(data_dir) == []
    assert which(db) == [None]  # the second name went; the journal itself is whole
    assert MARKER.encode() in db.read_bytes()


# -- backups the journal's passphrase does not open ---------------------------------------


def _under(path: Path, old: str | None, new: str | None) -> None:
    """Put one backup of a closed journal under another passphrase."""
    key = crypto.key_for(path, old) if old is not None else None
    rekey.run(path.parent.parent, [rekey.Job(path, key)], crypto.Secret(new).new_key() if new else None)


@pytest.mark.usefixtures("fast_kdf")
def test_a_backup_under_another_passphrase_is_named_never_skipped_then_rekeyed_with_its_own(
    data_dir: Path, clock: FakeClock
) -> None:
    make(data_dir, clock, FIRST)
    stray = backups.list_backups(data_dir)[1].path
    _under(stray, FIRST, OTHER)
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    try:
        (wrong,) = [s for s in j.backups.standing() if s.problem]
        assert wrong.backup.path == stray and wrong.problem == backups.OTHER_PASSPHRASE
        done = j.change_passphrase(SECOND)
        assert done.summary(encrypted=True) == (
            "The journal and 2 of its 3 backups are encrypted with the new passphrase; "
            "1 is not, as said below."
        )
        assert [s.backup.path for s in done.left] == [stray]
        assert which(stray) == [OTHER]
        before = stray.read_bytes()
        with pytest.raises(errors.WrongPassphrase):
            j.backups.rekey(stray, FIRST)
        assert stray.read_bytes() == before
        j.backups.rekey(stray, OTHER)
        assert which(stray) == [SECOND]
        assert all(s.problem is None for s in j.backups.standing())
        gone = backups.list_backups(data_dir)[0].path
        j.backups.delete(gone)
        assert not gone.exists() and len(j.backups.all()) == 2
    finally:
        j.close()
    for path in files(data_dir):
        assert which(path) == [SECOND]


@pytest.mark.usefixtures("fast_kdf")
def test_a_plain_backup_beside_an_encrypted_journal_is_encrypted_at_open(
    data_dir: Path, clock: FakeClock
) -> None:
    make(data_dir, clock, FIRST)
    plain = backups.list_backups(data_dir)[0].path
    _under(plain, FIRST, None)  # what an older version's killed `passphrase set` left
    assert MARKER.encode() in plain.read_bytes()
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    try:
        assert any("was encrypted with the journal's passphrase" in n for n in j.notices)
    finally:
        j.close()
    assert which(plain) == [FIRST]
    assert MARKER.encode() not in folder_bytes(data_dir)


@pytest.mark.usefixtures("fast_kdf")
def test_an_encrypted_backup_beside_a_plain_journal_is_named_and_can_be_decrypted(
    data_dir: Path, clock: FakeClock
) -> None:
    make(data_dir, clock, None, backups_n=2)
    stray = backups.list_backups(data_dir)[0].path
    _under(stray, None, OTHER)
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        (wrong,) = [s for s in j.backups.standing() if s.problem]
        assert wrong.problem == backups.ENCRYPTED and not wrong.readable
        assert "is encrypted with a passphrase, and the journal has none" in wrong.describe()
        j.backups.rekey(stray, OTHER)
        assert which(stray) == [None]
    finally:
        j.close()


@pytest.mark.usefixtures("fast_kdf")
def test_a_backup_passphrase_tried_first_is_not_derived_again_to_rekey_and_is_then_forgotten(
    data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window tries the backup's passphrase in its dialog, then re-keys with it: one derivation."""
    make(data_dir, clock, None, backups_n=2)
    stray = backups.list_backups(data_dir)[0].path
    _under(stray, None, OTHER)
    derived: list[bytes] = []
    real = crypto.Key.derive.__func__  # type: ignore[attr-defined]

    def counting(cls: type[crypto.Key], passphrase: str, salt: bytes) -> crypto.Key:
        derived.append(salt)
        return real(cls, passphrase, salt)  # type: ignore[no-any-return]

    monkeypatch.setattr(crypto.Key, "derive", classmethod(counting))
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        assert j.backups.encrypted(stray)
        assert not j.backups.opens_with(stray, FIRST)
        assert j.backups.opens_with(stray, OTHER)
        tried = j.backups._tried
        assert tried is not None and len(derived) == 2
        j.backups.rekey(stray, OTHER)
        assert len(derived) == 2, "the key found by the dialog is the one used"
        assert which(stray) == [None]
        assert j.backups._tried is None and not tried[1].matches(OTHER), "forgotten once used"
    finally:
        j.close()


# -- the key in memory: lock, and never shown ---------------------------------------------


@pytest.mark.usefixtures("fast_kdf")
def test_lock_drops_the_key_and_unlock_derives_it_again(data_dir: Path, clock: FakeClock) -> None:
    make(data_dir, clock, FIRST, backups_n=0)
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    try:
        j.lock()
        assert j.encrypted and j.locked
        with pytest.raises(errors.JournalLocked):
            j.entries.intakes()
        assert not j.unlock("not the passphrase")
        assert j.locked
        assert j.unlock(FIRST)
        assert len(j.entries.intakes()) == 40 and j.verify_passphrase(FIRST)
    finally:
        j.close()
    assert j.locked  # closing drops the key too


@pytest.mark.usefixtures("fast_kdf")
def test_passphrase_and_key_stay_out_of_reprs_messages_logs_and_files(
    data_dir: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    make(data_dir, clock, FIRST)
    shown: list[str] = []
    j = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=FIRST)
    secret, key = j._store._secret, j._store._key
    assert secret is not None and key is not None
    secrets = [FIRST, SECOND, key.sql()[3:-2], key.sql()[3:67]]
    shown += [repr(secret), repr(key), repr(j._store.engine), str(j._store.engine.url), repr(j._store)]
    for thing in (secret, key):
        with pytest.raises(TypeError):
            pickle.dumps(thing)
    stray = backups.list_backups(data_dir)[0].path
    for attempt in (lambda: j.backups.rekey(stray, SECOND), lambda: eng.check_file(stray, SECOND)):
        try:
            attempt()
        except errors.JournalFileError as err:
            shown += [str(err), traceback.format_exc()]
    j.lock()
    try:
        j.entries.intakes()
    except errors.JournalLocked as err:
        shown += [str(err), traceback.format_exc()]
    assert j.unlock(FIRST)
    secrets.append(j._store._key.sql()[3:67])  # type: ignore[union-attr]
    j.change_passphrase(SECOND)
    secrets.append(j._store._key.sql()[3:67])  # type: ignore[union-attr]
    j.close()
    for wrong in (FIRST, "nothing like it"):
        try:
            Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=wrong)
        except errors.JournalFileError as err:
            shown += [str(err), traceback.format_exc()]
    shown += [record.getMessage() for record in caplog.records]
    assert len(shown) >= 9
    on_disk = folder_bytes(data_dir)
    for text in secrets:
        assert all(text not in s for s in shown), text
        assert text.encode() not in on_disk and text.lower().encode() not in on_disk
    raw = bytes.fromhex(secrets[-1])
    assert raw not in on_disk
