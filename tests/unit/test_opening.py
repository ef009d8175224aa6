"""Opening a journal: the one use case the window and the command line render, outcome by outcome."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from journal import paths
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.opening import Opening, Outcome, Status
from journal.storage import crypto, rekey
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock
from tests.unit.test_rekey import fast_kdf  # noqa: F401 (a fixture)

PASS = "a long enough passphrase"
DAMAGED = b"not a journal any more\n" * 50


def made(folder: Path, clock: FakeClock, passphrase: str | None = None, note: str = "kept") -> Path:
    """A closed journal with one intake and one backup (under `passphrase`); its file."""
    j = Journal.open(folder, zone=ZONE, clock=clock)
    try:
        j.log_intake(IntakeDraft("2", j.now(), notes=note))
        j.backups.take("manual")
        if passphrase is not None:
            j.change_passphrase(passphrase)
    finally:
        j.close()
    return paths.db_path(folder)


def opened(outcome: Outcome) -> list[str]:
    """The notes of the journal an outcome opened, which is closed again."""
    assert outcome.status is Status.OPENED and outcome.journal is not None, outcome.message
    try:
        return [i.notes for i in outcome.journal.entries.intakes()]
    finally:
        outcome.journal.close()


def test_a_new_folder_opens_an_empty_journal(data_dir: Path, clock: FakeClock) -> None:
    opening = Opening(data_dir, zone=ZONE, clock=clock)
    assert not opening.needs_passphrase and opening.news is None
    outcome = opening.open()
    assert outcome.message == "" and outcome.notices == ()
    assert opened(outcome) == []


@pytest.mark.usefixtures("fast_kdf")
def test_an_encrypted_journal_needs_its_passphrase_and_a_wrong_one_is_said(
    data_dir: Path, clock: FakeClock
) -> None:
    made(data_dir, clock, PASS)
    opening = Opening(data_dir, zone=ZONE, clock=clock)
    assert opening.needs_passphrase and not opening.has_passphrase
    needs = opening.open()
    assert needs.status is Status.NEEDS_PASSPHRASE and needs.journal is None and "passphrase" in needs.message
    assert opening.try_passphrase("not it at all") == "That passphrase does not open the journal."
    assert not opening.has_passphrase
    warmed: list[bool] = []
    assert opening.try_passphrase(PASS, warm=lambda: warmed.append(True)) is None
    assert warmed == [True], "the window's modules load while the key is derived"
    assert opened(opening.open()) == ["kept"]

    guessed = Opening(data_dir, zone=ZONE, clock=clock)
    guessed.use_passphrase("another passphrase")  # as the command line does: not tried first
    wrong = guessed.open()
    assert wrong.status is Status.WRONG_PASSPHRASE and "does not open" in wrong.message


@pytest.mark.usefixtures("fast_kdf")
def test_an_interrupted_change_is_finished_first_and_said(data_dir: Path, clock: FakeClock) -> None:
    made(data_dir, clock)
    db = paths.db_path(data_dir)
    rekey.prepare(data_dir, [rekey.Job(db, None)], crypto.Secret(PASS).new_key())  # decided, not swapped
    opening = Opening(data_dir, zone=ZONE, clock=clock)
    assert opening.needs_passphrase, "the copy the change decided on is what opens next"
    assert opening.news is not None and "type the new passphrase" in opening.news
    opening.use_passphrase(PASS)
    outcome = opening.open()
    assert any("completed just now" in n for n in outcome.notices)
    assert outcome.journal is not None and outcome.notices == tuple(outcome.journal.notices)
    assert opened(outcome) == ["kept"]


def test_a_damaged_file_comes_with_the_newest_good_backup_untouched_until_restored(
    data_dir: Path, clock: FakeClock
) -> None:
    db = made(data_dir, clock)
    db.write_bytes(DAMAGED)
    opening = Opening(data_dir, zone=ZONE, clock=clock)
    outcome = opening.open()
    assert outcome.status is Status.DAMAGED and outcome.journal is None
    assert outcome.backup is not None and outcome.backups == 1 and not outcome.backups_need_passphrase
    assert "is not a journal file" in outcome.message
    assert db.read_bytes() == DAMAGED, "nothing is changed before the person chooses"
    done = opening.restore(outcome.backup)
    assert done.set_aside is not None and done.set_aside.read_bytes() == DAMAGED
    assert opened(opening.open()) == ["kept"]


@pytest.mark.usefixtures("fast_kdf")
def test_encrypted_backups_of_a_damaged_journal_are_looked_for_with_their_passphrase(
    data_dir: Path, clock: FakeClock
) -> None:
    db = made(data_dir, clock, PASS)
    db.write_bytes(DAMAGED)  # no longer looks encrypted: nothing asks for the passphrase first
    opening = Opening(data_dir, zone=ZONE, clock=clock)
    assert not opening.needs_passphrase
    outcome = opening.open()
    assert outcome.status is Status.DAMAGED and outcome.backup is None
    assert outcome.backups_need_passphrase
    assert opening.find_backup("not the one") is None
    good = opening.find_backup(PASS)
    assert good is not None
    opening.restore(good)
    assert opened(opening.open()) == ["kept"], "the restored journal opens with its backup's passphrase"


def test_a_newer_journal_is_unreadable_with_the_words_and_left_alone(
    data_dir: Path, clock: FakeClock
) -> None:
    db = made(data_dir, clock)
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute(f"PRAGMA user_version = {eng.SCHEMA_VERSION + 1}")
        con.commit()
    before = db.read_bytes()
    outcome = Opening(data_dir, zone=ZONE, clock=clock).open()
    assert outcome.status is Status.UNREADABLE and "newer version" in outcome.message
    assert db.read_bytes() == before
