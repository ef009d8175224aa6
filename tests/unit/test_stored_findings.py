"""Stored findings follow every change: back-dated, edited, deleted, restored and imported
intakes, breaks and settings; only the intakes a change reaches are rewritten."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from journal.domain.entities import Break, Citation, Finding, Kind, Level, Settings
from journal.domain.guidance import Dose, break_at
from journal.domain.sweep import sweep_findings
from journal.domain.times import Moment
from journal.reports.importing import import_file
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage.findings import findings_from_json, findings_to_json
from journal.storage.store.rows import finding_notes
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # the clock fixture: 13:00 in Berlin
SENTINEL = findings_to_json((Finding(Level.NOTICE, "sentinel", "left alone", "a test"),))


def berlin(day: int, hour: int, minute: int = 0) -> Moment:
    """A Berlin wall-clock time in March 2026 (UTC+1 until the 29th)."""
    return Moment.from_utc(datetime(2026, 3, day, hour - 1, minute, tzinfo=UTC), ZONE)


def log(journal: Journal, grams: str, at: Moment) -> int:
    ident = journal.log_intake(IntakeDraft(grams, at)).intake.id
    assert ident is not None
    return ident


def messages(journal: Journal, ident: int) -> list[str]:
    return [f.message for f in journal.entries.intake(ident).findings]


def from_scratch(journal: Journal) -> dict[int, tuple[Finding, ...]]:
    intakes = journal.entries.intakes()
    doses = [Dose(i.at.utc, i.leaf_mg, i.counts_as_estimate, i.at.offset_min, i.id) for i in intakes]
    forms = {i.id: i.form for i in intakes if i.id is not None}
    return sweep_findings(doses, forms, journal.guidance, journal.settings, journal.entries.breaks())


def assert_fresh(journal: Journal) -> None:
    assert {i.id: i.findings for i in journal.entries.intakes()} == from_scratch(journal)


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(str(path))
    try:
        yield con
        con.commit()
    finally:
        con.close()


def tamper(journal: Journal, ident: int) -> None:
    """Write a finding no rule gives, to see whether a later change rewrites it."""
    with raw(journal.path) as con:
        con.execute("UPDATE intakes SET findings = ? WHERE id = ?", (SENTINEL, ident))


def tampered(journal: Journal, ident: int) -> bool:
    return [f.rule_id for f in journal.entries.intake(ident).findings] == ["sentinel"]


def test_a_back_dated_intake_updates_the_later_intakes_it_joins(journal: Journal) -> None:
    """The issue's example: 8 g at 08:00, 6 g at 10:00, then 5 g back-dated to 09:00."""
    first = log(journal, "8", berlin(10, 8))
    later = log(journal, "6", berlin(10, 10))
    assert messages(journal, later)[0].startswith("Rolling 24-hour total with this intake: 14 g, within")
    log(journal, "5", berlin(10, 9))
    assert {first, later} <= journal.refreshed  # what a page showing findings must update
    (upper, *_) = journal.entries.intake(later).findings
    assert (upper.level, upper.total_mg) == (Level.WARNING, 19_000)
    assert upper.message == "Rolling 24-hour total with this intake: 19 g, above the upper end (15 g)."
    assert messages(journal, first)[0] == (
        "Rolling 24-hour total in the 24 hours up to a later intake (10 Mar 10:00): 19 g, "
        "above the upper end (15 g)."
    )
    assert_fresh(journal)


