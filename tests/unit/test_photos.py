"""Photos of hair and skin: stored without a byte of their metadata, upright and downscaled, once per
picture; kept beside the journal under its passphrase, backed up once each, restored, re-keyed, checked,
purged and erased with it."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from journal import paths
from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.photos import PHOTO_EDGE, THUMB_EDGE, group_series, series_key
from journal.domain.times import Moment
from journal.service.imaging import NotAnImage, is_clean, prepare, taken_at
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.storage import crypto, pictures
from tests.conftest import ZONE, FakeClock
from tests.photo_files import MARKERS, assert_clean, not_an_image, phone_jpeg, png_file

PASS = "correct horse battery"


def tree_bytes(folder: Path) -> bytes:
    """Every file under the data folder, backups included, as anyone with the disk could read it."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def add(journal: Journal, folder: Path, seed: int = 1, area: str = "scalp-crown", **kw: object) -> int:
    path = folder / f"photo-{seed}.jpg"
    phone_jpeg(path, seed=seed, **kw)  # type: ignore[arg-type]
    (photo,) = journal.photos.add_files([path], PhotoDraft(area)).photos
    assert photo.id is not None
    return photo.id


# -- what is stored -------------------------------------------------------------------------------


def test_a_phone_photo_is_stored_without_any_of_its_metadata(journal: Journal, tmp_path: Path) -> None:
    photo_id = add(journal, tmp_path)
    data = journal.photos.image(journal.photos.get(photo_id))
    assert data is not None
    assert_clean(data)
    assert is_clean(data)
    journal.backups.take("manual")
    journal.close()
    raw = tree_bytes(journal.folder)
    for marker in MARKERS:  # the journal, its write-ahead logs, the photo stores and every backup
        assert marker not in raw, marker


def test_a_rotated_photo_comes_out_upright(journal: Journal, tmp_path: Path) -> None:
    """Orientation 6: stored 400 wide with red on the left, shown turned a quarter clockwise."""
    photo = journal.photos.get(add(journal, tmp_path, orientation=6))
    data = journal.photos.image(photo)
    assert data is not None
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (300, 400) == (photo.width, photo.height)
        red, blue = image.getpixel((150, 20)), image.getpixel((150, 380))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]  # red on top, blue below


def test_a_large_photo_is_brought_down_with_a_small_thumbnail(tmp_path: Path) -> None:
    image = prepare(phone_jpeg(width=4032, height=3024))
    # A phone's 12 MP JPEG is decoded at half scale (several times faster): 2016 px, within 2048.
    assert (image.width, image.height) == (2016, 1512)
    with Image.open(io.BytesIO(image.thumb)) as thumb:
        assert max(thumb.size) == THUMB_EDGE
    assert is_clean(image.thumb)
    assert prepare(phone_jpeg(width=4032, height=3024)).sha256 == image.sha256  # same file, same bytes
    wide = io.BytesIO()
    Image.new("RGB", (5000, 3000), (10, 120, 200)).save(wide, "PNG")
    assert (prepare(wide.getvalue()).width, prepare(wide.getvalue()).height) == (PHOTO_EDGE, 1229)


def test_a_png_is_stored_as_a_jpeg_without_its_text(journal: Journal, tmp_path: Path) -> None:
    png_file(tmp_path / "screen.png")
    (photo,) = journal.photos.add_files([tmp_path / "screen.png"], PhotoDraft("skin-face")).photos
    data = journal.photos.image(photo)
    assert data is not None
    assert_clean(data)
    assert (photo.width, photo.height) == (300, 200)


def test_the_time_taken_comes_from_the_file_only_when_asked(journal: Journal, tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "a.jpg", seed=1)  # taken 2026-03-08 09:15 at +01:00
    phone_jpeg(tmp_path / "b.jpg", seed=2, offset=None)  # the same wall-clock time, no offset
    phone_jpeg(tmp_path / "c.jpg", seed=3, taken=None)  # no time at all
    (taken,) = journal.photos.add_files([tmp_path / "a.jpg"], PhotoDraft("skin-hands", use_taken=True)).photos
    assert taken.at.local.isoformat() == "2026-03-08T09:15:00" and taken.at.offset_min == 60
    (zoned,) = journal.photos.add_files([tmp_path / "b.jpg"], PhotoDraft("skin-hands", use_taken=True)).photos
    assert zoned.at.utc == taken.at.utc  # read in the journal's zone (Berlin, +01:00 in March)
    (untimed,) = journal.photos.add_files(
        [tmp_path / "c.jpg"], PhotoDraft("skin-hands", use_taken=True)
    ).photos
    assert untimed.at.utc == journal.clock().replace(microsecond=0)  # none in the file: now
    phone_jpeg(tmp_path / "d.jpg", seed=4)
    (now,) = journal.photos.add_files([tmp_path / "d.jpg"], PhotoDraft("skin-hands")).photos
    assert now.at.utc == journal.clock().replace(microsecond=0)
    assert taken_at(phone_jpeg(seed=5, taken="not a time"), ZONE) is None


