"""Taper plans in exports and imports: JSON and CSV round trips (pauses and a zero target kept
exactly), twice adds nothing, a changed plan is a conflict, a second running plan is refused, and a
bad plan refuses the whole file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from journal.domain.taper import Pause
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import ImportFileError, apply_import, import_file, preview_import
from journal.service.journal import Journal
from tests.conftest import FakeClock
from tests.unit.test_export_import import open_journal, round_trip

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def planned(journal: Journal, clock: FakeClock) -> None:
    clock.now = NOW - timedelta(days=30)
    journal.taper.set("8", "4", "0.5", 7, date(2026, 2, 1))
    journal.taper.pause(date(2026, 2, 5))
    journal.taper.resume(date(2026, 2, 9))
    clock.now = NOW
    journal.taper.set("4", "0", "0.25", 3, date(2026, 3, 1))  # ends the first on 1 March


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_plans_round_trip_exactly(
    journal: Journal, clock: FakeClock, tmp_path: Path, fmt: ExportFormat
) -> None:
    planned(journal, clock)
    target, result = round_trip(journal, tmp_path, fmt)
    try:
        assert result.added["taper_plans"] == 2
        assert [replace(p, id=None) for p in target.taper.all()] == [
            replace(p, id=None) for p in journal.taper.all()
        ]
        first, second = target.taper.all()
        assert first.pauses == (Pause(date(2026, 2, 5), date(2026, 2, 9)),) and first.ended == date(
            2026, 3, 1
        )
        assert second.target_g == Decimal(0) and target.taper.active() == second
        again = preview_import(target, tmp_path / f"export{fmt.suffix}")
        assert not again.has_changes and again.already["taper_plans"] == 2
    finally:
        target.close()


def test_the_json_and_csv_carry_exact_grams_and_pauses(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    planned(journal, clock)
    export_journal(journal, tmp_path / "j.json")
    doc = json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))
    first = doc["taper_plans"][0]
    assert (first["start_g"], first["target_g"], first["step_g"], first["every_days"]) == ("8", "4", "0.5", 7)
    assert first["pauses"] == [["2026-02-05", "2026-02-09"]] and first["ended"] == "2026-03-01"
    export_journal(journal, tmp_path / "j.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "j.zip") as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("taper_plans.csv").decode("utf-8-sig"))))
    assert rows[1]["target_g"] == "0" and json.loads(rows[0]["pauses"]) == [["2026-02-05", "2026-02-09"]]


def test_a_changed_plan_is_a_conflict_and_a_second_running_plan_is_refused(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    planned(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    other = open_journal(tmp_path / "other", FakeClock(NOW))
    try:
        other.taper.set("5", "1", "1", 7, date(2026, 3, 5))  # runs, from another day
        plan = preview_import(other, path)
        assert plan.added == {"taper_plans": 1}  # the ended one only
        [conflict] = plan.conflicts
        assert conflict.kind == "taper_plans" and "2026-03-01" in conflict.text()
        apply_import(other, plan)
        assert [p.first_day for p in other.taper.all()] == [date(2026, 2, 1), date(2026, 3, 5)]
        assert other.taper.active() is not None and other.taper.active().first_day == date(2026, 3, 5)  # type: ignore[union-attr]
    finally:
        other.close()
    journal.taper.pause()
    changed = preview_import(journal, path)
    assert not changed.has_changes and [c.kind for c in changed.conflicts] == ["taper_plans"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda p: {**p, "step_g": "0"}, "step must be more than 0"),
        (lambda p: {**p, "every_days": 0}, "every_days"),
        (lambda p: {**p, "pauses": [["2026-02-05"]]}, "pairs of days"),
        (lambda p: {**p, "ended": "2026-01-01"}, "cannot end before its first day"),
    ],
)
def test_a_bad_plan_refuses_the_whole_file(
    journal: Journal, clock: FakeClock, tmp_path: Path, change: object, says: str
) -> None:
    planned(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["taper_plans"][0] = change(doc["taper_plans"][0])  # type: ignore[operator]
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target", FakeClock(NOW))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(target, path)
        assert says in str(caught.value)
        assert target.taper.all() == []
    finally:
        target.close()


def tabled(journal: Journal, clock: FakeClock) -> None:
    """A plan that steps, then a day-by-day table with a pause (ending the first on 1 March)."""
    clock.now = NOW - timedelta(days=30)
    journal.taper.set("8", "4", "0.5", 7, date(2026, 2, 1))
    clock.now = NOW
    journal.taper.set_table([("2026-03-01", "6"), ("2026-03-04", "5.25"), ("2026-03-09", "0")])
    journal.taper.pause(date(2026, 3, 5))
    journal.taper.resume(date(2026, 3, 7))


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_a_table_plan_round_trips_and_twice_adds_nothing(
    journal: Journal, clock: FakeClock, tmp_path: Path, fmt: ExportFormat
) -> None:
    tabled(journal, clock)
    target, result = round_trip(journal, tmp_path, fmt)
    try:
        assert result.added["taper_plans"] == 2
        assert [replace(p, id=None) for p in target.taper.all()] == [
            replace(p, id=None) for p in journal.taper.all()
        ]
        table = target.taper.all()[1]
        assert table.table == (
            (date(2026, 3, 1), Decimal(6)),
            (date(2026, 3, 4), Decimal("5.25")),
            (date(2026, 3, 9), Decimal(0)),
        )
        assert table.planned_g(date(2026, 3, 10)) == Decimal("5.25")  # 9 March + 2 paused days
        again = preview_import(target, tmp_path / f"export{fmt.suffix}")
        assert not again.has_changes and again.already["taper_plans"] == 2
    finally:
        target.close()


def test_the_json_and_csv_carry_the_table(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    tabled(journal, clock)
    export_journal(journal, tmp_path / "j.json")
    doc = json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))
    steps, table = doc["taper_plans"]
    assert steps["days"] is None
    assert table["days"] == [["2026-03-01", "6"], ["2026-03-04", "5.25"], ["2026-03-09", "0"]]
    assert (table["start_g"], table["target_g"], table["first_day"]) == ("6", "0", "2026-03-01")
    export_journal(journal, tmp_path / "j.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "j.zip") as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("taper_plans.csv").decode("utf-8-sig"))))
    assert rows[0]["days"] == "" and json.loads(rows[1]["days"])[1] == ["2026-03-04", "5.25"]


@pytest.mark.parametrize(
    ("days", "says"),
    [
        ([["2026-03-04", "5"], ["2026-03-01", "6"]], "comes before"),
        ([["2026-03-01", "six"]], "pairs of a day and grams"),
        ("not a list", "must be a list"),
        ([["2026-03-02", "6"]], "is not the first day its table lists"),
    ],
)
def test_a_bad_table_refuses_the_whole_file(
    journal: Journal, clock: FakeClock, tmp_path: Path, days: object, says: str
) -> None:
    tabled(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["taper_plans"][1]["days"] = days
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target", FakeClock(NOW))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(target, path)
        assert says in str(caught.value)
        assert target.taper.all() == []
    finally:
        target.close()


def test_a_table_changed_since_the_export_is_a_conflict_naming_its_days(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    tabled(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["taper_plans"][1]["days"][1] = ["2026-03-04", "5.5"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = journal.taper.all()
    plan = preview_import(journal, path)
    [conflict] = plan.conflicts
    assert conflict.kind == "taper_plans" and "2026-03-04: 5.25 g" in conflict.text()
    assert "2026-03-04: 5.5 g" in conflict.text()
    apply_import(journal, plan)
    assert journal.taper.all() == before  # the journal's plan is kept
