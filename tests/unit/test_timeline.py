"""The History timeline rows, and the corrections of symptoms, pain check-ins and breaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from journal.domain.entities import Form, Kind, Level, PainCheckin, Product, Severity, Unit
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.timeline import (
    break_title,
    intake_title,
    load_entry,
    load_timeline,
    pain_title,
)
from tests.conftest import ZONE, FakeClock


def ago(journal: Journal, hours: float) -> Moment:
    return Moment.from_utc(journal.clock() - timedelta(hours=hours), ZONE)


def log(journal: Journal, amount: str, hours_ago: float, **kw: object) -> int:
    draft = IntakeDraft(amount, ago(journal, hours_ago), **kw)  # type: ignore[arg-type]
    intake_id = journal.log_intake(draft).intake.id
    assert intake_id is not None
    return intake_id


def test_empty_journal_has_no_rows(journal: Journal) -> None:
    assert load_timeline(journal) == []


def test_one_row_per_entry_of_every_kind_newest_first(journal: Journal, clock: FakeClock) -> None:
    log(journal, "4.5", 30, notes="With Food")
    journal.log_symptom("nausea", 2, ago(journal, 20), notes="after lunch")
    journal.log_pain(PainCheckin(ago(journal, 10), 6, (6, 5, 6), 7, "stiff back"))
    clock.now -= timedelta(hours=5)
    journal.start_break(date(2026, 3, 20), "tolerance")
    clock.now += timedelta(hours=5)

    rows = load_timeline(journal)

    assert [r.kind for r in rows] == [Kind.BREAK, Kind.PAIN, Kind.SYMPTOM, Kind.INTAKE]
    assert [r.title for r in rows] == [
        "Break (planned until 20 Mar)",
        "Pain 6/10, PEG 5.7",
        "Nausea: moderate",
        "4.5 g leaf powder",
    ]
    assert [r.at.utc for r in rows] == sorted((r.at.utc for r in rows), reverse=True)
    brk, pain, symptom, intake = rows
    assert intake.leaf_mg == 4500 and intake.measure == 4500
    assert intake.notes == "With Food" and intake.search == "with food"
    assert intake.detail == "counts as 4.5 g of leaf"
    assert symptom.symptom_key == "nausea" and symptom.symptom == "Nausea"
    assert symptom.measure == Severity.MODERATE
    assert pain.detail == "mood 7/10" and pain.measure == 6
    assert brk.detail == "running" and brk.notes == "tolerance" and brk.measure == 10
    assert [r.entered_later for r in rows] == [False, False, True, True]  # logged 20 and 30 h late
    assert intake.local_date == date(2026, 3, 9)
    assert intake.description == "intake 4.5 g leaf powder (2026-03-09 07:00)"


def test_intakes_carry_product_and_their_findings_loudest_first(journal: Journal) -> None:
    product = journal.products.add(Product("Red Bali"))
    # Restarting: the 6 g intake is above the cited starting dose, a notice beside the caution.
    journal.save_settings(replace(journal.settings, starting_since=date(2026, 3, 1)))
    log(journal, "4.5", 3, product_id=product.id)
    log(journal, "4.5", 2)
    log(journal, "6", 1, product_id=product.id)

    latest = load_timeline(journal)[0]

    assert latest.product == "Red Bali" and latest.product_id == product.id
    assert latest.level is Level.CAUTION
    assert [level for level, _ in latest.findings] == [Level.CAUTION, Level.NOTICE]
    assert any("15 g" in m for m in latest.messages)
    # The earlier intakes were fine when logged; the 6 g one puts them in a 15 g window too.
    middle = load_timeline(journal)[1]
    assert middle.product == "" and middle.level is Level.CAUTION
    assert middle.messages == (
        "Rolling 24-hour total in the 24 hours up to a later intake (10 Mar 12:00): 15 g, "
        "within the cited upper limit of 12 to 15 g, past its lower end.",
    )


def test_deleted_entries_leave_the_timeline_and_undo_brings_them_back(journal: Journal) -> None:
    first = log(journal, "2", 2)
    log(journal, "3", 1)
    journal.delete(Kind.INTAKE, first)
    assert [r.title for r in load_timeline(journal)] == ["3 g leaf powder"]
    assert load_entry(journal, Kind.INTAKE, first) is None
    journal.undo_delete(Kind.INTAKE, first)
    row = load_entry(journal, Kind.INTAKE, first)
    assert row is not None and row.title == "2 g leaf powder"


def test_entered_later_means_logged_more_than_twelve_hours_after(journal: Journal) -> None:
    log(journal, "2", 11.5)
    log(journal, "3", 20)
    journal.log_symptom("itching", 1, ago(journal, 36))

    rows = {r.title: r for r in load_timeline(journal)}

    assert not rows["2 g leaf powder"].entered_later
    assert rows["3 g leaf powder"].entered_later and rows["3 g leaf powder"].late_hours == 20
    assert rows["Itching: mild"].entered_later and rows["Itching: mild"].late_hours == 36


def test_titles_for_capsules_extracts_and_estimates() -> None:
    assert intake_title(Decimal(6), Unit.CAPS, Form.CAPSULES, 3000) == "6 capsules (3 g leaf)"
    assert intake_title(Decimal(1), Unit.CAPS, Form.CAPSULES, None) == "1 capsule (capsule content unknown)"
    assert intake_title(Decimal(1), Unit.G, Form.EXTRACT, None) == "1 g extract (not counted)"
    assert intake_title(Decimal(1), Unit.G, Form.EXTRACT, 10_000) == "1 g extract (≈ 10 g leaf)"
    assert intake_title(Decimal("2.50"), Unit.G, Form.TEA, 2500, True) == "2.5 g leaf as tea, estimate"
    assert pain_title(3, None) == "Pain 3/10"


def test_break_titles_say_how_it_went(journal: Journal, clock: FakeClock) -> None:
    brk = journal.start_break(date(2026, 3, 15), "reset")
    assert break_title(brk) == "Break (planned until 15 Mar)"
    clock.now += timedelta(days=3)
    ended = journal.end_break("too hard")
    assert break_title(ended) == "Break, 3 days (planned until 15 Mar)"
    row = load_timeline(journal)[0]
    assert row.detail == "ended early, on 13 Mar" and row.notes == "reset\ntoo hard"
    assert (
        break_title(replace(ended, planned_end=date(2027, 1, 2)))
        == "Break, 3 days (planned until 2 Jan 2027)"
    )


def test_symptom_corrections_are_checked_and_saved(journal: Journal) -> None:
    entry = journal.log_symptom("hair-shedding", 1, ago(journal, 2))
    with pytest.raises(InvalidInput) as err:
        journal.edit_symptom(replace(entry, body_area="elbow"))
    assert err.value.field == "area"
    with pytest.raises(InvalidInput) as err:
        journal.edit_symptom(replace(entry, at=ago(journal, -2)))
    assert err.value.field == "time"
    saved = journal.edit_symptom(replace(entry, severity=Severity.SEVERE, notes="worse"))
    assert journal.entries.symptom_entry(entry.id or 0) == saved
    assert saved.severity is Severity.SEVERE and saved.created == entry.created
    assert load_timeline(journal)[0].title == "Hair shedding: severe"


def test_pain_and_break_corrections(journal: Journal) -> None:
    checkin = journal.log_pain(PainCheckin(ago(journal, 1), 4))
    saved = journal.edit_pain(replace(checkin, pain_now=7, peg=(7, 6, 5), mood=None))
    assert journal.entries.pain_checkin(checkin.id or 0) == saved
    assert load_timeline(journal)[0].title == "Pain 7/10, PEG 6.0"

    brk = journal.start_break(date(2026, 3, 20), "plan")
    with pytest.raises(InvalidInput) as err:
        journal.edit_break(replace(brk, planned_end=date(2026, 3, 10)))
    assert err.value.field == "until"
    saved_break = journal.edit_break(replace(brk, planned_end=None, reason="a new plan"))
    assert journal.entries.get_break(brk.id or 0) == saved_break
    assert saved_break.planned_end is None and saved_break.reason == "a new plan"
    assert load_timeline(journal)[0].title == "Break (no goal date)"


def test_corrections_of_missing_entries_say_not_found(journal: Journal) -> None:
    with pytest.raises(NotFound):
        journal._store.update_pain(PainCheckin(ago(journal, 1), 4, id=99))
    with pytest.raises(NotFound):
        journal.entries.symptom_entry(99)
    with pytest.raises(ValueError, match="id"):
        journal.edit_pain(PainCheckin(ago(journal, 1), 4))
