"""Photos through export and import: the JSON carries each picture (base64, its sha256, its area and
its link), the CSV lists them without pixels; an import checks every hash and merges by it, so twice
adds nothing, and a bad file or a failed write leaves the journal and its photo store as they were."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from journal.domain.entities import Kind
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import ImportFileError, import_file, preview_import
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.storage import pictures
from tests.conftest import FakeClock
from tests.photo_files import MARKERS, assert_clean, phone_jpeg
from tests.unit.test_export_import import open_journal


def with_photos(journal: Journal, folder: Path) -> None:
    """A symptom check-in with two photos linked to it, and a labelled photo of another area."""
    rating = journal.log_symptom(journal.symptom_key("hair shedding"), 2, journal.now(), notes="clumps")
    for seed in (1, 2):
        phone_jpeg(folder / f"crown-{seed}.jpg", seed=seed)
    phone_jpeg(folder / "arm.jpg", seed=3, orientation=6)
    crown = [folder / "crown-1.jpg", folder / "crown-2.jpg"]
    journal.photos.add_files(crown, PhotoDraft("scalp-crown", notes="same light", symptom_id=rating.id))
    journal.photos.add_files([folder / "arm.jpg"], PhotoDraft("skin-arms", label="left forearm"))


def described(journal: Journal) -> list[tuple[object, ...]]:
    """Every photo as an import must keep it: time, area, label, note, link, pixels and their hash."""
    ratings = {e.id: (e.at.utc, e.type_key) for e in journal.entries.symptoms()}
    return [
        (
            p.at,
            p.area,
            p.label,
            p.notes,
            ratings.get(p.symptom_id) if p.symptom_id is not None else None,
            p.sha256,
            (p.width, p.height),
            journal.photos.image(p),
        )
        for p in journal.photos.all()
    ]


def test_photos_round_trip_through_json_and_twice_adds_nothing(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    target = open_journal(tmp_path / "target", FakeClock(clock()))
    try:
        result = import_file(target, path)
        assert result.added["photos"] == 3
        assert described(target) == described(journal)
        assert all(link is not None for *_, link, _sha, _size, _data in described(target)[:2])
        again = preview_import(target, path)
        assert not again.has_changes and again.already["photos"] == 3
        with pictures.connect(pictures.store_path(target.folder), None) as con:
            assert len(pictures.present(con)) == 3
    finally:
        target.close()


def test_the_json_carries_clean_pictures_with_their_hash_and_area(journal: Journal, tmp_path: Path) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["counts"]["photos"] == 3
    first = doc["photos"][0]
    assert first["area"] == "scalp-crown" and first["media_type"] == "image/jpeg"
    assert first["symptom"]["symptom"] == "hair-shedding"
    for entry in doc["photos"]:
        data = base64.b64decode(entry["data"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert_clean(data)
    raw = path.read_bytes()
    for marker in MARKERS:
        assert marker not in raw


def test_the_csv_lists_photos_without_pixels(journal: Journal, tmp_path: Path) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.zip"
    export_journal(journal, path, ExportFormat.CSV)
    with zipfile.ZipFile(path) as archive:
        text = archive.read("photos.csv").decode("utf-8-sig")
        everything = b"".join(archive.read(name) for name in archive.namelist())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["area_label"] for r in rows] == ["Scalp: crown", "Scalp: crown", "Skin: arms"]
    assert rows[2]["label"] == "left forearm" and rows[0]["symptom"] == "hair-shedding"
    assert len(rows[0]["sha256"]) == 64 and "data" not in rows[0]
    assert b"JFIF" not in everything  # no pixels anywhere in the zip
    target = open_journal(tmp_path / "target")
    try:
        plan = preview_import(target, path)
        assert "photos" not in plan.added
        assert any("3 photos without their pictures" in note for note in plan.notes)
    finally:
        target.close()


def _tampered(path: Path, change: str) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    data = bytearray(base64.b64decode(doc["photos"][1]["data"]))
    if change == "pixels":
        data[700] ^= 0xFF
        doc["photos"][1]["data"] = base64.b64encode(bytes(data)).decode()
    else:
        doc["photos"][1]["data"] = "not base64 at all!"
    out = path.with_name(f"tampered-{change}.json")
    out.write_text(json.dumps(doc), encoding="utf-8")
    return out


@pytest.mark.parametrize("change", ["pixels", "encoding"])
def test_a_picture_that_does_not_match_its_hash_imports_nothing(
    journal: Journal, tmp_path: Path, change: str
) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    bad = _tampered(path, change)
    target = open_journal(tmp_path / "target")
    try:
        with pytest.raises(ImportFileError) as refused:
            import_file(target, bad)
        words = str(refused.value)
        assert "photos[1].data" in words
        assert ("does not match its sha256" if change == "pixels" else "not base64") in words
        assert target.photos.all() == [] and target.entries.symptoms() == []
        assert pictures.files(target.folder) == []
    finally:
        target.close()


def test_a_failed_write_leaves_no_picture_behind(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    target = open_journal(tmp_path / "target")
    from journal.storage import bulk

    def refuse(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bulk, "insert_entries", refuse)
    try:
        with pytest.raises(OSError):
            import_file(target, path)
        assert target.photos.all() == []
        with pictures.connect(pictures.store_path(target.folder), None) as con:
            assert pictures.present(con) == set()
    finally:
        target.close()


def test_a_picture_with_metadata_from_elsewhere_is_stored_without_it(
    journal: Journal, tmp_path: Path
) -> None:
    with_photos(journal, tmp_path)
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    doc = json.loads(path.read_text(encoding="utf-8"))
    raw = phone_jpeg(seed=9)  # a file written by something else, metadata and all
    doc["photos"][0]["data"] = base64.b64encode(raw).decode()
    doc["photos"][0]["sha256"] = hashlib.sha256(raw).hexdigest()
    other = tmp_path / "other.json"
    other.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target")
    try:
        import_file(target, other)
        for photo in target.photos.all():
            data = target.photos.image(photo)
            assert data is not None
            assert_clean(data)
    finally:
        target.close()


def _photo_tags(journal: Journal) -> list[tuple[str, tuple[str, ...]]]:
    """Each photo's sha256 with its tags (ids differ between journals)."""
    tags = journal.entries.tags_of(Kind.PHOTO)
    return [(p.sha256, tags.get(p.id or 0, ())) for p in journal.photos.all()]


