"""Context tags on entries: saved with the entry, hidden and back with delete and undo, purged for good."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.domain.entities import Kind, PainCheckin
from journal.domain.errors import InvalidInput
from journal.domain.tags import TagTally, tally_tags
from journal.domain.withdrawal import WithdrawalScore
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.timeline import load_entry
from tests.conftest import FakeClock
from tests.unit.test_secure_delete import folder_bytes


def test_an_intake_is_saved_with_its_tags_in_their_stored_form(journal: Journal) -> None:
    saved = journal.log_intake(
        IntakeDraft("2", journal.now(), tags=("Poor  Sleep", " stress", "STRESS"))
    ).intake
    assert saved.id is not None
    assert journal.entries.entry_tags(Kind.INTAKE, saved.id) == ("poor sleep", "stress")
    row = load_entry(journal, Kind.INTAKE, saved.id)
    assert row is not None and row.tags == ("poor sleep", "stress")


def test_a_bad_tag_saves_nothing(journal: Journal) -> None:
    with pytest.raises(InvalidInput) as err:
        journal.log_intake(IntakeDraft("2", journal.now(), tags=("x" * 41,)))
    assert err.value.field == "tags"
    with pytest.raises(InvalidInput):
        journal.log_pain(PainCheckin(journal.now(), 4), tags=tuple(f"t{i}" for i in range(11)))
    assert journal.entries.intakes() == [] and journal.entries.pain() == []
    assert journal.entries.tag_counts() == {}


def test_correcting_replaces_the_tags_and_none_keeps_them(journal: Journal) -> None:
    at = journal.now()
    saved = journal.log_intake(IntakeDraft("2", at, tags=("stress",))).intake
    assert saved.id is not None
    journal.edit_intake(IntakeDraft("3", at, id=saved.id))  # tags not given: kept
    assert journal.entries.entry_tags(Kind.INTAKE, saved.id) == ("stress",)
    journal.edit_intake(IntakeDraft("3", at, id=saved.id, tags=("travel", "flare")))
    assert journal.entries.entry_tags(Kind.INTAKE, saved.id) == ("flare", "travel")
    journal.edit_intake(IntakeDraft("3", at, id=saved.id, tags=()))
    assert journal.entries.entry_tags(Kind.INTAKE, saved.id) == ()


def test_every_kind_of_entry_takes_tags(journal: Journal, clock: FakeClock) -> None:
    at = journal.now()
    symptom = journal.log_symptom("nausea", 2, at, tags=("flare",))
    pain = journal.log_pain(PainCheckin(at, 6), tags=("flare", "poor sleep"))
    score = journal.log_withdrawal(WithdrawalScore(at, (1,) * 16), tags=("stress",))
    brk = journal.start_break(date(2026, 3, 20), "a rest", tags=("travel",))
    assert None not in (symptom.id, pain.id, score.id, brk.id)
    assert journal.entries.entry_tags(Kind.SYMPTOM, symptom.id or 0) == ("flare",)
    assert journal.entries.entry_tags(Kind.PAIN, pain.id or 0) == ("flare", "poor sleep")
    assert journal.entries.entry_tags(Kind.WITHDRAWAL, score.id or 0) == ("stress",)
    assert journal.entries.entry_tags(Kind.BREAK, brk.id or 0) == ("travel",)
    assert journal.entries.tag_counts() == {"flare": 2, "poor sleep": 1, "stress": 1, "travel": 1}
    journal.edit_break(brk, tags=("travel", "illness"))
    journal.edit_symptom(symptom, tags=())
    assert journal.entries.tag_counts() == {
        "flare": 1,
        "illness": 1,
        "poor sleep": 1,
        "stress": 1,
        "travel": 1,
    }
    assert journal.set_tags(Kind.PAIN, pain.id or 0, ["Work"]) == ("work",)
    assert journal.entries.tags_of(Kind.PAIN) == {pain.id: ("work",)}


def test_delete_hides_the_tags_and_undo_brings_them_back(journal: Journal) -> None:
    saved = journal.log_intake(IntakeDraft("2", journal.now(), tags=("stress",))).intake
    assert saved.id is not None
    journal.delete(Kind.INTAKE, saved.id)
    assert journal.entries.tag_counts() == {}
    journal.undo_delete(Kind.INTAKE, saved.id)
    assert journal.entries.tag_counts() == {"stress": 1}
    assert journal.entries.entry_tags(Kind.INTAKE, saved.id) == ("stress",)


def test_the_purge_erases_the_tags_of_deleted_entries_from_the_files(
    journal: Journal, data_dir: Path
) -> None:
    at = journal.now()
    gone = journal.log_intake(IntakeDraft("2", at, tags=("zqdeletedtag7f3a",))).intake
    edited = journal.log_intake(IntakeDraft("1", at, tags=("zqeditedtag5be0",))).intake
    kept = journal.log_intake(IntakeDraft("1", at, tags=("zqkepttag0a11",))).intake
    assert gone.id is not None and edited.id is not None and kept.id is not None
    journal._store.checkpoint()
    assert b"zqdeletedtag7f3a" in folder_bytes(data_dir)
    journal.delete(Kind.INTAKE, gone.id)
    journal.edit_intake(IntakeDraft("1", at, id=edited.id, tags=("other",)))
    journal.purge_deleted()
    raw = folder_bytes(data_dir)
    assert b"zqdeletedtag7f3a" not in raw
    assert b"zqeditedtag5be0" not in raw
    assert b"zqkepttag0a11" in raw
    assert journal.entries.tags_of(Kind.INTAKE) == {edited.id: ("other",), kept.id: ("zqkepttag0a11",)}


def test_tags_are_counted_per_entry_and_per_journal_day(journal: Journal, clock: FakeClock) -> None:
    now = journal.now()
    earlier = now.utc - timedelta(days=1)
    journal.log_intake(IntakeDraft("2", now, tags=("stress", "poor sleep")))
    journal.log_intake(IntakeDraft("2", now, tags=("stress",)))
    journal.log_symptom("nausea", 1, type(now).from_utc(earlier, now.zone), tags=("stress",))
    uses = journal.entries.tag_uses(now.utc - timedelta(days=7), now.utc + timedelta(seconds=1))
    assert tally_tags(uses) == [TagTally("stress", 3, 2), TagTally("poor sleep", 1, 1)]
    assert journal.entries.tag_uses(now.utc + timedelta(seconds=1), now.utc + timedelta(days=1)) == []