def test_edits_deletes_and_undo_take_the_findings_with_them(journal: Journal) -> None:
    a = log(journal, "6", berlin(10, 6))
    b = log(journal, "7", berlin(10, 7))
    assert [f.rule_id for f in journal.entries.intake(a).findings] == ["upper-limit-24h", "starting-dose"]

    # Moved two days back: a is alone again, and no longer the first intake, which b now is.
    journal.edit_intake(IntakeDraft("7", berlin(8, 7), id=b))
    assert journal.entries.intake(a).findings == ()
    assert [f.rule_id for f in journal.entries.intake(b).findings] == ["starting-dose"]
    assert_fresh(journal)

    journal.edit_intake(IntakeDraft("7", berlin(10, 7), id=b))
    assert [f.rule_id for f in journal.entries.intake(a).findings] == ["upper-limit-24h", "starting-dose"]
    assert_fresh(journal)
    journal.delete(Kind.INTAKE, b)
    assert [f.rule_id for f in journal.entries.intake(a).findings] == ["starting-dose"]
    journal.undo_delete(Kind.INTAKE, b)
    assert journal.entries.intake(a).findings[0].total_mg == 13_000
    assert_fresh(journal)


def test_an_edit_saved_with_old_findings_gets_fresh_ones(journal: Journal) -> None:
    """Undoing a correction in the window writes back the old value, findings and all."""
    a = log(journal, "6", berlin(10, 6))
    old = journal.entries.intake(a)
    log(journal, "7", berlin(10, 7))
    journal._store.update_intake(old)  # carries the findings it had before the 7 g were logged
    assert journal.entries.intake(a).findings[0].total_mg == 13_000
    assert_fresh(journal)


def test_breaks_running_or_ended_mark_what_was_taken_during_them(journal: Journal, clock: FakeClock) -> None:
    before = log(journal, "2", berlin(7, 9))
    during = log(journal, "2", berlin(8, 9))
    brk = journal._store.start_break(Break(berlin(8, 8), date(2026, 3, 12)))  # back-dated
    assert brk.id is not None
    assert messages(journal, during) == [
        "This is during your break, planned until 12 March. "
        "It is saved; the break stays open until you end it."
    ]
    assert messages(journal, before) == []

    journal._store.end_break(brk.id, berlin(9, 20))
    assert messages(journal, during) == [
        "This was during your break, planned until 12 March, which ended on 09 March."
    ]
    journal._store.update_break(replace(journal.entries.get_break(brk.id), start=berlin(8, 10)))
    assert messages(journal, during) == []
    journal._store.update_break(replace(journal.entries.get_break(brk.id), start=berlin(7, 8)))
    assert len(messages(journal, before)) == len(messages(journal, during)) == 1

    journal.delete(Kind.BREAK, brk.id)
    assert messages(journal, before) == messages(journal, during) == []
    journal.undo_delete(Kind.BREAK, brk.id)
    assert len(messages(journal, during)) == 1
    assert_fresh(journal)


def test_the_check_shown_while_typing_is_what_is_stored(journal: Journal) -> None:
    brk = journal._store.start_break(Break(berlin(8, 8), date(2026, 3, 12)))
    assert brk.id is not None
    journal._store.end_break(brk.id, berlin(9, 8))
    check = journal.check_intake(IntakeDraft("2", berlin(8, 20)))  # back-dated into the ended break
    assert [f.rule_id for f in check.findings] == ["during-break"]
    saved = journal.log_intake(IntakeDraft("2", berlin(8, 20)))
    assert saved.findings == check.findings
    assert journal.entries.intake(saved.intake.id or 0).findings == check.findings


def test_settings_the_rules_read_refresh_every_intake_and_others_none(journal: Journal) -> None:
    a = log(journal, "3", berlin(1, 9))
    b = log(journal, "3", berlin(9, 9))
    tamper(journal, a)
    store = journal._store
    store.save_settings(replace(store.settings(), theme="dark", welcomed=True))
    assert tampered(journal, a), "a setting no rule reads rewrote findings"

    store.save_settings(replace(store.settings(), personal_intake_limit_g=Decimal("2.5")))
    for ident in (a, b):
        assert messages(journal, ident) == ["3 g is above your personal limit of 2.5 g per intake."]
    store.save_settings(replace(store.settings(), personal_intake_limit_g=None, max_use_days_in_row=1))
    assert messages(journal, a) == messages(journal, b) == []
    store.save_settings(replace(store.settings(), day_start_hour=12))  # 09:00 is still the day before
    assert_fresh(journal)


