"""Context tags in exports and imports: a list on each JSON entry, one CSV column, merged idempotently."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from journal.domain.entities import Kind, PainCheckin
from journal.domain.tags import TAGGED_KINDS
from journal.domain.times import Moment
from journal.domain.withdrawal import WithdrawalScore
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import ImportFileError, import_file, preview_import
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def open_journal() -> Iterator[Callable[[Path], Journal]]:
    """Open journals, each closed after the test."""
    opened: list[Journal] = []

    def open_(folder: Path) -> Journal:
        opened.append(Journal.open(folder, zone=ZONE, clock=FakeClock(NOW)))
        return opened[-1]

    yield open_
    for journal in opened:
        journal.close()


def at(hours_ago: float) -> Moment:
    return Moment.from_utc(NOW - timedelta(hours=hours_ago), ZONE)


def all_tags(journal: Journal) -> dict[str, list[tuple[str, ...]]]:
    """Each kind's tags, in entry order (ids differ between journals)."""
    return {
        kind.value: [tags for _id, tags in sorted(journal.entries.tags_of(kind).items())]
        for kind in TAGGED_KINDS
    }


@pytest.fixture
def tagged(tmp_path: Path, open_journal: Callable[[Path], Journal]) -> Journal:
    journal = open_journal(tmp_path / "source")
    journal.log_intake(IntakeDraft("2", at(30), tags=("poor sleep", "stress")))
    journal.log_intake(IntakeDraft("3", at(20)))
    journal.log_intake(IntakeDraft("1", at(10), tags=("=cmd", "travel")))  # a formula-like tag
    journal.log_symptom("nausea", 2, at(9), tags=("flare",))
    journal.log_pain(PainCheckin(at(8), 6), tags=("flare", "work"))
    journal.log_withdrawal(WithdrawalScore(at(7), (1,) * 16), tags=("illness",))
    journal.start_break(date(2026, 3, 20), "rest", tags=("travel",))
    return journal


EXPECTED = {
    "intake": [("poor sleep", "stress"), ("=cmd", "travel")],
    "symptom": [("flare",)],
    "pain": [("flare", "work")],
    "withdrawal": [("illness",)],
    "break": [("travel",)],
    "photo": [],  # photos' tags: test_photo_transfer.py
}


def test_json_lists_the_tags_on_each_entry(tagged: Journal, tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    export_journal(tagged, path)
    doc = json.loads(path.read_text("utf-8"))
    assert [i["tags"] for i in doc["intakes"]] == [["poor sleep", "stress"], [], ["=cmd", "travel"]]
    assert doc["symptoms"][0]["tags"] == ["flare"]
    assert doc["pain_checkins"][0]["tags"] == ["flare", "work"]
    assert doc["withdrawal_scores"][0]["tags"] == ["illness"]
    assert doc["breaks"][0]["tags"] == ["travel"]


def test_csv_has_one_tags_column_joined_with_semicolons(tagged: Journal, tmp_path: Path) -> None:
    path = tmp_path / "journal.zip"
    export_journal(tagged, path, ExportFormat.CSV)
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("intakes.csv").decode("utf-8-sig"))))
        pain = list(csv.DictReader(io.StringIO(archive.read("pain_checkins.csv").decode("utf-8-sig"))))
    assert [r["tags"] for r in rows] == ["poor sleep; stress", "", "'=cmd; travel"]  # formula defused
    assert pain[0]["tags"] == "flare; work"


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_tags_come_back_and_the_same_file_twice_adds_nothing(
    tagged: Journal, tmp_path: Path, open_journal: Callable[[Path], Journal], fmt: ExportFormat
) -> None:
    path = tmp_path / f"journal{fmt.suffix}"
    export_journal(tagged, path, fmt)
    target = open_journal(tmp_path / "target")
    first = import_file(target, path)
    assert first.plan.added["tags"] == 9
    assert all_tags(target) == EXPECTED
    again = preview_import(target, path)
    assert not again.has_changes and "tags" not in again.added
    assert "Nothing new to add." in again.summary_lines()
    import_file(target, path)
    assert all_tags(target) == EXPECTED


def test_an_entry_already_there_takes_the_tags_it_lacks_and_keeps_its_own(
    tagged: Journal, tmp_path: Path, open_journal: Callable[[Path], Journal]
) -> None:
    path = tmp_path / "journal.json"
    export_journal(tagged, path)
    target = open_journal(tmp_path / "target")
    import_file(target, path)
    intakes = sorted(target.entries.tags_of(Kind.INTAKE).items())
    (first_id, _), (third_id, _) = intakes
    target.set_tags(Kind.INTAKE, first_id, ["stress", "own tag"])  # "poor sleep" taken off, one added
    target.set_tags(Kind.INTAKE, third_id, [])
    plan = preview_import(target, path)
    assert plan.added == {"tags": 3}, "poor sleep, =cmd and travel"
    assert "Will add: 3 context tags." in plan.summary_lines()
    import_file(target, path)
    assert target.entries.entry_tags(Kind.INTAKE, first_id) == ("own tag", "poor sleep", "stress")
    assert target.entries.entry_tags(Kind.INTAKE, third_id) == ("=cmd", "travel")
    assert not preview_import(target, path).has_changes


def test_a_bad_tag_in_a_file_changes_nothing(
    tagged: Journal, tmp_path: Path, open_journal: Callable[[Path], Journal]
) -> None:
    path = tmp_path / "journal.json"
    export_journal(tagged, path)
    doc = json.loads(path.read_text("utf-8"))
    doc["pain_checkins"][0]["tags"] = "flare"
    path.write_text(json.dumps(doc), "utf-8")
    target = open_journal(tmp_path / "target")
    with pytest.raises(ImportFileError, match="must be a list of texts"):
        preview_import(target, path)
    doc["pain_checkins"][0]["tags"] = ["x" * 41]
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ImportFileError, match="at most 40 characters") as err:
        preview_import(target, path)
    assert "pain_checkins[0].tags" in str(err.value)
    assert target.entries.pain() == [] and target.entries.intakes() == []

    table = tmp_path / "intakes.csv"
    export_journal(tagged, tmp_path / "journal.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "journal.zip") as archive:
        text = archive.read("intakes.csv").decode("utf-8-sig")
    table.write_text(text.replace("poor sleep; stress", "a; " + "y" * 45), "utf-8")
    with pytest.raises(ImportFileError, match="at most 40 characters") as csv_err:
        preview_import(target, table)
    assert "line 2" in str(csv_err.value)
    assert target.entries.intakes() == []


def test_a_merge_past_ten_tags_is_a_conflict_and_keeps_the_journals_tags(
    tagged: Journal, tmp_path: Path, open_journal: Callable[[Path], Journal]
) -> None:
    path = tmp_path / "journal.json"
    export_journal(tagged, path)
    target = open_journal(tmp_path / "target")
    import_file(target, path)
    first_id = min(target.entries.tags_of(Kind.INTAKE))
    own = [f"own {n}" for n in range(9)]
    target.set_tags(Kind.INTAKE, first_id, own)  # 9 of its own: with the file's 2, 11
    plan = preview_import(target, path)
    assert plan.added == {} and not plan.has_changes
    [conflict] = plan.conflicts
    assert conflict.kind == "intakes" and "tags" in conflict.text()
    import_file(target, path)
    assert target.entries.entry_tags(Kind.INTAKE, first_id) == tuple(sorted(own))
