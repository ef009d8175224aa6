"""Context tags on entries: saved with the entry, hidden and back with delete and undo, purged for good."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.domain.entities import Kind, PainCheckin
from journal.domain.errors import InvalidInput
from journal.domain.tags import Tagged, TagTally, tally_tags
from journal.domain.withdrawal import WithdrawalScore
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.service.timeline import load_entry
from tests.conftest import FakeClock
from tests.photo_files import phone_jpeg
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


# -- photos ---------------------------------------------------------------------------------------


def _photo_files(folder: Path, *seeds: int) -> list[Path]:
    paths = []
    for seed in seeds:
        path = folder / f"photo-{seed}.jpg"
        phone_jpeg(path, seed=seed)
        paths.append(path)
    return paths


def test_photos_added_together_each_take_the_tags_chosen(journal: Journal, tmp_path: Path) -> None:
    draft = PhotoDraft("scalp-crown", tags=("Flare", " poor  sleep"))
    added = journal.photos.add_files(_photo_files(tmp_path, 1, 2), draft).photos
    ids = [p.id for p in added]
    assert len(ids) == 2 and None not in ids
    assert journal.entries.tags_of(Kind.PHOTO) == {i: ("flare", "poor sleep") for i in ids}
    row = load_entry(journal, Kind.PHOTO, ids[0] or 0)
    assert row is not None and row.tags == ("flare", "poor sleep")
    assert journal.entries.tag_counts() == {"flare": 2, "poor sleep": 2}


def test_a_bad_tag_on_photos_being_added_saves_none_of_them(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        journal.photos.add_files(_photo_files(tmp_path, 1), PhotoDraft("scalp-crown", tags=("a;b",)))
    assert err.value.field == "tags"
    assert journal.photos.all() == [] and journal.entries.tag_counts() == {}


def test_correcting_a_photo_saves_its_tags_with_it(journal: Journal, tmp_path: Path) -> None:
    (photo,) = journal.photos.add_files(_photo_files(tmp_path, 1), PhotoDraft("scalp-crown")).photos
    assert photo.id is not None
    edited = journal.photos.edit(replace(photo, label="crown"), tags=["Stress", "travel"])
    assert edited.label == "crown"
    assert journal.entries.entry_tags(Kind.PHOTO, photo.id) == ("stress", "travel")
    journal.photos.edit(replace(edited, notes="kept"))  # tags not given: kept
    assert journal.entries.entry_tags(Kind.PHOTO, photo.id) == ("stress", "travel")
    with pytest.raises(InvalidInput) as err:  # a bad tag saves nothing, not even the label
        journal.photos.edit(replace(edited, label="other"), tags=["x" * 41])
    assert err.value.field == "tags"
    assert journal.photos.get(photo.id).label == "crown"
    assert journal.entries.entry_tags(Kind.PHOTO, photo.id) == ("stress", "travel")
    journal.put_back(Kind.PHOTO, Tagged(photo, ()))  # undoing the first correction
    assert journal.photos.get(photo.id).label == ""
    assert journal.entries.entry_tags(Kind.PHOTO, photo.id) == ()


def test_a_deleted_photo_hides_its_tags_until_undo_and_the_purge_erases_them(
    journal: Journal, tmp_path: Path, data_dir: Path
) -> None:
    draft = PhotoDraft("scalp-crown", tags=("zqphototag41c2",))
    gone, kept = journal.photos.add_files(_photo_files(tmp_path, 1, 2), draft).photos
    assert gone.id is not None and kept.id is not None
    journal.delete(Kind.PHOTO, gone.id)
    assert journal.entries.tag_counts() == {"zqphototag41c2": 1}
    journal.undo_delete(Kind.PHOTO, gone.id)
    assert journal.entries.tag_counts() == {"zqphototag41c2": 2}
    journal.photos.edit(kept, tags=("other",))
    journal.delete(Kind.PHOTO, gone.id)
    journal.purge_deleted()
    assert b"zqphototag41c2" not in folder_bytes(data_dir)
    assert journal.entries.tags_of(Kind.PHOTO) == {kept.id: ("other",)}


def test_photo_tags_are_counted_for_the_summary(journal: Journal, tmp_path: Path) -> None:
    now = journal.now()
    draft = PhotoDraft("scalp-crown", at=now, tags=("flare",))
    journal.photos.add_files(_photo_files(tmp_path, 1), draft)
    journal.log_pain(PainCheckin(now, 5), tags=("flare",))
    uses = journal.entries.tag_uses(now.utc - timedelta(days=1), now.utc + timedelta(seconds=1))
    assert sorted(use.kind for use in uses) == ["pain", "photo"]
    assert tally_tags(uses) == [TagTally("flare", 2, 1)]
