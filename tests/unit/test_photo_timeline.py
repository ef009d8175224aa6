"""Photos as History entries: one timeline row each, named with the symptom check-in they are linked
to, found by the kind, day and word filters, paged newest first with the other kinds, and corrected
and deleted like the others."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.service.timeline import (
    TimelineQuery,
    load_entry,
    load_timeline,
    timeline_count,
    timeline_keys,
    timeline_page,
)
from tests.conftest import ZONE, FakeClock
from tests.photo_files import phone_jpeg


def add_photo(journal: Journal, folder: Path, seed: int, draft: PhotoDraft) -> int:
    path = folder / f"p{seed}.jpg"
    phone_jpeg(path, seed=seed, taken=None)
    (photo,) = journal.photos.add_files([path], draft).photos
    assert photo.id is not None
    return photo.id


def checkin(journal: Journal, clock: FakeClock) -> int:
    """A check-in of two ratings a minute apart; the id of its first rating."""
    at = Moment.from_utc(clock.now - timedelta(hours=3), ZONE)
    first = journal.log_symptom("hair-shedding", 2, at)
    journal.log_symptom("nausea", 0, Moment.from_utc(at.utc + timedelta(minutes=1), ZONE))
    assert first.id is not None
    return first.id


def test_a_photo_is_a_timeline_row_naming_its_area_label_note_and_check_in(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    rating = checkin(journal, clock)
    at = Moment.from_utc(clock.now - timedelta(hours=2), ZONE)
    photo_id = add_photo(
        journal,
        tmp_path,
        1,
        PhotoDraft("skin-arms", "left forearm", "after a sunny week", at, symptom_id=rating),
    )
    add_photo(journal, tmp_path, 2, PhotoDraft("scalp-crown"))
    rows = {r.id: r for r in load_timeline(journal) if r.kind is Kind.PHOTO}
    row = rows[photo_id]
    # The link names the check-in's time (local, Berlin: UTC+1 in March) and the rating linked.
    assert row.title == "Skin: arms, left forearm · check-in Tue 2026-03-10 10:00 (Hair shedding: moderate)"
    assert row.detail == "with the symptom check-in of Tuesday 2026-03-10 10:00 (Hair shedding: moderate)"
    assert row.notes == "after a sunny week" and row.search == "after a sunny week"
    assert row.at == at and row.local_date == at.local.date()
    assert row.description.startswith("photo Skin: arms, left forearm")
    others = [r for r in rows.values() if r.id != photo_id]
    assert [r.title for r in others] == ["Scalp: crown"]  # no link: nothing named
    assert load_entry(journal, Kind.PHOTO, photo_id) == row


def test_photos_are_filtered_by_kind_day_and_words_and_paged_with_the_other_kinds(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    for n in range(5):
        at = Moment.from_utc(clock.now - timedelta(days=n, hours=1), ZONE)
        add_photo(
            journal, tmp_path, n, PhotoDraft("scalp-part", notes="flash" if n % 2 else "daylight", at=at)
        )
        journal.log_intake(IntakeDraft("2", at))  # the same instant: the intake comes first
    only = TimelineQuery(kinds=frozenset({Kind.PHOTO}))
    assert timeline_count(journal, only) == 5
    assert timeline_count(journal, TimelineQuery(kinds=frozenset({Kind.INTAKE}))) == 5
    assert len(timeline_keys(journal, only)[Kind.PHOTO]) == 5
    words = TimelineQuery(kinds=frozenset({Kind.PHOTO}), text="FLASH")
    assert [r.notes for r in load_timeline(journal, words)] == ["flash", "flash"]
    assert len(timeline_keys(journal, words)[Kind.PHOTO]) == 2
    day = (clock.now - timedelta(days=2, hours=1)).date()
    on_day = TimelineQuery(first_day=day, last_day=day)
    assert sorted(r.kind for r in load_timeline(journal, on_day)) == [Kind.INTAKE, Kind.PHOTO]

    whole = load_timeline(journal)
    pages, after = [], None
    while True:
        page = timeline_page(journal, after=after, limit=3)
        if not page:
            break
        pages += page
        after = page[-1]
    assert [(r.kind, r.id) for r in pages] == [(r.kind, r.id) for r in whole]
    assert [r.kind for r in whole[:2]] == [Kind.INTAKE, Kind.PHOTO]  # newest first, intake before photo


def test_a_deleted_photo_leaves_the_timeline_and_comes_back_with_undo(
    journal: Journal, tmp_path: Path
) -> None:
    photo_id = add_photo(journal, tmp_path, 1, PhotoDraft("skin-face"))
    journal.delete(Kind.PHOTO, photo_id)
    assert load_entry(journal, Kind.PHOTO, photo_id) is None
    assert timeline_count(journal, TimelineQuery(kinds=frozenset({Kind.PHOTO}))) == 0
    journal.undo_delete(Kind.PHOTO, photo_id)
    assert load_entry(journal, Kind.PHOTO, photo_id) is not None


def test_a_corrected_photo_is_checked_saved_and_put_back(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    rating = checkin(journal, clock)
    photo_id = add_photo(journal, tmp_path, 1, PhotoDraft("skin-arms", "forearm"))
    before = journal.photos.get(photo_id)
    after = journal.photos.edit(
        replace(before, area="skin-hands", label="  back of  hand ", symptom_id=rating)
    )
    assert (after.area, after.label, after.symptom_id) == ("skin-hands", "back of hand", rating)
    assert after.sha256 == before.sha256
    row = load_entry(journal, Kind.PHOTO, photo_id)
    assert row is not None and row.title.startswith("Skin: hands, back of hand · check-in Tue")
    with pytest.raises(InvalidInput) as err:
        journal.photos.edit(replace(before, label="x" * 201))
    assert err.value.field == "label"
    future = Moment.from_utc(clock.now + timedelta(hours=2), ZONE)
    with pytest.raises(InvalidInput) as err:
        journal.photos.edit(replace(before, at=future))
    assert err.value.field == "time"
    assert journal.photos.get(photo_id).label == "back of hand"  # nothing refused was saved
    journal.put_back(Kind.PHOTO, before)  # undoing the correction
    assert journal.photos.get(photo_id).label == "forearm"


def test_the_check_in_of_a_linked_rating_is_named_whichever_rating_it_is(
    journal: Journal, clock: FakeClock
) -> None:
    first = checkin(journal, clock)
    later = journal.log_symptom("itching", 1, Moment.from_utc(clock.now - timedelta(minutes=10), ZONE))
    assert later.id is not None
    found = journal.photos.checkin_of(first)
    assert found is not None and found.symptom_id == first
    assert found.text == "Hair shedding moderate"  # the rating of "none" is left out of the words
    second = journal.photos.checkin_of(first + 1)  # the check-in's other rating: the same check-in
    assert second == found
    assert [c.symptom_id for c in journal.photos.checkins()] == [later.id, first]
    journal.delete(Kind.SYMPTOM, first)
    journal.delete(Kind.SYMPTOM, first + 1)
    assert journal.photos.checkin_of(first) is None
