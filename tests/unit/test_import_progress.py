"""An import's progress moves with its work: the file read, the entries compared, the rows written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from journal.domain.batch import NewEntries
from journal.domain.entities import Form, Intake, Unit
from journal.domain.times import Moment
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import apply_import, import_file, preview_import
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
INTAKES = 12_000


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[ExportFormat, Path]]:
    """A journal of 12,000 intakes (a year and a half of eight a day), exported both ways."""
    folder = tmp_path_factory.mktemp("progress")
    journal = Journal.open(folder / "source", zone=ZONE, clock=FakeClock(NOW))
    try:
        step = timedelta(hours=3)
        intakes = [
            Intake(
                Moment.from_utc(NOW - step * (n + 1), ZONE),
                Decimal(1 + n % 4),
                Unit.G,
                Form.POWDER,
                (1 + n % 4) * 1000,
                notes="with food" if n % 7 == 0 else "",
                created=NOW - step * n,
            )
            for n in range(INTAKES)
        ]
        journal.transfer.fill_empty(NewEntries(intakes=intakes), "a test journal starts empty")
        paths = {fmt: folder / f"journal{fmt.suffix}" for fmt in ExportFormat}
        for fmt, path in paths.items():
            export_journal(journal, path, fmt)
    finally:
        journal.close()
    yield paths


def check_moves(calls: list[tuple[int, int]]) -> None:
    """From 0 to the end, never back, in many small steps, at the end only once."""
    (total,) = {t for _, t in calls}
    done = [d for d, _ in calls]
    assert done[0] == 0 and done[-1] == total
    assert all(a <= b for a, b in pairwise(done)), "never back"
    assert done.count(total) == 1, "at the end only once: not waiting there while work goes on"
    steps = [b - a for a, b in pairwise(done)]
    assert len(set(done)) >= 12, f"moves with the work, not in a few jumps: {done}"
    assert max(steps) <= total * 0.35, f"no stage is one jump: {done}"


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_preview_and_write_each_report_progress_that_moves_with_the_work(
    exports: dict[ExportFormat, Path], tmp_path: Path, fmt: ExportFormat
) -> None:
    journal = Journal.open(tmp_path / "target", zone=ZONE, clock=FakeClock(NOW))
    try:
        previewing: list[tuple[int, int]] = []
        plan = preview_import(journal, exports[fmt], lambda done, total: previewing.append((done, total)))
        check_moves(previewing)
        writing: list[tuple[int, int]] = []
        seen: list[int] = []

        def progress(done: int, total: int) -> None:
            writing.append((done, total))
            seen.append(len(journal.entries.intakes()))  # committed meanwhile: nothing until the end

        result = apply_import(journal, plan, progress)
        check_moves(writing)
        assert set(seen) == {0}, "one transaction: no row is visible before the last report"
        assert result.added["intakes"] == INTAKES == len(journal.entries.intakes())
    finally:
        journal.close()


def test_import_file_reports_both_steps_as_one(exports: dict[ExportFormat, Path], tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "target", zone=ZONE, clock=FakeClock(NOW))
    try:
        calls: list[tuple[int, int]] = []
        import_file(journal, exports[ExportFormat.JSON], lambda done, total: calls.append((done, total)))
        check_moves(calls)
        half = calls[-1][1] // 2
        assert any(done == half for done, _ in calls), "the preview ends half way"
    finally:
        journal.close()