def test_photo_tags_round_trip_through_json_and_twice_add_nothing(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    with_photos(journal, tmp_path)
    first, second, third = journal.photos.all()
    journal.photos.edit(first, tags=["flare", "poor sleep"])
    journal.photos.edit(third, tags=["=sun"])  # a formula-like tag
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert [entry["tags"] for entry in doc["photos"]] == [["flare", "poor sleep"], [], ["=sun"]]
    target = open_journal(tmp_path / "target", FakeClock(clock()))
    try:
        result = import_file(target, path)
        assert result.plan.added["tags"] == 3
        assert _photo_tags(target) == _photo_tags(journal)
        again = preview_import(target, path)
        assert not again.has_changes and "tags" not in again.added
        import_file(target, path)
        assert _photo_tags(target) == _photo_tags(journal)
        # a photo already there takes the tags it lacks and keeps its own
        kept = target.photos.all()[0]
        assert kept.id is not None
        target.set_tags(Kind.PHOTO, kept.id, ["own tag", "flare"])
        plan = preview_import(target, path)
        assert plan.added == {"tags": 1}, "poor sleep"
        import_file(target, path)
        assert target.entries.entry_tags(Kind.PHOTO, kept.id) == ("flare", "own tag", "poor sleep")
        assert not preview_import(target, path).has_changes
    finally:
        target.close()
    assert second.id is not None and journal.entries.entry_tags(Kind.PHOTO, second.id) == ()


def test_photo_tags_are_a_csv_column_and_a_bad_one_in_the_json_changes_nothing(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    with_photos(journal, tmp_path)
    first = journal.photos.all()[0]
    journal.photos.edit(first, tags=["flare", "=sun"])
    export_journal(journal, tmp_path / "export.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("photos.csv").decode("utf-8-sig"))))
    assert [r["tags"] for r in rows] == ["'=sun; flare", "", ""]  # formula defused
    path = tmp_path / "export.json"
    export_journal(journal, path, ExportFormat.JSON)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["photos"][1]["tags"] = ["x" * 41]
    path.write_text(json.dumps(doc), "utf-8")
    target = open_journal(tmp_path / "target", FakeClock(clock()))
    try:
        with pytest.raises(ImportFileError, match="at most 40 characters") as err:
            preview_import(target, path)
        assert "photos[1].tags" in str(err.value)
        with pytest.raises(ImportFileError):
            import_file(target, path)
        assert target.photos.all() == [] and target.entries.tag_counts() == {}
    finally:
        target.close()
