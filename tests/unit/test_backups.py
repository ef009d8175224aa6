"""Backups: verified copies through the backup API, thinned, restored without losing anything."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import paths
from journal.domain import errors
from journal.domain.errors import JournalInUse
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import backups
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock


def log(journal: Journal, grams: str, note: str = "") -> None:
    journal.log_intake(IntakeDraft(grams, journal.now(), notes=note))


def notes(journal: Journal) -> list[str]:
    return sorted(i.notes for i in journal.entries.intakes())


def fake(taken: datetime, n: int = 0) -> backups.Backup:
    return backups.Backup(Path(f"/b/{taken:%Y%m%d%H%M%S}-{n}"), taken, "daily")


# -- thinning --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3 * 365 * 24), min_size=1, max_size=120, unique=True))
def test_thinning_keeps_the_newest_of_recent_days_weeks_and_months(hours: list[int]) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    made = [fake(start + timedelta(hours=h)) for h in hours]
    gone = backups.to_remove(made)
    kept = [b for b in made if b not in gone]
    newest = max(made, key=lambda b: b.taken)
    assert newest in kept
    assert len(kept) <= 1 + backups.DAILY + backups.WEEKLY + backups.MONTHLY
    assert backups.to_remove(kept) == []  # thinning again removes nothing more
    days = sorted({b.taken.date() for b in made}, reverse=True)[: backups.DAILY]
    for day in days:  # the newest backup of each of the last 7 days that have one stays
        assert max((b for b in made if b.taken.date() == day), key=lambda b: b.taken) in kept


def test_a_years_daily_backups_thin_to_a_bounded_set() -> None:
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    made = [fake(start + timedelta(days=d)) for d in range(365)]
    kept = [b for b in made if b not in backups.to_remove(made)]
    assert len(kept) <= 7 + 4 + 12
    assert {b.taken.date() for b in kept} >= {(start + timedelta(days=d)).date() for d in range(358, 365)}
    assert min(b.taken for b in kept) < start + timedelta(days=365 - 300)  # months reach far back


# -- taking backups ------------------------------------------------------------------------


def test_backup_now_is_a_verified_private_copy(journal: Journal) -> None:
    log(journal, "3", "kept in the backup")
    made = journal.backups.take()
    assert made.reason == "manual" and made.why == "made on request"
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert eng.check_file(made.path) == eng.SCHEMA_VERSION
    with contextlib.closing(sqlite3.connect(made.path)) as con:
        assert con.execute("SELECT notes FROM intakes").fetchall() == [("kept in the backup",)]
    assert journal.backups.all() == [made]


def test_daily_backup_at_start_only_when_the_last_is_over_a_day_old(data_dir: Path, clock: FakeClock) -> None:
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    log(j, "2")
    j.close()
    assert backups.list_backups(data_dir) == []  # a journal just created had nothing to save
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    j.close()
    (first,) = backups.list_backups(data_dir)
    assert first.reason == "daily"
    clock.now += timedelta(hours=20)
    Journal.open(data_dir, zone=ZONE, clock=clock).close()
    assert len(backups.list_backups(data_dir)) == 1
    clock.now += timedelta(hours=5)
    Journal.open(data_dir, zone=ZONE, clock=clock).close()
    assert len(backups.list_backups(data_dir)) == 2


def test_backups_are_thinned_as_they_are_taken(journal: Journal, clock: FakeClock) -> None:
    log(journal, "2")
    for _ in range(40):
        journal.backups.take("daily")
        clock.now += timedelta(days=1)
    kept = journal.backups.all()
    assert 7 <= len(kept) <= 7 + 4 + 12
    assert len(list((journal.folder / "backups").iterdir())) == len(kept)


def test_a_failed_daily_backup_does_not_stop_the_journal_opening(
    data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    Journal.open(data_dir, zone=ZONE, clock=clock).close()

    def full(*_: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(eng, "backup", full)
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        assert j.backup_problem is not None and "No space left" in j.backup_problem
        log(j, "1")
    finally:
        j.close()


# -- restoring ---------------------------------------------------------------------------------


def test_restore_brings_back_a_backup_and_saves_the_current_journal_first(journal: Journal) -> None:
    log(journal, "2", "before")
    made = journal.backups.take()
    log(journal, "3", "after")
    done = journal.backups.restore(made.path)
    assert notes(journal) == ["before"]
    assert done.safety is not None and done.safety.reason == "before-restore"
    with contextlib.closing(sqlite3.connect(done.safety.path)) as con:
        assert sorted(r[0] for r in con.execute("SELECT notes FROM intakes")) == ["after", "before"]
    log(journal, "1", "writes work after a restore")
    assert "writes work after a restore" in notes(journal)


def test_restoring_a_damaged_backup_changes_nothing(journal: Journal) -> None:
    log(journal, "2", "current")
    made = journal.backups.take()
    data = bytearray(made.path.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    made.path.write_bytes(bytes(data))
    db_before = journal.path.read_bytes()
    with pytest.raises(errors.JournalFileError):
        journal.backups.restore(made.path)
    assert journal.path.read_bytes() == db_before
    assert notes(journal) == ["current"]
    assert backups.newest_good(journal.folder) is None


def test_restore_over_a_damaged_journal_keeps_the_damaged_file(data_dir: Path, clock: FakeClock) -> None:
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    log(j, "2", "good")
    made = j.backups.take()
    j.close()
    db = paths.db_path(data_dir)
    damaged = b"this is not a database at all" * 10
    db.write_bytes(damaged)
    with pytest.raises(errors.JournalFileError):
        Journal.open(data_dir, zone=ZONE, clock=clock)
    assert backups.newest_good(data_dir) == made
    done = backups.restore(data_dir, made.path, clock())
    assert done.set_aside is not None and done.set_aside.read_bytes() == damaged
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        assert notes(j) == ["good"]
    finally:
        j.close()


def test_restore_refuses_while_another_window_has_it_open(journal: Journal, clock: FakeClock) -> None:
    log(journal, "2", "mine")
    made = journal.backups.take()
    log(journal, "3", "newer")
    other = Journal.open(journal.folder, zone=ZONE, clock=clock)
    try:
        before = journal.path.read_bytes()
        with pytest.raises(JournalInUse, match="open in another window"):
            journal.backups.restore(made.path)
        assert notes(journal) == ["mine", "newer"]
        assert journal.path.read_bytes() == before
    finally:
        other.close()
    journal.backups.restore(made.path)
    assert notes(journal) == ["mine"]


# -- the full check ----------------------------------------------------------------------------


def test_check_reports_a_healthy_journal_in_words(journal: Journal) -> None:
    log(journal, "2")
    health = journal.check()
    assert health.ok
    assert health.counts["intake"] == 1
    assert health.summary().startswith("The journal is healthy")


def test_check_reports_a_broken_link(journal: Journal) -> None:
    log(journal, "2")
    with contextlib.closing(sqlite3.connect(journal.path)) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("UPDATE intakes SET product_id = 999")
        con.commit()
    health = journal.check()
    assert not health.ok
    assert "intakes points to a missing products row" in health.summary()


def test_amounts_survive_a_round_trip_through_backup_and_restore(journal: Journal) -> None:
    log(journal, "1,25")
    made = journal.backups.take()
    journal.backups.restore(made.path)
    assert [i.amount for i in journal.entries.intakes()] == [Decimal("1.25")]


def test_an_import_backs_up_the_journal_first(journal: Journal, tmp_path: Path, clock: FakeClock) -> None:
    from journal.reports.export import export_journal
    from journal.reports.importing import import_file

    log(journal, "2", "from the export")
    export_journal(journal, tmp_path / "out.json")
    other = Journal.open(tmp_path / "other", zone=ZONE, clock=clock)
    try:
        log(other, "1", "already here")
        result = import_file(other, tmp_path / "out.json")
        assert result.backup is not None and "backed up first" in result.summary()
        with contextlib.closing(sqlite3.connect(result.backup)) as con:
            assert [r[0] for r in con.execute("SELECT notes FROM intakes")] == ["already here"]
        assert import_file(other, tmp_path / "out.json").backup is None  # nothing new, nothing to save
    finally:
        other.close()
