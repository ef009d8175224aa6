"""Deleted and edited-away text does not linger in the journal's files once purged.

The check reads the raw bytes of every file in the data folder (the database, its
write-ahead log and shared-memory file), as anyone with the disk could.
"""

from __future__ import annotations

from pathlib import Path

from journal.domain.entities import Form, Kind, Product
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

DELETED_INTAKE = "zq-deleted-intake-7f3a"
DELETED_SYMPTOM = "zq-deleted-symptom-91c2"
EDITED_AWAY = "zq-edited-away-5be0"
DELETED_PRODUCT = "zq-deleted-product-2d4e"
KEPT = "zq-kept-note-0a11"


def folder_bytes(folder: Path) -> bytes:
    """Every file in the data folder except backups, which are a separate promise."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def write_and_delete(journal: Journal) -> None:
    """An intake and a symptom with marked notes, deleted; another intake's note edited away."""
    at = journal.now()
    gone = journal.log_intake(IntakeDraft("2", at, notes=f"note {DELETED_INTAKE}")).intake
    symptom = journal.log_symptom("nausea", 2, at, notes=f"note {DELETED_SYMPTOM}")
    edited = journal.log_intake(IntakeDraft("3", at, notes=f"note {EDITED_AWAY}")).intake
    journal.log_intake(IntakeDraft("1", at, notes=KEPT))
    product = journal.products.add(Product(DELETED_PRODUCT, usual_form=Form.POWDER))
    # Into the main file first, so the edit and deletes change pages that are on disk.
    journal._store.checkpoint()
    assert edited.id is not None and gone.id is not None and symptom.id is not None
    assert product.id is not None
    journal.edit_intake(IntakeDraft("3", at, notes="something else", id=edited.id))
    journal.delete(Kind.INTAKE, gone.id)
    journal.delete(Kind.SYMPTOM, symptom.id)
    journal.delete(Kind.PRODUCT, product.id)


def test_marked_text_is_in_the_files_before_the_purge(journal: Journal, data_dir: Path) -> None:
    """The control: the byte search does find soft-deleted and edited-away text."""
    write_and_delete(journal)
    raw = folder_bytes(data_dir)
    for marker in (DELETED_INTAKE, DELETED_SYMPTOM, EDITED_AWAY, DELETED_PRODUCT, KEPT):
        assert marker.encode() in raw, marker


def test_soft_deleted_rows_survive_closing_without_a_purge(data_dir: Path, clock: FakeClock) -> None:
    """A soft delete alone leaves the text in the file: the purge is what removes it."""
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    write_and_delete(journal)
    journal.close()
    raw = folder_bytes(data_dir)
    assert DELETED_INTAKE.encode() in raw
    assert DELETED_SYMPTOM.encode() in raw


def test_purge_leaves_no_trace_of_deleted_or_edited_text(data_dir: Path, clock: FakeClock) -> None:
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    write_and_delete(journal)
    assert journal.purge_deleted() == 3
    journal.close()
    names = {p.name for p in data_dir.iterdir() if p.is_file()}
    assert "journal.sqlite3" in names
    raw = folder_bytes(data_dir)
    for marker in (DELETED_INTAKE, DELETED_SYMPTOM, EDITED_AWAY, DELETED_PRODUCT):
        assert marker.encode() not in raw, marker
    assert KEPT.encode() in raw


def test_purge_is_clean_while_the_journal_stays_open(journal: Journal, data_dir: Path) -> None:
    """The write-ahead log is emptied too, not only the main file."""
    write_and_delete(journal)
    journal.purge_deleted()
    wal = data_dir / "journal.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    raw = folder_bytes(data_dir)
    for marker in (DELETED_INTAKE, DELETED_SYMPTOM, EDITED_AWAY):
        assert marker.encode() not in raw, marker


def test_purge_keeps_live_entries_and_a_deleted_product_they_name(journal: Journal) -> None:
    product = journal.products.add(Product("Red", usual_form=Form.POWDER))
    at = journal.now()
    kept = journal.log_intake(IntakeDraft("2", at, product_id=product.id)).intake
    assert product.id is not None
    journal.delete(Kind.PRODUCT, product.id)
    assert journal.purge_deleted() == 0
    assert [i.id for i in journal.entries.intakes()] == [kept.id]
    assert [line.product_name for line in journal.entries.intake_lines()] == ["Red"]