def test_only_the_intakes_a_change_reaches_are_rewritten(journal: Journal) -> None:
    far = log(journal, "4", berlin(5, 9))
    near = log(journal, "4", berlin(9, 20))
    tamper(journal, far)
    tamper(journal, near)
    log(journal, "5", berlin(10, 9))  # 13 hours after `near`, 5 days after `far`
    assert tampered(journal, far)
    assert not tampered(journal, near)


def test_with_a_break_plan_the_whole_run_of_use_days_is_refreshed(journal: Journal, clock: FakeClock) -> None:
    clock.now = NOW + timedelta(days=10)
    journal.save_settings(Settings(max_use_days_in_row=3))
    days = [log(journal, "2", berlin(day, 9)) for day in (1, 2, 3, 5, 6, 7)]
    assert all(messages(journal, ident) == [] for ident in days)
    apart = log(journal, "2", berlin(12, 9))  # after a gap of four days: another run
    tamper(journal, apart)
    gap = log(journal, "2", berlin(4, 9))  # fills the gap: seven days in a row
    for ident in [*days, gap]:
        assert messages(journal, ident) == [
            "This makes 7 days of use in a row; your break plan is at most 3."
        ]
    assert tampered(journal, apart)
    journal.delete(Kind.INTAKE, gap)
    assert all(messages(journal, ident) == [] for ident in days)
    journal.undo_delete(Kind.INTAKE, gap)
    check = journal.check_intake(IntakeDraft("1", berlin(8, 9)))  # the preview counts the whole run too
    assert [f.message for f in check.findings] == [
        "This makes 8 days of use in a row; your break plan is at most 3."
    ]


def test_doses_near_reach_the_whole_run(journal: Journal, clock: FakeClock) -> None:
    clock.now = NOW + timedelta(days=40)
    journal.save_settings(Settings(max_use_days_in_row=3))
    for day in range(0, 40):
        log(journal, "1", Moment.from_utc(NOW + timedelta(days=day), ZONE))
    near = journal._store.doses_near(NOW + timedelta(days=39), 60, journal.settings)
    assert len(near) == 40  # a month and more back, doubling its reach until a day without intakes
    assert len(journal._store.doses_near(NOW, 60, Settings())) == 2  # without a plan: 24 hours either side