def test_a_file_that_is_not_a_photo_changes_nothing(journal: Journal, tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    phone_jpeg(good)
    notes = not_an_image(tmp_path / "notes.txt")
    with pytest.raises(NotAnImage) as refused:
        journal.photos.add_files([good, notes], PhotoDraft("scalp-part"))
    assert "notes.txt" in refused.value.message and "not a photo" in refused.value.message
    assert refused.value.field == "files"
    assert journal.photos.all() == []
    assert pictures.files(journal.folder) == []  # not even a photo store was made
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(64))
    with pytest.raises(NotAnImage) as unread:
        journal.photos.add_files([heic], PhotoDraft("scalp-part"))
    assert "HEIC" in unread.value.message


def test_bad_choices_are_refused_at_their_field(journal: Journal, tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "a.jpg")
    for draft, field in (
        (PhotoDraft("elbow"), "area"),
        (PhotoDraft("skin-other", label="x" * 201), "label"),
        (PhotoDraft("skin-other", at=Moment.from_utc(journal.clock() + timedelta(days=1), ZONE)), "time"),
        (PhotoDraft("skin-other", symptom_id=999), "symptom"),
    ):
        with pytest.raises(InvalidInput) as refused:
            journal.photos.add_files([tmp_path / "a.jpg"], draft)
        assert refused.value.field == field
    assert journal.photos.all() == []


def test_the_same_picture_is_stored_once(journal: Journal, tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "a.jpg")
    phone_jpeg(tmp_path / "copy.jpg")
    first = journal.photos.add_files([tmp_path / "a.jpg"], PhotoDraft("scalp-crown"))
    again = journal.photos.add_files([tmp_path / "copy.jpg", tmp_path / "a.jpg"], PhotoDraft("scalp-crown"))
    assert again.photos == () and [name for name, _ in again.already] == ["copy.jpg", "a.jpg"]
    assert "already in the journal" in again.summary()
    assert journal.photos.all() == list(first.photos)


# -- series and what happened between two photos ------------------------------------------------------


def test_series_group_photos_by_area_and_label(journal: Journal, tmp_path: Path, clock: FakeClock) -> None:
    for n, (area, label) in enumerate(
        [
            ("skin-other", "Mole on back"),
            ("scalp-crown", ""),
            ("skin-other", "mole  on back"),
            ("skin-other", ""),
        ]
    ):
        phone_jpeg(tmp_path / f"{n}.jpg", seed=n)
        journal.photos.add_files([tmp_path / f"{n}.jpg"], PhotoDraft(area, label=label))
        clock.now += timedelta(days=1)
    series = journal.photos.series()
    assert [s.key for s in series] == [
        ("scalp-crown", ""),
        ("skin-other", ""),
        series_key("skin-other", "mole on back"),
    ]
    assert [len(s.photos) for s in series] == [1, 1, 2]
    assert series[2].title == "Skin: other, mole on back"
    assert group_series(journal.photos.all()) == series


def test_between_two_photos_counts_the_amount_and_the_breaks(
    journal: Journal, tmp_path: Path, clock: FakeClock
) -> None:
    first = journal.photos.get(add(journal, tmp_path, seed=1))
    for _day in range(3):
        clock.now += timedelta(days=1)
        journal.log_intake(IntakeDraft("2.5", journal.now()))
    clock.now += timedelta(days=1)
    journal.start_break(None)
    clock.now += timedelta(days=3)
    journal.end_break()
    later = journal.photos.get(add(journal, tmp_path, seed=2))
    gap = journal.photos.between(later, first)
    assert (gap.grams_mg, gap.intakes, gap.use_days, gap.uncounted) == (7500, 3, 3, 0)
    # Both photo days counted, as the days of use are.
    assert gap.days == 8 and len(gap.breaks) == 1 and gap.break_days == 3


# -- the passphrase, backups, restores, checks, deletes -------------------------------------------


