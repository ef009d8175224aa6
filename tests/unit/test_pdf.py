"""The clinician summary PDF, read back and held to the journal's own statistics."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from journal.domain.entities import PainCheckin
from journal.domain.stats import daily_max_rolling, daily_totals
from journal.domain.times import Moment
from journal.reports import pdf
from journal.reports.pdf import write_report
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal

ZONE = "Europe/Berlin"
START, END = date(2026, 3, 1), date(2026, 3, 10)
NAME = "Zoë Łukaszewicz-Ñúñez"
NOTE = "Übelkeit nach der Dosis – ça va ✓ (≈ 2 h)"


def at(day: int, hour: int) -> Moment:
    return Moment.from_utc(datetime(2026, 3, day, hour, tzinfo=UTC), ZONE)


@pytest.fixture
def known(journal: Journal) -> Journal:
    """Four days of use: 13 g (over 12), 16 g (over 15), 4 g with a note, 3 g; a break now."""
    for day, hour, grams, note in [
        (1, 8, "5", ""),
        (1, 18, "8", ""),
        (3, 9, "10", ""),
        (3, 20, "6", ""),
        (5, 9, "4", NOTE),
        (8, 9, "3", ""),
    ]:
        journal.log_intake(IntakeDraft(grams, at(day, hour), notes=note, confirm_large=True))
    journal.log_symptom("nausea", 2, at(3, 21))
    journal.log_symptom("nausea", 1, at(8, 10))
    journal.log_symptom("jaundice", 1, at(9, 10), notes="Gelbliche Augen?")
    journal.log_pain(PainCheckin(at(5, 10), 6, (6, 4, 5), 5))
    journal.start_break(date(2026, 3, 15), reason="Pause für die Leber")
    return journal


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_figures_match_the_journal_statistics(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    summary = write_report(known, START, END, target, name=NAME)

    doses = known.entries.doses()
    totals = {d: t for d, t in daily_totals(doses).items() if START <= d <= END}
    rolling = {d: mg for d, mg in daily_max_rolling(doses).items() if START <= d <= END}
    upper = known.guidance.upper
    assert summary.days == 10
    assert summary.use_days == len(totals) == 4
    assert summary.dose_free_days == 6
    assert summary.days_over_low == sum(mg > upper.low_mg for mg in rolling.values()) == 2
    assert summary.days_over_high == sum(mg > upper.high_mg for mg in rolling.values()) == 1
    mean = sum(t.mg for t in totals.values()) / len(totals)
    assert summary.mean_daily_mg == round(mean) == 9000
    assert summary.max_daily_mg == 16000
    assert summary.breaks == 1 and summary.breaks_running == 1
    assert [r.key for r in summary.symptoms] == ["jaundice", "nausea"]  # red flag first

    text = flat(text_of(target))
    assert "Kratom use summary" in text
    assert "Self-reported by the patient" in text
    assert re.search(r"Days with use\s*4\b", text)
    assert re.search(r"Dose-free days\s*6\b", text)
    assert "mean 9.0 g, median 8.5 g, largest 16.0 g on 3 Mar 2026" in text
    assert re.search(r"went over 12 g\s*2 \(over 15 g: 1\)", text)
    assert "upper-limit-24h" in text  # findings, grouped by rule, with their citation
    assert "002_8d8250643712a73f.txt" in text
    pages = len(PdfReader(target).pages)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text


def test_unicode_name_and_note_come_back_intact(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    text = text_of(target)
    assert NAME in text
    assert NOTE in flat(text)
    assert "Pause für die Leber" in flat(text)


def test_metadata_holds_only_a_title(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    meta = PdfReader(target).metadata
    assert meta is not None
    assert {str(k): str(v) for k, v in meta.items()} == {"/Title": "Kratom use summary"}
    raw = target.read_bytes()
    assert str(tmp_path).encode() not in raw
    for word in (b"/Author", b"/Creator", b"/Producer", b"ReportLab", b"Matplotlib"):
        assert word not in raw


def test_notes_can_be_left_out(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, include_notes=False)
    text = flat(text_of(target))
    assert "Übelkeit" not in text
    assert "Gelbliche" not in text
    assert "Pause für" not in text
    assert "Days with use" in text


def test_a_failure_mid_write_leaves_no_file(
    known: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(doc: Any, story: list[Any]) -> None:
        Path(doc.filename).write_bytes(b"%PDF-1.4 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "_build", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(known, START, END, folder / "summary.pdf")
    assert list(folder.iterdir()) == []


def test_an_existing_file_is_replaced_whole(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    write_report(known, START, END, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_an_empty_period(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    summary = write_report(journal, END - timedelta(days=29), END, target)
    assert summary.use_days == 0 and summary.mean_daily_mg is None
    text = flat(text_of(target))
    assert re.search(r"Days with use\s*0\b", text)
    assert "No symptoms rated" in text
