"""Other medications: saved as written, current and stopped, stopped by name, deleted with undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from journal import resources
from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.medications import Medication, parse_day
from journal.service.journal import Journal
from journal.service.medications import advice


def test_a_medication_keeps_dose_and_frequency_as_written(journal: Journal) -> None:
    saved = journal.medications.add(
        Medication("Sertraline", "50 mg", "once a day", "mood", date(2025, 11, 2), notes="from GP")
    )
    (read,) = journal.medications.all()
    assert read == saved and read.id is not None and read.created is not None
    assert (read.dose, read.how_often, read.reason, read.started) == (
        "50 mg",
        "once a day",
        "mood",
        date(2025, 11, 2),
    )
    assert read.dose_text() == "50 mg, once a day" and read.dates_text() == "since 2025-11-02"


def test_current_and_stopped_by_the_journal_day(journal: Journal) -> None:
    # The clock says 2026-03-10 (Berlin).
    journal.medications.add(Medication("Ibuprofen", "400 mg"))
    journal.medications.add(
        Medication("Codeine", "30 mg", started=date(2026, 1, 1), stopped=date(2026, 2, 1))
    )
    journal.medications.add(Medication("Melatonin", "3 mg", stopped=date(2026, 3, 20)))
    assert [m.name for m in journal.medications.current()] == ["Ibuprofen", "Melatonin"]
    assert [m.name for m in journal.medications.stopped()] == ["Codeine"]
    assert [m.name for m in journal.medications.during(date(2026, 1, 15), date(2026, 1, 20))] == [
        "Codeine",
        "Ibuprofen",
        "Melatonin",
    ]
    assert [m.name for m in journal.medications.during(date(2026, 2, 1), date(2026, 3, 1))] == [
        "Ibuprofen",
        "Melatonin",
    ]


def test_stop_by_name_ignoring_case_and_refusing_what_is_not_current(journal: Journal) -> None:
    journal.medications.add(Medication("Ibuprofen", "400 mg", started=date(2026, 3, 1)))
    stopped = journal.medications.stop("  ibuprofen ")
    assert stopped.stopped == date(2026, 3, 10)
    assert journal.medications.current() == []
    with pytest.raises(InvalidInput, match="No current medication is called “ibuprofen”"):
        journal.medications.stop("ibuprofen")
    with pytest.raises(InvalidInput, match="No current medication"):
        journal.medications.stop("Paracetamol")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "A", "dose": "x" * 201}, "dose"),
        ({"name": "A", "how_often": "twice\na day"}, "how_often"),
        ({"name": "A", "started": date(2026, 3, 2), "stopped": date(2026, 3, 1)}, "stopped"),
    ],
)
def test_bad_input_names_its_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Medication(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_start_date_in_the_future_is_refused_and_nothing_saved(journal: Journal) -> None:
    with pytest.raises(InvalidInput, match="in the future") as caught:
        journal.medications.add(Medication("Ibuprofen", started=date(2026, 3, 11)))
    assert caught.value.field == "started"
    assert journal.medications.all() == []


def test_parse_day() -> None:
    assert parse_day(" 2026-03-01 ", "started") == date(2026, 3, 1)
    assert parse_day("", "started") is None
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_day("1.3.2026", "started")


def test_edit_delete_and_undo(journal: Journal) -> None:
    saved = journal.medications.add(Medication("Ibuprofen", "400 mg"))
    assert saved.id is not None
    fixed = journal.medications.update(replace(saved, dose="200 mg"))
    assert journal.medications.all() == [fixed] and fixed.created == saved.created
    journal.put_back(Kind.MEDICATION, saved)
    assert journal.medications.all()[0].dose == "400 mg"
    journal.delete(Kind.MEDICATION, saved.id)
    assert journal.medications.all() == []
    journal.undo_delete(Kind.MEDICATION, saved.id)
    assert [m.dose for m in journal.medications.all()] == ["400 mg"]
    journal.delete(Kind.MEDICATION, saved.id)
    assert journal.purge_deleted() == 1


def test_the_advice_is_quoted_verbatim_from_source_002() -> None:
    cited = advice()
    assert cited is not None
    citation, name = cited
    assert citation.file.startswith("002_") and "other medications" in citation.quote
    text = resources.source_text(citation.file)
    assert citation.quote in text and citation.section in text
    assert name
