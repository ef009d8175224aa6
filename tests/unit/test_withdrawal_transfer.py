"""Withdrawal check-ins (SOWS) through export and import: JSON, the CSV zip, merging, bad files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain.entities import Kind
from journal.domain.times import Moment
from journal.domain.withdrawal import WithdrawalScore
from journal.reports.export import SOWS_COLUMNS, ExportFormat, export_journal
from journal.reports.importing import ImportFileError, apply_import, import_file, preview_import
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock
from tests.unit.test_export_import import content, open_journal, round_trip

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ANSWERS = (2, 1, 0, 0, 3, 1, 0, 2, 2, 4, 3, 1, 0, 1, 2, 4)


def scored(journal: Journal, clock: FakeClock) -> list[WithdrawalScore]:
    """Three check-ins, one logged a day late (its own created time), one corrected later."""
    out = [journal.log_withdrawal(WithdrawalScore(Moment.from_utc(NOW - timedelta(days=3), ZONE), ANSWERS))]
    clock.now = NOW - timedelta(days=1)
    late = Moment.from_utc(NOW - timedelta(days=2, hours=4), "America/New_York")
    out.append(journal.log_withdrawal(WithdrawalScore(late, (4,) * 16)))
    clock.now = NOW
    first = journal.log_withdrawal(
        WithdrawalScore(Moment.from_utc(NOW - timedelta(hours=2), ZONE), (0,) * 16)
    )
    out.append(journal.edit_withdrawal(WithdrawalScore(first.at, (1,) * 16, first.id, first.created)))
    return out


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_withdrawal_check_ins_round_trip_exactly(
    journal: Journal, clock: FakeClock, tmp_path: Path, fmt: ExportFormat
) -> None:
    scored(journal, clock)
    target, result = round_trip(journal, tmp_path, fmt)
    try:
        assert result.added["withdrawal_scores"] == 3
        assert content(target) == content(journal)
        assert [w.items for w in target.entries.withdrawal()] == [
            w.items for w in journal.entries.withdrawal()
        ]
        assert [w.at for w in target.entries.withdrawal()] == [w.at for w in journal.entries.withdrawal()]
        again = preview_import(target, tmp_path / f"export{fmt.suffix}")
        assert not again.has_changes and again.already["withdrawal_scores"] == 3  # twice adds nothing
    finally:
        target.close()


def test_the_json_and_csv_carry_answers_and_total(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    scored(journal, clock)
    export_journal(journal, tmp_path / "j.json")
    doc = json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))
    first = doc["withdrawal_scores"][0]
    assert (first["scale"], first["items"], first["total"]) == ("SOWS", list(ANSWERS), 26)
    assert first["time_local"].startswith("2026-03-07T13:00")
    assert doc["counts"]["withdrawal_scores"] == 3

    export_journal(journal, tmp_path / "j.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "j.zip") as zf:
        text = zf.read("withdrawal_scores.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert [int(rows[0][c]) for c in SOWS_COLUMNS] == list(ANSWERS) and rows[0]["total"] == "26"


def test_an_edited_check_in_is_a_conflict_not_overwritten(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    first, _late, _last = scored(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    assert first.id is not None
    journal.edit_withdrawal(WithdrawalScore(first.at, (3,) * 16, first.id, first.created))
    journal.delete(Kind.WITHDRAWAL, _last.id or 0)
    plan = preview_import(journal, path)
    assert plan.added == {"withdrawal_scores": 1}  # the deleted one comes back
    [conflict] = plan.conflicts
    assert conflict.kind == "withdrawal_scores" and "answers" in conflict.text()
    apply_import(journal, plan)
    assert journal.entries.withdrawal_score(first.id).items == (3,) * 16  # kept as edited
    assert len(journal.entries.withdrawal()) == 3


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda w: {**w, "items": w["items"][:15]}, "16 whole numbers from 0 to 4"),
        (lambda w: {**w, "items": [*w["items"][:15], 5]}, "16 whole numbers from 0 to 4"),
        (lambda w: {**w, "total": 60}, "add up to 26"),
        (
            lambda w: {k: v for k, v in w.items() if k not in ("time_utc", "time_local")},
            "withdrawal check-in",
        ),
    ],
)
def test_a_bad_check_in_refuses_the_whole_file(
    journal: Journal, clock: FakeClock, tmp_path: Path, change: object, says: str
) -> None:
    scored(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["withdrawal_scores"][0] = change(doc["withdrawal_scores"][0])  # type: ignore[operator]
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target", FakeClock(NOW))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(target, path)
        assert says in str(caught.value)
        assert target.entries.withdrawal() == [] and target.entries.intakes() == []
    finally:
        target.close()


def test_a_hand_made_csv_of_check_ins_imports(journal: Journal, tmp_path: Path) -> None:
    header = ",".join(("time_local", "zone", *SOWS_COLUMNS))
    row = ",".join(("2026-03-08T09:00", ZONE, *["2"] * 16))
    path = tmp_path / "withdrawal_scores.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = import_file(journal, path)
    assert result.added == {"withdrawal_scores": 1}
    [w] = journal.entries.withdrawal()
    assert w.total == 32 and w.at.local == datetime(2026, 3, 8, 9, 0)
    bad = tmp_path / "more" / "withdrawal_scores.csv"
    bad.parent.mkdir()
    bad.write_text(f"{header}\n{','.join(('2026-03-09T09:00', ZONE, *['2'] * 15, ''))}\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(journal, bad)
    assert "needs all 16 answers" in str(caught.value) and "sows_16" in str(caught.value)
    assert len(journal.entries.withdrawal()) == 1
