"""A full or read-only disk while saving: one clear error, nothing changed, saving works again after.

The disk is really full: a small tmpfs filled to the last byte (see tests/disk.py),
or, where mounting is not permitted, the database capped at its size so SQLite
raises its own SQLITE_FULL. Read-only is SQLite's own refusal too: the journal's
connections are switched to read-only (PRAGMA query_only), because a file system
cannot be remounted read-only under a journal that holds its files open for writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from journal.domain import errors
from journal.domain.entities import Kind, PainCheckin, Product, Settings
from journal.domain.times import Moment
from journal.reports import files as files_module
from journal.reports.export import ExportFormat, export_journal
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock
from tests.disk import Disk, Tmpfs, small_disk

#: Long enough to need new pages in the file and new blocks on the disk, whatever room is left in the last.
LONG = "a note that takes room " * 300


def dump(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, read on a connection of its own."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return [(t, con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables]


def integrity(path: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        return con.execute("PRAGMA integrity_check").fetchall()


def ago(j: Journal, hours: int) -> Moment:
    return Moment.from_utc(j.clock() - timedelta(hours=hours), j.zone)


@pytest.fixture(params=["tmpfs", "page-cap"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    with small_disk(request.param, tmp_path / "disk") as made:
        yield made


@pytest.fixture
def on_disk(disk: Disk, clock: FakeClock) -> Iterator[Journal]:
    """A journal with one intake in it, on the small disk."""
    j = Journal.open(disk.folder / "data", zone=ZONE, clock=clock)
    j.log_intake(IntakeDraft("2", ago(j, hours=3), notes="before the disk filled"))
    yield j
    j.close()


def _saves(j: Journal) -> dict[str, Callable[[], object]]:
    """One save of each kind a person can make, each needing new room on the disk."""
    first = j.entries.intakes()[0]
    at = j.now()
    return {
        "intake": lambda: j.log_intake(IntakeDraft("3", at, notes=LONG)),
        "intake edit": lambda: j.edit_intake(IntakeDraft("4", first.at, notes=LONG, id=first.id)),
        "symptom": lambda: j.log_symptom("nausea", 2, at, notes=LONG),
        "pain": lambda: j.log_pain(PainCheckin(at, 6, (6, 5, 7), notes=LONG)),
        "break": lambda: j.start_break(at.local.date() + timedelta(days=7), reason=LONG),
        "product": lambda: j.products.add(Product("Red Bali", notes=LONG)),
        # These two write a few bytes: only a really full disk (no page of room anywhere) refuses them.
        "settings": lambda: j.save_settings(Settings(personal_daily_limit_g=Decimal(8))),
        "delete": lambda: j.delete(Kind.INTAKE, first.id or 0),
    }


KINDS = ["intake", "intake edit", "symptom", "pain", "break", "product"]
SMALL = ["settings", "delete"]


@pytest.mark.parametrize("kind", KINDS + SMALL)
def test_a_save_on_a_full_disk_changes_nothing_and_works_once_there_is_room(
    kind: str, disk: Disk, on_disk: Journal
) -> None:
    if kind in SMALL and not disk.real:
        pytest.skip("the page cap only refuses writes that need a new page")
    j = on_disk
    path = j.path
    before = dump(path)
    disk.fill(j._store)

    with pytest.raises(errors.WriteFailed) as failed:
        _saves(j)[kind]()

    assert failed.value.reason == errors.FULL
    assert str(failed.value) == (
        "The journal could not be saved because the disk is full. "
        "Free some space and save again; nothing was changed."
    )
    assert dump(path) == before
    assert len(j.entries.intakes()) == 1  # the journal still reads

    disk.free(j._store)
    _saves(j)[kind]()
    after = dump(path)
    assert after != before
    j.close()
    reopened = Journal.open(disk.folder / "data", zone=ZONE)
    try:
        assert dump(path) == after
        assert integrity(path) == [("ok",)]
    finally:
        reopened.close()


def test_the_full_disk_is_the_kernels(disk: Disk, on_disk: Journal) -> None:
    """The tmpfs variant is a real small disk: no other file fits on it either."""
    if not isinstance(disk, Tmpfs):
        pytest.skip("only the tmpfs variant is a file system")
    disk.fill(on_disk._store)
    with pytest.raises(OSError) as err:
        (disk.folder / "one-more").write_bytes(b"x" * 4096)
    assert err.value.errno == errno.ENOSPC


class ReadOnly:
    """The journal's connections refuse every write, as on a read-only file (SQLITE_READONLY)."""

    def __init__(self, j: Journal) -> None:
        self.engine = j._store.engine

    @staticmethod
    def _query_only(dbapi_con: Any, _record: Any) -> None:
        dbapi_con.execute("PRAGMA query_only = ON")

    def __enter__(self) -> ReadOnly:
        event.listen(self.engine, "connect", self._query_only)
        self.engine.dispose()
        return self

    def __exit__(self, *exc: object) -> None:
        # No dispose here: the store itself drops its read-only connections after the refusal.
        event.remove(self.engine, "connect", self._query_only)


