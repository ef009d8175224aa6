"""The clinician summary's photo page: there only when asked for, the first and last photo of each
chosen area with their dates and what happened between, small, and with no trace of any metadata."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from journal.reports.pdf import write_report
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from tests.conftest import FakeClock
from tests.photo_files import MARKERS, assert_clean, phone_jpeg

START, END = date(2026, 1, 1), date(2026, 3, 10)


def series(journal: Journal, clock: FakeClock, folder: Path) -> None:
    """Scalp crown on 1 Feb and 1 Mar with 20 days of 3.5 g and a 5-day break between; one arm photo."""
    clock.now = clock.now.replace(month=2, day=1, hour=9)
    phone_jpeg(folder / "c1.jpg", seed=1, width=1600, height=1200, taken=None)
    journal.photos.add_files([folder / "c1.jpg"], PhotoDraft("scalp-crown", notes="bathroom light"))
    phone_jpeg(folder / "arm.jpg", seed=3, width=1200, height=1600, taken=None)
    journal.photos.add_files([folder / "arm.jpg"], PhotoDraft("skin-arms", label="left forearm"))
    for _ in range(20):
        clock.now += timedelta(days=1)
        journal.log_intake(IntakeDraft("3.5", journal.now()))
    journal.start_break(None)
    clock.now += timedelta(days=5)
    journal.end_break()
    clock.now = clock.now.replace(month=3, day=1, hour=9)
    phone_jpeg(folder / "c2.jpg", seed=2, width=1600, height=1200, taken=None)
    journal.photos.add_files([folder / "c2.jpg"], PhotoDraft("scalp-crown"))
    clock.now = clock.now.replace(day=10, hour=12)


def page_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def test_the_photo_page_is_off_unless_asked_for(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    series(journal, clock, tmp_path)
    write_report(journal, START, END, tmp_path / "plain.pdf")
    assert "Photos (taken by the patient" not in page_text(tmp_path / "plain.pdf")
    assert not any(page.images for page in PdfReader(tmp_path / "plain.pdf").pages)


def test_first_and_last_of_each_chosen_area_with_what_happened_between(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series(journal, clock, tmp_path)
    path = tmp_path / "photos.pdf"
    write_report(journal, START, END, path, photos=True, photo_areas=["scalp-crown"])
    words = page_text(path)
    assert "Photos (taken by the patient, shared by choice)" in words
    assert "Scalp: crown" in words and "Skin: arms" not in words
    assert "First, 1 Feb 2026 · bathroom light" in words and "Last, 1 Mar 2026" in words
    assert "From the first day to the last, 29 days: 70 g used on 20 days; 1 break, 5 days." in words
    images = [image for page in PdfReader(path).pages for image in page.images]
    assert len(images) == 2
    for image in images:
        assert_clean(image.data)  # the JPEG bytes as embedded: pixels only
        with Image.open(io.BytesIO(image.data)) as shown:
            assert max(shown.size) <= 900
    raw = path.read_bytes()
    for marker in MARKERS:
        assert marker not in raw
    every = tmp_path / "every.pdf"
    write_report(journal, START, END, every, photos=True)
    assert "Skin: arms, left forearm The only photo, 1 Feb 2026" in page_text(every)
    assert sum(len(page.images) for page in PdfReader(every).pages) == 3
    plain = tmp_path / "plain.pdf"
    write_report(journal, START, END, plain)
    assert every.stat().st_size - plain.stat().st_size < 3 * 250_000  # light: each photo adds little


def test_no_photos_of_the_chosen_area_is_said(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    series(journal, clock, tmp_path)
    path = tmp_path / "none.pdf"
    write_report(journal, START, END, path, photos=True, photo_areas=["skin-face"])
    assert "No photos of the chosen areas in this period." in page_text(path)
