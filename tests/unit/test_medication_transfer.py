"""Other medications in exports and imports: JSON and CSV, merged by name and start date (twice adds
nothing), an edited one a conflict that keeps the journal's version, a bad one refusing the whole file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain.medications import Medication
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import ImportFileError, apply_import, import_file, preview_import
from journal.service.journal import Journal
from tests.conftest import FakeClock
from tests.unit.test_export_import import open_journal, round_trip

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def reported(journal: Journal, clock: FakeClock) -> list[Medication]:
    clock.now = NOW - timedelta(days=5)
    first = journal.medications.add(
        Medication("Ibuprofen", "400 mg", "as needed", "back pain", date(2026, 1, 5), notes="with food")
    )
    clock.now = NOW
    second = journal.medications.add(Medication("Codéine, 30 mg", "1 tablet", "", "", None, date(2026, 2, 1)))
    third = journal.medications.add(Medication("=Melatonin", "3 mg", "at night"))  # a formula-like name
    return [first, second, third]


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_medications_round_trip_exactly(
    journal: Journal, clock: FakeClock, tmp_path: Path, fmt: ExportFormat
) -> None:
    reported(journal, clock)
    target, result = round_trip(journal, tmp_path, fmt)
    try:
        assert result.added["medications"] == 3
        strip = [replace(m, id=None) for m in journal.medications.all()]
        assert [replace(m, id=None) for m in target.medications.all()] == strip  # created times too
        stamps = journal.transfer.stamps("medications")
        key = lambda s: (s.created, s.updated)  # noqa: E731
        theirs = target.transfer.stamps("medications").values()
        assert sorted(stamps.values(), key=key) == sorted(theirs, key=key)
        again = preview_import(target, tmp_path / f"export{fmt.suffix}")
        assert not again.has_changes and again.already["medications"] == 3  # twice adds nothing
    finally:
        target.close()


def test_the_json_and_csv_say_it_as_written(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    reported(journal, clock)
    export_journal(journal, tmp_path / "j.json")
    doc = json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))
    ibuprofen = next(m for m in doc["medications"] if m["name"] == "Ibuprofen")
    assert {k: ibuprofen[k] for k in ("dose", "how_often", "reason", "started", "stopped", "notes")} == {
        "dose": "400 mg",
        "how_often": "as needed",
        "reason": "back pain",
        "started": "2026-01-05",
        "stopped": None,
        "notes": "with food",
    }
    assert doc["counts"]["medications"] == 3 and list(doc)[-1] == "photos"

    export_journal(journal, tmp_path / "j.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "j.zip") as zf:
        text = zf.read("medications.csv").decode("utf-8-sig")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Codéine, 30 mg"]["stopped"] == "2026-02-01" and rows["Codéine, 30 mg"]["current"] == "no"
    assert rows["Ibuprofen"]["current"] == "yes"
    assert "'=Melatonin" in rows  # defused for spreadsheets, read back as written (round trip above)


def test_an_edited_medication_is_a_conflict_not_overwritten(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    first, _second, third = reported(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    journal.medications.update(replace(first, dose="200 mg"))
    assert third.id is not None
    from journal.domain.entities import Kind

    journal.delete(Kind.MEDICATION, third.id)
    plan = preview_import(journal, path)
    assert plan.added == {"medications": 1}  # the deleted one comes back
    [conflict] = plan.conflicts
    assert conflict.kind == "medications" and "dose" in conflict.text() and "200 mg" in conflict.text()
    apply_import(journal, plan)
    assert [m.dose for m in journal.medications.all() if m.name == "Ibuprofen"] == ["200 mg"]
    assert len(journal.medications.all()) == 3


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda m: {**m, "name": "  "}, "name"),
        (lambda m: {**m, "started": "5.1.2026"}, "not a real date"),
        (lambda m: {**m, "started": "2026-03-01", "stopped": "2026-02-01"}, "stop date is before"),
    ],
)
def test_a_bad_medication_refuses_the_whole_file(
    journal: Journal, clock: FakeClock, tmp_path: Path, change: object, says: str
) -> None:
    reported(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["medications"][0] = change(doc["medications"][0])  # type: ignore[operator]
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target", FakeClock(NOW))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(target, path)
        assert says in str(caught.value)
        assert target.medications.all() == []
    finally:
        target.close()


def test_a_hand_made_csv_of_medications_imports(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "medications.csv"
    path.write_text(
        "name,dose,how_often,started\nPregabalin,75 mg,twice a day,2025-12-01\n", encoding="utf-8"
    )
    result = import_file(journal, path)
    assert result.added == {"medications": 1}
    [m] = journal.medications.all()
    assert (m.name, m.dose, m.how_often, m.started) == (
        "Pregabalin",
        "75 mg",
        "twice a day",
        date(2025, 12, 1),
    )
    assert import_file(journal, path).added == {}