def test_photos_follow_the_passphrase(data_dir: Path, clock: FakeClock, tmp_path: Path) -> None:
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    photo_id = add(journal, tmp_path)
    journal.backups.take("manual")
    store, kept = pictures.store_path(data_dir), pictures.backup_store_path(data_dir)
    assert not crypto.is_encrypted(store) and not crypto.is_encrypted(kept)
    journal.change_passphrase(PASS)
    assert crypto.is_encrypted(store) and crypto.is_encrypted(kept)
    assert journal.photos.image(journal.photos.get(photo_id)) is not None
    journal.close()
    for marker in (b"JFIF", b"SQLite format 3"):  # nothing of the pictures or the stores in the clear
        assert marker not in store.read_bytes() and marker not in kept.read_bytes()
    journal = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=PASS)
    try:
        assert journal.photos.image(journal.photos.get(photo_id)) is not None
        assert journal.check().ok
        journal.change_passphrase(None)
        assert not crypto.is_encrypted(store) and not crypto.is_encrypted(kept)
        assert journal.photos.image(journal.photos.get(photo_id)) is not None
    finally:
        journal.close()


def test_a_plain_photo_store_beside_an_encrypted_journal_is_encrypted_at_open(
    data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    add(journal, tmp_path)
    journal.change_passphrase(PASS)
    journal.close()
    # What an interrupted change of an older version could leave: the store without encryption.
    store = pictures.store_path(data_dir)
    key = crypto.key_for(store, PASS)
    plain = store.with_name("plain")
    from journal.storage import rekey

    rekey.write_copy(store, key, plain, None)
    plain.replace(store)
    assert not crypto.is_encrypted(store)
    journal = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=PASS)
    try:
        assert crypto.is_encrypted(store)
        assert any("photo store" in n for n in journal.notices)
        assert journal.photos.image(journal.photos.all()[0]) is not None
    finally:
        journal.close()


def test_each_picture_is_backed_up_once_and_goes_with_the_last_backup_naming_it(
    journal: Journal, tmp_path: Path
) -> None:
    photo_id = add(journal, tmp_path)
    journal.backups.take("manual")
    journal.backups.take("manual")
    kept = pictures.backup_store_path(journal.folder)
    with pictures.connect(kept, None) as con:
        assert len(pictures.present(con)) == 1
        assert con.execute("SELECT count(*) FROM backup_refs").fetchone()[0] == 2
    journal.delete(Kind.PHOTO, photo_id)
    journal.purge_deleted()
    for backup in journal.backups.all():
        journal.backups.delete(backup.path)
    with pictures.connect(kept, None) as con:
        assert pictures.present(con) == set()
    journal.close()
    assert not any(m in tree_bytes(journal.folder) for m in (b"\xff\xd8\xff\xe0\x00\x10JFIF",))


def test_a_deleted_photo_leaves_no_bytes_once_purged(journal: Journal, tmp_path: Path) -> None:
    gone = journal.photos.get(add(journal, tmp_path, seed=1))
    kept = journal.photos.get(add(journal, tmp_path, seed=2))
    data = journal.photos.image(gone)
    kept_data = journal.photos.image(kept)
    assert data is not None and kept_data is not None
    probe, kept_probe = data[600:700], kept_data[600:700]  # a stretch of the compressed pixels
    assert probe in pictures.store_path(journal.folder).read_bytes()  # each connection checkpoints
    assert gone.id is not None
    journal.delete(Kind.PHOTO, gone.id)
    journal.undo_delete(Kind.PHOTO, gone.id)  # undo brings it back whole
    assert journal.photos.image(journal.photos.get(gone.id)) == data
    journal.delete(Kind.PHOTO, gone.id)
    journal.purge_deleted()
    journal.close()
    raw = b"".join(p.read_bytes() for p in journal.folder.iterdir() if p.is_file())
    assert probe not in raw
    assert kept_probe in raw


def test_restore_puts_back_the_pictures_of_the_backup(journal: Journal, tmp_path: Path) -> None:
    photo_id = add(journal, tmp_path, seed=1)
    picture = journal.photos.image(journal.photos.get(photo_id))
    backup = journal.backups.take("manual")
    journal.delete(Kind.PHOTO, photo_id)
    journal.purge_deleted()
    newer = journal.photos.get(add(journal, tmp_path, seed=2))
    with pictures.connect(pictures.store_path(journal.folder), None) as con:
        assert pictures.present(con) == {newer.sha256}
    done = journal.backups.restore(backup.path)
    assert done.photo_notes == ()
    (restored,) = journal.photos.all()
    assert restored.id == photo_id and journal.photos.image(restored) == picture
    with pictures.connect(pictures.store_path(journal.folder), None) as con:
        assert pictures.present(con) == {restored.sha256}  # the newer one is in the backup made first
    assert journal.check().ok
    assert done.safety is not None
    assert journal.backups.restore(done.safety.path).photo_notes == ()
    assert journal.photos.image(journal.photos.get(newer.id or 0)) is not None