def test_a_save_on_a_read_only_journal_says_so_and_works_once_writable(journal: Journal) -> None:
    journal.log_intake(IntakeDraft("2", journal.now(), notes="kept"))
    before = dump(journal.path)
    with ReadOnly(journal), pytest.raises(errors.WriteFailed) as failed:
        journal.log_intake(IntakeDraft("3", journal.now(), notes="not kept"))
    assert failed.value.reason == errors.READ_ONLY
    assert str(failed.value) == (
        "The journal could not be saved because its file or folder is read-only. "
        "Make the folder writable and save again; nothing was changed."
    )
    assert dump(journal.path) == before

    journal.log_intake(IntakeDraft("3", journal.now(), notes="saved later"))
    assert [i.notes for i in journal.entries.intakes()] == ["kept", "saved later"]


def test_other_database_errors_are_not_called_a_full_disk(journal: Journal) -> None:
    """Only SQLITE_FULL and SQLITE_READONLY become WriteFailed; a broken statement stays itself."""
    assert eng.write_failure(sqlite3.OperationalError("no such table: x")) is None
    err = sqlite3.OperationalError("database is locked")
    err.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert eng.write_failure(err) is None
    full = sqlite3.OperationalError("database or disk is full")  # as SQLCipher's driver says it
    assert (eng.write_failure(full) or errors.WriteFailed("x")).reason == errors.FULL


# -- exports --------------------------------------------------------------------------------


class FullFile:
    """A file that takes `room` bytes and then fails as a full disk does."""

    def __init__(self, real: Any, room: int) -> None:
        self.real = real
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.fixture(params=["tmpfs", "failing-file"])
def full_folder(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Callable[[], None]]]:
    """A folder whose disk is full, and how to give it room again."""
    if request.param == "failing-file":
        folder = tmp_path / "out"
        folder.mkdir()
        real_fdopen = os.fdopen
        monkeypatch.setattr(files_module.os, "fdopen", lambda fd, mode: FullFile(real_fdopen(fd, mode), 512))
        yield folder, monkeypatch.undo
        return
    with small_disk("tmpfs", tmp_path / "out") as made:
        assert isinstance(made, Tmpfs)
        made.fill()
        yield made.folder, made.free


@pytest.fixture
def filled(journal: Journal) -> Journal:
    """A journal whose export is larger than a few blocks."""
    for n in range(40):
        journal.log_intake(IntakeDraft("2", ago(journal, hours=5 * n + 1), notes=LONG))
    return journal


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_an_export_to_a_full_disk_leaves_no_file_and_says_the_disk_is_full(
    fmt: ExportFormat, filled: Journal, full_folder: tuple[Path, Callable[[], None]]
) -> None:
    folder, free = full_folder
    target = folder / f"journal{fmt.suffix}"
    there = {p.name for p in folder.iterdir()}

    with pytest.raises(OSError) as failed:
        export_journal(filled, target, fmt)

    assert failed.value.errno == errno.ENOSPC
    assert failed.value.strerror is not None and "the disk is full" in failed.value.strerror
    assert {p.name for p in folder.iterdir()} == there  # no file, no half-written temp file

    free()
    export_journal(filled, target, fmt)
    assert target.stat().st_mode & 0o777 == 0o600
    if fmt is ExportFormat.CSV:
        assert zipfile.ZipFile(target).testzip() is None


def test_a_report_to_a_full_disk_leaves_no_file(filled: Journal, tmp_path: Path) -> None:
    from journal.reports.pdf import write_report

    with small_disk("tmpfs", tmp_path / "out") as made:
        assert isinstance(made, Tmpfs)
        made.fill()
        target = made.folder / "summary.pdf"
        today = filled.now().local.date()
        with pytest.raises(OSError) as failed:
            write_report(filled, today - timedelta(days=30), today, target)
        assert failed.value.errno == errno.ENOSPC
        assert "the disk is full" in str(failed.value.strerror)
        assert [p.name for p in made.folder.iterdir()] == ["ballast"]
        made.free()
        write_report(filled, today - timedelta(days=30), today, target)
        assert target.read_bytes().startswith(b"%PDF")
        assert target.stat().st_mode & 0o777 == 0o600


def test_write_atomically_makes_a_private_file_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        files_module.write_atomically(tmp_path / "out.json", lambda fh: fh.write(b"{}"))
    finally:
        os.umask(old)
    assert (tmp_path / "out.json").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_the_command_line_says_the_disk_is_full_in_one_line(tmp_path: Path, clock: FakeClock) -> None:
    """`journal log intake` and `journal export` on a full disk: one line, a non-zero status."""
    import subprocess
    import sys

    with small_disk("tmpfs", tmp_path / "disk") as made:
        assert isinstance(made, Tmpfs)
        data = made.folder / "data"
        # Held open here, as by the window: the write-ahead log and shared memory already have room.
        j = Journal.open(data, zone=ZONE, clock=clock)
        try:
            made.fill(j._store)
            before = dump(j.path)
            commands = {
                "log": ["log", "intake", "2", "--note", LONG],
                "export": ["export", "--format", "json", "-o", str(made.folder / "journal.json")],
            }
            outcomes = {
                name: subprocess.run(
                    [sys.executable, "-m", "journal", "--data-dir", str(data), *args],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                for name, args in commands.items()
            }
            assert dump(j.path) == before
        finally:
            j.close()
    for name, done in outcomes.items():
        assert done.returncode != 0, name
        assert len(done.stderr.strip().splitlines()) == 1, (name, done.stderr)
        assert "the disk is full" in done.stderr, (name, done.stderr)
    assert outcomes["log"].stderr.startswith(
        "journal: The journal could not be saved because the disk is full."
    )
