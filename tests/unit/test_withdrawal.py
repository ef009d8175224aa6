"""Scored withdrawal check-ins (SOWS): the answers, the store, the service's one door, the timeline, Today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.times import Moment
from journal.domain.withdrawal import (
    SOWS_ITEMS,
    SOWS_MAX,
    WithdrawalScore,
    answers_text,
    parse_answers,
    trend_text,
)
from journal.service.journal import Journal
from journal.service.timeline import load_entry, load_timeline
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ANSWERS = (2, 1, 0, 0, 3, 1, 0, 2, 2, 4, 3, 1, 0, 1, 2, 4)  # total 26


def at(delta: timedelta = timedelta(0)) -> Moment:
    return Moment.from_utc(NOW + delta, ZONE)


# -- the answers -------------------------------------------------------------------------------


@given(st.lists(st.integers(0, 4), min_size=16, max_size=16))
def test_typed_answers_parse_to_the_scale_and_total(values: list[int]) -> None:
    items = parse_answers([str(v) for v in values])
    assert items == tuple(values)
    assert WithdrawalScore(at(), items).total == sum(values)


@pytest.mark.parametrize(
    ("texts", "says"),
    [
        (["1"] * 15, "needs 16 answers"),
        (["1"] * 17, "17 given"),
        (["1"] * 15 + ["5"], "Answer 16 (I feel like using now)"),
        (["-1"] + ["0"] * 15, "Answer 1 (I feel anxious)"),
        (["0"] * 7 + ["x"] + ["0"] * 8, "not 'x'"),
        (["0"] * 15 + ["2.5"], "whole number from 0 to 4"),
    ],
)
def test_bad_answers_say_which_and_why(texts: list[str], says: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_answers(texts)
    assert err.value.field == "items"
    assert says in err.value.message


def test_answers_text_names_every_item_and_its_word() -> None:
    text = answers_text(ANSWERS, "\n")
    lines = text.split("\n")
    assert len(lines) == len(SOWS_ITEMS)
    assert lines[0] == "I feel anxious: 2 (moderately)"
    assert lines[9] == "My bones and muscles ache: 4 (extremely)"
    assert lines[2] == "I am perspiring: 0 (not at all)"


def test_trend_text_is_the_latest_totals_oldest_first() -> None:
    scores = [WithdrawalScore(at(timedelta(days=-d)), (d % 5,) * 16) for d in range(7)]
    # Oldest first: days -4 .. 0, totals 4*16, 3*16, ... 0.
    assert trend_text(scores) == f"64 → 48 → 32 → 16 → 0 (of {SOWS_MAX})"
    assert trend_text([]) == ""


# -- storage through the service -----------------------------------------------------------------


def test_log_read_edit_delete_undo(journal: Journal, clock: FakeClock) -> None:
    saved = journal.log_withdrawal(WithdrawalScore(at(timedelta(hours=-1)), ANSWERS))
    assert saved.id is not None and saved.created == NOW
    assert saved.total == 26
    assert journal.entries.withdrawal() == [saved]
    assert journal.entries.withdrawal_score(saved.id) == saved

    clock.now = NOW + timedelta(minutes=5)
    changed = WithdrawalScore(at(timedelta(hours=-2)), (0,) * 15 + (4,), saved.id, saved.created)
    after = journal.edit_withdrawal(changed)
    assert after.items == (0,) * 15 + (4,) and after.total == 4
    assert journal.entries.withdrawal_score(saved.id).at.utc == NOW - timedelta(hours=2)

    journal.put_back(Kind.WITHDRAWAL, saved)  # undoing the correction
    assert journal.entries.withdrawal_score(saved.id).items == ANSWERS

    journal.delete(Kind.WITHDRAWAL, saved.id)
    assert journal.entries.withdrawal() == []
    with pytest.raises(NotFound):
        journal.entries.withdrawal_score(saved.id)
    journal.undo_delete(Kind.WITHDRAWAL, saved.id)
    assert [s.items for s in journal.entries.withdrawal()] == [ANSWERS]


def test_purge_erases_deleted_check_ins(journal: Journal) -> None:
    kept = journal.log_withdrawal(WithdrawalScore(at(), ANSWERS))
    gone = journal.log_withdrawal(WithdrawalScore(at(timedelta(hours=-3)), (1,) * 16))
    assert gone.id is not None
    journal.delete(Kind.WITHDRAWAL, gone.id)
    assert journal.purge_deleted() == 1
    with pytest.raises(NotFound):
        journal.undo_delete(Kind.WITHDRAWAL, gone.id)
    assert journal.entries.withdrawal() == [kept]


def test_the_future_is_refused_and_nothing_saved(journal: Journal) -> None:
    with pytest.raises(InvalidInput) as err:
        journal.log_withdrawal(WithdrawalScore(at(timedelta(hours=2)), ANSWERS))
    assert err.value.field == "time"
    assert journal.entries.withdrawal() == []


def test_a_period_reads_oldest_first(journal: Journal) -> None:
    for hours, value in ((-50, 3), (-1, 1), (-26, 2)):
        journal.log_withdrawal(WithdrawalScore(at(timedelta(hours=hours)), (value,) * 16))
    assert [s.total for s in journal.entries.withdrawal()] == [48, 32, 16]
    recent = journal.entries.withdrawal(NOW - timedelta(days=1))
    assert [s.total for s in recent] == [16]


def test_the_check_counts_withdrawal_check_ins(journal: Journal) -> None:
    journal.log_withdrawal(WithdrawalScore(at(), ANSWERS))
    assert journal.check().counts["withdrawal check-in"] == 1


# -- History and Today ------------------------------------------------------------------------------


def test_timeline_row_shows_the_total_and_every_answer(journal: Journal) -> None:
    saved = journal.log_withdrawal(WithdrawalScore(at(timedelta(hours=-1)), ANSWERS))
    assert saved.id is not None
    rows = [r for r in load_timeline(journal) if r.kind is Kind.WITHDRAWAL]
    assert len(rows) == 1
    row = rows[0]
    assert row.title == "SOWS total 26 of 64 · answers 2 1 0 0 3 1 0 2 2 4 3 1 0 1 2 4"
    assert row.measure == 26
    assert "I feel like using now: 4 (extremely)" in row.detail
    assert row.detail.count("\n") == 15
    assert "severe" not in row.title.lower() and "mild" not in row.title.lower()  # no bands
    assert load_entry(journal, Kind.WITHDRAWAL, saved.id) == row
    journal.delete(Kind.WITHDRAWAL, saved.id)
    assert load_entry(journal, Kind.WITHDRAWAL, saved.id) is None


def test_today_invites_a_daily_score_during_a_break(journal: Journal, clock: FakeClock) -> None:
    journal.log_withdrawal(WithdrawalScore(at(timedelta(days=-3)), (4,) * 16))  # before the break
    today = journal.today()
    assert not today.withdrawal_due and today.break_withdrawal == ()  # no break, no invitation

    clock.now = NOW - timedelta(days=2)
    journal.start_break(None, "reset")
    clock.now = NOW
    today = journal.today()
    assert today.withdrawal_due and today.break_withdrawal == ()

    journal.log_withdrawal(WithdrawalScore(at(timedelta(days=-1)), (2,) * 16))
    assert journal.today().withdrawal_due  # yesterday's does not count for today
    journal.log_withdrawal(WithdrawalScore(at(timedelta(minutes=-5)), (1,) * 16))
    today = journal.today()
    assert not today.withdrawal_due and today.withdrawal_today
    assert [s.total for s in today.break_withdrawal] == [32, 16]  # the one before the break is left out

    clock.now = NOW + timedelta(days=1)
    assert journal.today().withdrawal_due  # invited again the next day


def test_history_queries_page_count_and_filter_withdrawal_check_ins(journal: Journal) -> None:
    from journal.service.timeline import TimelineQuery, timeline_count, timeline_keys, timeline_page

    ids = []
    for days in (3, 2, 1):
        saved = journal.log_withdrawal(WithdrawalScore(at(timedelta(days=-days)), (days,) * 16))
        assert saved.id is not None
        ids.append(saved.id)
    only = TimelineQuery(kinds=frozenset({Kind.WITHDRAWAL}))
    assert timeline_count(journal, only) == 3
    first = timeline_page(journal, only, limit=2)
    assert [r.measure for r in first] == [16, 32]
    rest = timeline_page(journal, only, after=first[-1], limit=2)
    assert [r.measure for r in rest] == [48]
    day = (NOW - timedelta(days=2)).date()
    one_day = TimelineQuery(kinds=frozenset({Kind.WITHDRAWAL}), first_day=day, last_day=day)
    assert timeline_keys(journal, one_day) == {Kind.WITHDRAWAL: frozenset({ids[1]})}
    assert timeline_count(journal, TimelineQuery(text="anxious")) == 0  # no notes to search
    assert timeline_count(journal, TimelineQuery(symptom_key="cravings")) == 0
