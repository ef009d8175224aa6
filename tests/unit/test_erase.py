"""Deleting all data removes the app's own files, zeroed first, and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import engine as eng
from journal.storage.erase import backup_files, erase_journal
from tests.conftest import ZONE, FakeClock

MARKER = "zq-erase-marker-44d1"


def make_journal(folder: Path, clock: FakeClock) -> Path:
    """A closed journal with a marked note, one backup of it, a lock file and the user's own files."""
    journal = Journal.open(folder, zone=ZONE, clock=clock)
    journal.log_intake(IntakeDraft("2", journal.now(), notes=MARKER))
    backups = folder / "backups"
    backups.mkdir(exist_ok=True)
    eng.backup(journal._store.engine, backups / "journal-20260310T120000Z-manual.sqlite3")
    journal.close()
    (folder / "journal.lock").write_text("")
    return folder / "journal.sqlite3"


def test_erase_removes_only_the_apps_files(data_dir: Path, clock: FakeClock) -> None:
    make_journal(data_dir, clock)
    (data_dir / "my-export.json").write_text(f'{{"note": "{MARKER}"}}')
    (data_dir / "photos").mkdir()
    (data_dir / "photos" / "a.txt").write_text("mine")
    assert MARKER.encode() in (data_dir / "backups" / "journal-20260310T120000Z-manual.sqlite3").read_bytes()

    removed = erase_journal(data_dir)

    names = {p.relative_to(data_dir).as_posix() for p in removed}
    assert {
        "journal.sqlite3",
        "journal.lock",
        "backups",
        "backups/journal-20260310T120000Z-manual.sqlite3",
    } <= names
    assert sorted(p.name for p in data_dir.iterdir()) == ["my-export.json", "photos"]
    assert (data_dir / "my-export.json").read_text() == f'{{"note": "{MARKER}"}}'
    assert (data_dir / "photos" / "a.txt").read_text() == "mine"


def test_erase_overwrites_the_bytes_before_unlinking(
    data_dir: Path, tmp_path: Path, clock: FakeClock
) -> None:
    """A second name for the same file (a hard link) sees zeros where the journal was."""
    db = make_journal(data_dir, clock)
    peek = tmp_path / "peek"
    os.link(db, peek)
    size = db.stat().st_size
    assert MARKER.encode() in peek.read_bytes()

    erase_journal(data_dir)

    assert peek.read_bytes() == bytes(size)
    leftover = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert MARKER.encode() not in leftover


def test_erase_removes_wal_and_shm_left_by_a_crash(data_dir: Path) -> None:
    for name in ("journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"):
        (data_dir / name).write_bytes(MARKER.encode() * 10)
    removed = erase_journal(data_dir)
    assert sorted(p.name for p in removed) == [
        "journal.sqlite3",
        "journal.sqlite3-shm",
        "journal.sqlite3-wal",
    ]
    assert list(data_dir.iterdir()) == []


def test_erase_never_follows_links_out_of_the_folder(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious.sqlite3"
    precious.write_bytes(MARKER.encode())
    (outside / "nested").mkdir()
    (outside / "nested" / "keep.txt").write_text("keep")
    (data_dir / "journal.sqlite3").write_bytes(b"journal")
    (data_dir / "journal.sqlite3-wal").symlink_to(precious)
    (data_dir / "backups").symlink_to(outside)

    removed = erase_journal(data_dir)

    assert {p.name for p in removed} == {"journal.sqlite3", "journal.sqlite3-wal", "backups"}
    assert precious.read_bytes() == MARKER.encode()
    assert (outside / "nested" / "keep.txt").read_text() == "keep"
    assert list(data_dir.iterdir()) == []


def test_links_inside_backups_are_removed_not_followed(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    backups = data_dir / "backups"
    backups.mkdir()
    (backups / "journal-20260310T120000Z-daily.sqlite3").write_bytes(MARKER.encode())
    (backups / "to-a-file").symlink_to(outside / "keep.txt")
    (backups / "to-a-folder").symlink_to(outside)
    assert [p.name for p in backup_files(data_dir)] == ["journal-20260310T120000Z-daily.sqlite3"]

    erase_journal(data_dir)

    assert not backups.exists()
    assert (outside / "keep.txt").read_text() == "keep"


def test_erase_in_a_missing_or_empty_folder_removes_nothing(tmp_path: Path) -> None:
    assert erase_journal(tmp_path / "never-made") == []
    assert erase_journal(tmp_path) == []


@pytest.mark.parametrize("name", ["journal.txt", "notjournal.sqlite3", "backups.zip", "journal.lock.old"])
def test_similar_names_are_not_ours(data_dir: Path, name: str) -> None:
    (data_dir / name).write_text("mine")
    assert erase_journal(data_dir) == []
    assert (data_dir / name).read_text() == "mine"
