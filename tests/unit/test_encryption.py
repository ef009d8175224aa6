"""Passphrase encryption: on, changed, off, each atomic; a wrong passphrase changes nothing."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from journal import paths
from journal.domain import errors
from journal.domain.entities import check_new_passphrase
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import backups, crypto
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock

MARKER = "marker-of-a-private-note-4711"
FIRST, SECOND = "correct horse battery", "staple both ways"


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def opens(folder: Path, clock: FakeClock, passphrase: str | None) -> list[str] | None:
    """The intakes' notes if `passphrase` opens the journal, None if it does not.

    A journal that is not encrypted opens whatever passphrase is given, so for
    this question it "opens" only with None. The open comes first: after a kill
    it is the open that finishes or rolls back what the killed change left.
    """
    try:
        j = Journal.open(folder, zone=ZONE, clock=clock, passphrase=passphrase)
    except (errors.PassphraseRequired, errors.WrongPassphrase):
        return None
    try:
        if (passphrase is None) == j.encrypted:
            return None
        return sorted(i.notes for i in j.entries.intakes())
    finally:
        j.close()


@pytest.fixture
def filled(journal: Journal) -> Journal:
    journal.log_intake(IntakeDraft("3", journal.now(), notes=MARKER))
    journal.backups.take()
    return journal


def test_turning_encryption_on_hides_journal_and_backups(filled: Journal, clock: FakeClock) -> None:
    folder = filled.folder
    assert MARKER.encode() in folder_bytes(folder)
    filled.change_passphrase(FIRST)
    assert filled.encrypted and filled.verify_passphrase(FIRST) and not filled.verify_passphrase(SECOND)
    filled.log_intake(IntakeDraft("1", filled.now(), notes="after"))  # the open journal keeps working
    filled.close()
    assert crypto.is_encrypted(paths.db_path(folder))
    assert MARKER.encode() not in folder_bytes(folder)
    assert not list(folder.glob("*.old")) and not list(folder.glob("*.rekey"))
    (made,) = backups.list_backups(folder)
    assert crypto.is_encrypted(made.path)
    assert eng.check_file(made.path, FIRST) == eng.SCHEMA_VERSION
    assert opens(folder, clock, FIRST) == ["after", MARKER]


def test_without_or_with_a_wrong_passphrase_nothing_changes(filled: Journal, clock: FakeClock) -> None:
    folder = filled.folder
    filled.change_passphrase(FIRST)
    filled.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(errors.PassphraseRequired):
        Journal.open(folder, zone=ZONE, clock=clock)
    with pytest.raises(errors.WrongPassphrase, match="Nothing was changed"):
        Journal.open(folder, zone=ZONE, clock=clock, passphrase=SECOND)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_change_then_remove_the_passphrase(filled: Journal, clock: FakeClock) -> None:
    folder = filled.folder
    filled.change_passphrase(FIRST)
    filled.change_passphrase(SECOND)
    filled.close()
    assert opens(folder, clock, FIRST) is None
    assert opens(folder, clock, SECOND) == [MARKER]
    j = Journal.open(folder, zone=ZONE, clock=clock, passphrase=SECOND)
    j.change_passphrase(None)
    assert not j.encrypted
    j.close()
    assert not crypto.is_encrypted(paths.db_path(folder))
    assert opens(folder, clock, None) == [MARKER]
    assert all(eng.check_file(b.path) for b in backups.list_backups(folder))


def test_backups_of_an_encrypted_journal_are_encrypted_and_restore(filled: Journal) -> None:
    filled.change_passphrase(FIRST)
    made = filled.backups.take()
    assert crypto.is_encrypted(made.path)
    assert MARKER.encode() not in made.path.read_bytes()
    filled.log_intake(IntakeDraft("1", filled.now(), notes="later"))
    filled.backups.restore(made.path)
    assert [i.notes for i in filled.entries.intakes()] == [MARKER]
    assert filled.encrypted


@pytest.mark.parametrize(
    ("new", "repeated", "problem"), [("short", "short", "at least 8"), (FIRST, SECOND, "not the same")]
)
def test_a_new_passphrase_is_checked(new: str, repeated: str, problem: str) -> None:
    with pytest.raises(errors.PassphraseError, match=problem):
        check_new_passphrase(new, repeated)


def test_a_kill_during_a_passphrase_change_leaves_exactly_one_that_works(
    data_dir: Path, clock: FakeClock
) -> None:
    """SIGKILL a process changing the passphrase at random moments; one of the two must always open it."""
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    for n in range(200):  # enough pages that the change takes a while
        j.log_intake(IntakeDraft("0.5", j.now(), notes=f"{MARKER} {n}" * 20))
    j.backups.take()
    j.close()
    expected = opens(data_dir, clock, None)

    def change(current: str | None, new: str) -> int:
        """A child process that changes the passphrase; the parent waits for it or kills it."""
        pid = os.fork()
        if pid == 0:
            try:
                child = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=current)
                child.change_passphrase(new)
            finally:
                os._exit(0)
        return pid

    # How long one change takes on this machine now (under load it can be twice as long), so the
    # kills spread over all of it rather than over a guess.
    os.waitpid(change(None, FIRST), 0)
    started = time.monotonic()
    os.waitpid(change(FIRST, SECOND), 0)
    takes = time.monotonic() - started
    current: str | None = SECOND
    assert opens(data_dir, clock, SECOND) == expected
    rng = random.Random(20261122)
    outcomes = {"old": 0, "new": 0}
    rounds = 0
    while rounds < 16 or (not (outcomes["old"] and outcomes["new"]) and rounds < 48):
        rounds += 1
        new = FIRST if current != FIRST else SECOND
        pid = change(current, new)
        time.sleep(rng.uniform(0.0, 1.5 * takes))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with_old, with_new = opens(data_dir, clock, current), opens(data_dir, clock, new)
        assert (with_old is None) != (with_new is None), "exactly one passphrase must open the journal"
        assert (with_old or with_new) == expected
        if with_new is not None:
            outcomes["new"] += 1
            current = new
        else:
            outcomes["old"] += 1
    assert outcomes["old"] and outcomes["new"], f"the kills should land both before and after: {outcomes}"