def test_restoring_a_backup_under_another_passphrase_rekeys_the_photo_stores(
    data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    journal.change_passphrase("the first passphrase")
    photo_id = add(journal, tmp_path)
    old = journal.backups.take("manual")
    clock.now += timedelta(hours=1)
    journal.change_passphrase("the second passphrase")  # re-keys the backup and the photo stores too
    journal.close()
    # A backup under the first passphrase again, as one made before a change would be.
    from journal.storage import rekey

    first = crypto.Secret("the first passphrase").new_key()
    second_key = crypto.key_for(old.path, "the second passphrase")
    rekey.write_copy(old.path, second_key, old.path.with_name(old.path.name + ".x"), first)
    old.path.with_name(old.path.name + ".x").replace(old.path)
    journal = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase="the second passphrase")
    try:
        done = journal.backups.restore(old.path, "the first passphrase")
        assert done.photo_notes == ()
        assert journal.photos.image(journal.photos.get(photo_id)) is not None
        for store in pictures.files(data_dir):
            assert crypto.opens(store, crypto.key_for(paths.db_path(data_dir), "the first passphrase"))
    finally:
        journal.close()
    reopened = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase="the first passphrase")
    try:
        assert reopened.photos.image(reopened.photos.get(photo_id)) is not None
    finally:
        reopened.close()


def test_the_check_reads_every_picture_back(journal: Journal, tmp_path: Path) -> None:
    photo = journal.photos.get(add(journal, tmp_path))
    health = journal.check()
    assert health.ok and health.counts["photo"] == 1
    with pictures.connect(pictures.store_path(journal.folder), None) as con:
        con.execute("UPDATE pictures SET image = x'ffd8ffd9' WHERE sha256 = ?", (photo.sha256,))
    health = journal.check()
    assert not health.ok
    assert any("damaged" in p for p in health.problems)


def test_deleting_all_data_takes_the_photo_stores(journal: Journal, tmp_path: Path) -> None:
    add(journal, tmp_path)
    journal.backups.take("manual")
    assert len(pictures.files(journal.folder)) == 2
    removed = journal.erase()
    assert pictures.store_path(journal.folder) in removed
    assert pictures.backup_store_path(journal.folder) in removed
    assert not any(journal.folder.iterdir())


@pytest.mark.parametrize("decided", [True, False])
def test_an_interrupted_passphrase_change_leaves_the_photo_stores_with_the_journal(
    data_dir: Path, clock: FakeClock, tmp_path: Path, decided: bool
) -> None:
    """Killed after the copies (and, if `decided`, the record) were written: the next open finishes or
    undoes the change for the journal, its backups and both photo stores alike."""
    from journal.storage import rekey

    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    photo_id = add(journal, tmp_path)
    journal.backups.take("manual")
    journal.close()
    new = crypto.Secret(PASS).new_key()
    jobs = [rekey.Job(paths.db_path(data_dir), None)]
    jobs += [rekey.Job(b, None) for b in sorted((data_dir / "backups").glob("journal-*.sqlite3"))]
    jobs += [rekey.Job(p, None) for p in pictures.files(data_dir)]
    rekey.prepare(data_dir, jobs, new)  # what a kill before `finish` leaves
    if not decided:
        (data_dir / rekey.RECORD).unlink()
    passphrase = PASS if decided else None
    reopened = Journal.open(data_dir, zone=ZONE, clock=clock, passphrase=passphrase)
    try:
        assert reopened.encrypted is decided
        for store in pictures.files(data_dir):
            assert crypto.is_encrypted(store) is decided
        assert reopened.photos.image(reopened.photos.get(photo_id)) is not None
        assert reopened.check().ok
    finally:
        reopened.close()
    assert not list(data_dir.rglob("*.rekey"))


def test_a_damaged_photo_store_does_not_stop_the_journal_being_backed_up(
    journal: Journal, tmp_path: Path
) -> None:
    add(journal, tmp_path)
    pictures.store_path(journal.folder).write_bytes(b"not a photo store at all " * 400)
    backup = journal.backups.take("manual")
    assert backup.path.exists()
    health = journal.check()
    assert not health.ok and any("photo store cannot be read" in p for p in health.problems)