def test_an_import_gets_this_journals_findings_not_the_files(journal: Journal, tmp_path: Path) -> None:
    here = log(journal, "6", berlin(10, 7))
    claimed = {
        "level": "warning",
        "rule_id": "invented",
        "message": "A finding from another app",
        "basis": "cited range",
        "citations": [],
        "total_g": "99",
        "estimate": False,
    }
    doc = {
        "format": "kratom-journal",
        "version": 1,
        "intakes": [
            {
                "time_utc": "2026-03-10T05:00:00Z",
                "zone": ZONE,
                "amount": "7",
                "unit": "g",
                "form": "powder",
                "leaf_g": "7",
                "findings": [claimed],
            }
        ],
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_file(journal, path)
    (imported,) = [i for i in journal.entries.intakes() if i.id != here]
    assert [f.rule_id for f in imported.findings] == ["upper-limit-24h", "starting-dose"]
    assert journal.entries.intake(here).findings[0].total_mg == 13_000  # the import reached it too
    assert_fresh(journal)


def test_break_at_takes_the_break_started_last() -> None:
    first = Break(berlin(1, 9), None, berlin(5, 9))
    second = Break(berlin(3, 9))
    assert break_at(berlin(4, 9).utc, [second, first]) is second
    assert break_at(berlin(2, 9).utc, [second, first]) is first
    assert break_at(berlin(5, 9).utc, [first]) is None
    assert break_at(berlin(1, 8).utc, [first, second]) is None


@pytest.mark.parametrize("plan", [None, 2])
def test_a_journal_written_in_bulk_is_fresh(journal: Journal, plan: int | None) -> None:
    from journal.service.demo import generate, write_demo

    journal.save_settings(Settings(max_use_days_in_row=plan, personal_daily_limit_g=Decimal(9)))
    write_demo(journal, generate(0.15, 3, NOW, ZONE))
    assert_fresh(journal)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
citations = st.lists(st.builds(Citation, texts, texts, texts), max_size=3).map(tuple)
findings = st.lists(
    st.builds(
        Finding,
        st.sampled_from(list(Level)),
        texts,
        texts,
        texts,
        citations,
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
        st.booleans(),
    ),
    max_size=4,
).map(tuple)


@hyp_settings(max_examples=300, deadline=None)
@given(findings)
def test_stored_findings_are_written_as_json_dumps_writes_them(found: tuple[Finding, ...]) -> None:
    """The text written out piece by piece is the one json.dumps gives (a refresh compares texts)."""
    expected = json.dumps(
        [
            {
                "level": f.level.word,
                "rule_id": f.rule_id,
                "message": f.message,
                "basis": f.basis,
                "citations": [{"file": c.file, "section": c.section, "quote": c.quote} for c in f.citations],
                "total_mg": f.total_mg,
                "estimate": f.estimate,
            }
            for f in found
        ],
        ensure_ascii=False,
    )
    assert findings_to_json(found) == expected
    assert findings_from_json(expected) == found
    notes = sorted(((f.level, f.message) for f in found), key=lambda note: -note[0])
    assert finding_notes(expected) == tuple(notes), "History reads level and message off the text"


def test_the_starting_dose_follows_the_first_intake_wherever_it_moves(journal: Journal) -> None:
    """Only the journal's first intake is taken while starting; a change far from it can move that."""
    a = log(journal, "6", berlin(10, 6))
    b = log(journal, "7", berlin(9, 6))  # a day earlier: b is first now, a no longer
    assert journal.entries.intake(a).findings == ()
    assert [f.rule_id for f in journal.entries.intake(b).findings] == ["starting-dose"]
    c = log(journal, "8", berlin(2, 6))  # a week earlier, far outside any 24 hours of b
    assert journal.entries.intake(b).findings == ()
    assert "first intake in the journal" in messages(journal, c)[0]
    journal.delete(Kind.INTAKE, c)
    assert [f.rule_id for f in journal.entries.intake(b).findings] == ["starting-dose"]
    journal.undo_delete(Kind.INTAKE, c)
    assert journal.entries.intake(b).findings == ()
    journal.edit_intake(IntakeDraft("8", berlin(10, 9), id=c))  # moved after the others
    assert [f.rule_id for f in journal.entries.intake(b).findings] == ["starting-dose"]
    assert_fresh(journal)


def test_starting_or_restarting_says_the_starting_dose_from_that_day(journal: Journal) -> None:
    first = log(journal, "6", berlin(2, 8))
    before = log(journal, "7", berlin(5, 8))
    after = log(journal, "7", berlin(8, 8))
    assert [bool(journal.entries.intake(i).findings) for i in (first, before, after)] == [True, False, False]
    journal.save_settings(replace(journal.settings, starting_since=date(2026, 3, 6)))
    assert journal.entries.intake(before).findings == ()
    (notice,) = journal.entries.intake(after).findings
    assert notice.rule_id == "starting-dose" and "starting or restarting" in notice.message
    check = journal.check_intake(IntakeDraft("9", berlin(9, 8)))
    assert [f.rule_id for f in check.findings] == ["starting-dose"]
    journal.save_settings(replace(journal.settings, starting_since=None))
    assert journal.entries.intake(after).findings == ()
    assert journal.check_intake(IntakeDraft("9", berlin(9, 8))).findings == ()
    assert_fresh(journal)
