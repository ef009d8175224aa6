"""Taper plans: day-by-day amounts worked by hand (DST days and pauses included), days kept and the
weeks, several plans with one active, and the service refusing what cannot be a plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from journal.domain.errors import InvalidInput
from journal.domain.taper import Pause, TaperPlan, plan_record, table_plan
from journal.domain.times import resolve_local
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

G = Decimal


def eight_to_four(**kw: object) -> TaperPlan:
    """8 g a day down to 4 g, 0.5 g less every 7 days, from Monday 23 March 2026 (DST starts on the
    29th in Berlin: a 23-hour day, still one journal day)."""
    return TaperPlan(G(8), G(4), G("0.5"), 7, date(2026, 3, 23), **kw)  # type: ignore[arg-type]


def test_day_by_day_amounts_step_every_seven_days_through_a_dst_day() -> None:
    plan = eight_to_four()
    assert plan.planned_g(date(2026, 3, 22)) is None  # before its first day
    worked = {
        date(2026, 3, 23): G(8),
        date(2026, 3, 29): G(8),  # the 23-hour DST day: the seventh day, still 8 g
        date(2026, 3, 30): G("7.5"),  # day 8: one step
        date(2026, 4, 5): G("7.5"),
        date(2026, 4, 6): G(7),
        date(2026, 10, 25): G(4),  # the 25-hour day DST ends: at the target long since
        date(2026, 5, 18): G(4),  # 8 steps of 0.5 g: 56 days after the first
        date(2026, 5, 17): G("4.5"),
    }
    for day, grams in worked.items():
        assert plan.planned_g(day) == grams, day
    assert plan.planned_mg(date(2026, 3, 30)) == 7500
    assert plan.reaches_target() == date(2026, 5, 18)
    assert plan.describe() == "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-23"


def test_a_pause_holds_the_amount_and_shifts_every_later_step() -> None:
    # Paused on day 5 (27 March) for 10 days, resumed on 6 April.
    plan = eight_to_four(pauses=(Pause(date(2026, 3, 27), date(2026, 4, 6)),))
    assert plan.planned_g(date(2026, 3, 27)) == G(8)
    assert plan.planned_g(date(2026, 4, 5)) == G(8)  # 13 days in, 4 counted: still the first step
    assert plan.planned_g(date(2026, 4, 8)) == G(8)  # 6 counted days
    assert plan.planned_g(date(2026, 4, 9)) == G("7.5")  # 7 counted: 30 March + 10 paused days
    assert plan.reaches_target() == date(2026, 5, 28)
    running = eight_to_four(pauses=(Pause(date(2026, 3, 30)),))  # paused, not resumed
    assert running.paused and running.reaches_target() is None
    assert running.planned_g(date(2026, 6, 1)) == G("7.5")  # held where it was on 30 March


def test_an_increasing_plan_and_an_ended_one() -> None:
    up = TaperPlan(G(1), G(3), G(1), 2, date(2026, 3, 1))
    assert [up.planned_g(date(2026, 3, d)) for d in range(1, 8)] == [G(1), G(1), G(2), G(2), G(3), G(3), G(3)]
    ended = eight_to_four(ended=date(2026, 4, 1))
    assert ended.planned_g(date(2026, 3, 31)) == G("7.5") and ended.planned_g(date(2026, 4, 1)) is None


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"step_g": G(0)}, "step"),
        ({"target_g": G(8)}, "target"),
        ({"every_days": 0}, "every"),
        ({"start_g": G(101)}, "start"),
        ({"ended": date(2026, 3, 1)}, "ended"),
        ({"pauses": (Pause(date(2026, 3, 1)),)}, "pause"),
    ],
)
def test_what_cannot_be_a_plan(kw: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "start_g": G(8),
        "target_g": G(4),
        "step_g": G("0.5"),
        "every_days": 7,
        "first_day": date(2026, 3, 23),
    }
    args.update(kw)
    with pytest.raises(InvalidInput) as caught:
        TaperPlan(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_days_kept_and_planned_against_actual_per_week() -> None:
    plan = eight_to_four()
    totals = {
        date(2026, 3, 23) + timedelta(days=n): mg
        for n, mg in enumerate([8000, 9000, 7000, 8000, 0, 8600, 8000])
    }
    totals[date(2026, 3, 30)] = 7000
    totals[date(2026, 3, 31)] = 7600
    record = plan_record(plan, totals, date(2026, 3, 20), date(2026, 3, 31))
    assert (record.days, record.kept) == (9, 6)  # 24 Mar 9 g, 28 Mar 8.6 g and 31 Mar 7.6 g over
    first, second = record.weeks
    assert (first.first, first.days, first.planned_mg, first.actual_mg, first.kept) == (
        date(2026, 3, 23),
        7,
        8000,
        round(48600 / 7),
        5,
    )
    assert (second.days, second.planned_mg, second.actual_mg, second.kept) == (2, 7500, 7300, 1)


# -- the service ------------------------------------------------------------------------------------


def test_one_active_plan_and_today_against_it(journal: Journal, clock: FakeClock) -> None:
    # The clock says 10 March 2026, 13:00 in Berlin.
    first = journal.taper.set("8", "4", "0,5", 7, date(2026, 3, 1), decimal_sep=",")
    assert journal.taper.active() == first and first.planned_g(date(2026, 3, 10)) == G("7.5")
    journal.log_intake(IntakeDraft("3", resolve_local(datetime(2026, 3, 10, 8, 0), ZONE)))
    today = journal.taper.day()
    assert today is not None and (today.planned_mg, today.taken_mg, today.left_mg) == (7500, 3000, 4500)
    typed = journal.taper.day(extra_mg=5100)
    assert typed is not None and typed.over_mg == 600

    second = journal.taper.set("6", "2", "1", 14)  # from today: the first ends today
    assert journal.taper.active() == second
    assert [p.ended for p in journal.taper.all()] == [date(2026, 3, 10), None]
    with pytest.raises(InvalidInput, match="start the new one later"):
        journal.taper.set("5", "2", "1", 7, date(2026, 3, 9))

    paused = journal.taper.pause()
    assert paused.paused
    with pytest.raises(InvalidInput, match="already paused"):
        journal.taper.pause()
    clock.now += timedelta(days=3)
    resumed = journal.taper.resume()
    assert resumed.pauses == (Pause(date(2026, 3, 10), date(2026, 3, 13)),)
    ended = journal.taper.end()
    assert ended.ended == date(2026, 3, 13) and journal.taper.active() is None
    with pytest.raises(InvalidInput, match="no plan running"):
        journal.taper.end()
    assert journal.taper.planned(date(2026, 3, 9), date(2026, 3, 11)) == {
        date(2026, 3, 9): 7500,
        date(2026, 3, 10): 6000,
        date(2026, 3, 11): 6000,
    }


def test_bad_amounts_name_their_field_and_nothing_is_saved(journal: Journal) -> None:
    for args, field in [
        (("x", "4", "1", 7), "start"),
        (("8", "4", "-1", 7), "step"),
        (("8", "4", "1", 0), "every"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            journal.taper.set(*args)  # type: ignore[arg-type]
        assert caught.value.field == field
    assert journal.taper.all() == []
    to_zero = journal.taper.set("2", "0", "0.5", 3)
    assert to_zero.target_g == 0 and to_zero.created == datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


# -- a day-by-day table -----------------------------------------------------------------------------


def berlin_table(**kw: object) -> TaperPlan:
    """Listed days around the DST start in Berlin (29 March 2026, a 23-hour day): 8 g from Monday
    23 March, 7 g from the DST day itself, 6.5 g from 2 April, 5 g from 10 April."""
    rows = [
        (date(2026, 3, 23), G(8)),
        (date(2026, 3, 29), G(7)),
        (date(2026, 4, 2), G("6.5")),
        (date(2026, 4, 10), G(5)),
    ]
    return table_plan(rows, **kw)  # type: ignore[arg-type]


def test_a_table_plans_its_listed_amounts_and_holds_each_until_the_next() -> None:
    plan = berlin_table()
    assert plan.is_table and (plan.first_day, plan.start_g, plan.target_g) == (date(2026, 3, 23), 8, 5)
    worked = {
        date(2026, 3, 22): None,  # before the first listed day
        date(2026, 3, 23): G(8),
        date(2026, 3, 28): G(8),  # between listed days the last listed amount holds
        date(2026, 3, 29): G(7),  # the 23-hour DST day is one listed day like any other
        date(2026, 4, 1): G(7),
        date(2026, 4, 2): G("6.5"),
        date(2026, 4, 9): G("6.5"),
        date(2026, 4, 10): G(5),
        date(2026, 10, 25): G(5),  # after the last listed day its amount holds (the 25-hour day)
    }
    for day, grams in worked.items():
        assert plan.planned_g(day) == grams, day
    assert plan.planned_mg(date(2026, 4, 2)) == 6500
    assert plan.reaches_target() == date(2026, 4, 10)
    assert plan.describe() == "8 g to 5 g, day by day (4 days listed), from 2026-03-23"
    assert plan.table_text()[2] == "2026-04-02: 6.5 g"
    ended = berlin_table(ended=date(2026, 4, 5))
    assert ended.planned_g(date(2026, 4, 4)) == G("6.5") and ended.planned_g(date(2026, 4, 5)) is None
    assert ended.reaches_target() is None  # ended before its last listed day


def test_a_pause_shifts_the_table_by_the_days_paused() -> None:
    # Paused on 27 March for 5 days (resumed on 1 April): every listed day comes 5 days later.
    plan = berlin_table(pauses=(Pause(date(2026, 3, 27), date(2026, 4, 1)),))
    assert plan.planned_g(date(2026, 3, 29)) == G(8)  # the 7 g day is still 3 counted days away
    assert plan.planned_g(date(2026, 4, 2)) == G(8)  # 10 days in, 5 counted: 28 March in the table
    assert plan.planned_g(date(2026, 4, 3)) == G(7)  # 6 counted days: 29 March + 5
    assert plan.planned_g(date(2026, 4, 6)) == G(7)
    assert plan.planned_g(date(2026, 4, 7)) == G("6.5")  # 2 April + 5
    assert plan.planned_g(date(2026, 4, 15)) == G(5)  # 10 April + 5
    assert plan.reaches_target() == date(2026, 4, 15)
    held = berlin_table(pauses=(Pause(date(2026, 4, 5)),))  # paused, not resumed: 6.5 g from then on
    assert held.planned_g(date(2026, 6, 1)) == G("6.5") and held.reaches_target() is None


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([], "at least one day"),
        ([(date(2026, 3, 1), G(8)), (date(2026, 3, 1), G(7))], "Row 2: 2026-03-01 is listed twice"),
        ([(date(2026, 3, 5), G(8)), (date(2026, 3, 1), G(7))], "Row 2: 2026-03-01 comes before 2026-03-05"),
        ([(date(2026, 3, 1), G(8)), (date(2026, 3, 2), G(101))], "Row 2 (2026-03-02): give 0 to 100 g"),
        ([(date(2026, 3, 1), G(-1))], "Row 1 (2026-03-01): give 0 to 100 g"),
    ],
)
def test_what_cannot_be_a_table(rows: list[tuple[date, Decimal]], words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        table_plan(rows)
    assert caught.value.field == "table" and words in caught.value.message


def test_a_table_must_start_on_the_plans_first_day() -> None:
    with pytest.raises(InvalidInput, match="Row 1: the table starts on the plan's first day, 2026-03-22"):
        TaperPlan(
            G(8),
            G(5),
            G(0),
            1,
            date(2026, 3, 22),
            table=((date(2026, 3, 23), G(8)), (date(2026, 4, 1), G(5))),
        )


def test_a_table_plan_is_set_stored_and_read_back(journal: Journal, clock: FakeClock) -> None:
    # The clock says 10 March 2026, 13:00 in Berlin.
    steps = journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    plan = journal.taper.set_table(
        [("2026-03-10", "7,5"), ("2026-03-12", "7"), (date(2026, 3, 20), "0")], decimal_sep=","
    )
    assert journal.taper.all() == [replace(steps, ended=date(2026, 3, 10)), plan]
    assert journal.taper.active() == plan and plan.table[1] == (date(2026, 3, 12), G(7))
    assert journal.taper.planned(date(2026, 3, 11), date(2026, 3, 13)) == {
        date(2026, 3, 11): 7500,
        date(2026, 3, 12): 7000,
        date(2026, 3, 13): 7000,
    }
    journal.log_intake(IntakeDraft("3", resolve_local(datetime(2026, 3, 10, 8, 0), ZONE)))
    today = journal.taper.day()
    assert today is not None and (today.planned_mg, today.left_mg) == (7500, 4500)
    for rows, words in [
        ([("2026-03-11", "x")], "Row 1 (2026-03-11): “x” is not a number"),
        ([("11 March", "7")], "Row 1: “11 March” is not a date"),
        ([("2026-03-09", "7")], "start the new one later"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            journal.taper.set_table(rows)
        assert caught.value.field == "table" and words in caught.value.message
    assert len(journal.taper.all()) == 2


def test_a_plan_corrected_keeps_its_id_and_refuses_to_overlap_an_earlier_one(journal: Journal) -> None:
    first = journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    second = journal.taper.set_table([("2026-03-05", "7"), ("2026-03-09", "6")])
    corrected = journal.taper.correct(
        table_plan([(date(2026, 3, 6), G(7)), (date(2026, 3, 9), G(5))], id=second.id)
    )
    assert corrected.id == second.id and corrected.created == second.created and corrected.target_g == 5
    assert journal.taper.get(second.id or 0).table == corrected.table
    with pytest.raises(InvalidInput, match="An earlier plan starts on 2026-03-01") as caught:
        journal.taper.correct(table_plan([(date(2026, 3, 1), G(7))], id=second.id))
    assert caught.value.field == "table"
    assert journal.taper.get(first.id or 0) == replace(first, ended=date(2026, 3, 5))
    with pytest.raises(InvalidInput, match="This plan ended on 2026-03-05"):  # when the other began
        journal.taper.correct(replace(journal.taper.get(first.id or 0), first_day=date(2026, 3, 5)))
    journal.taper.end(date(2026, 3, 8))
    with pytest.raises(InvalidInput, match="This plan ended on 2026-03-08: start it before then"):
        journal.taper.correct(table_plan([(date(2026, 3, 8), G(7))], id=second.id))


def test_the_day_each_table_row_begins_counts_the_pauses() -> None:
    assert berlin_table().row_starts() == [
        date(2026, 3, 23),
        date(2026, 3, 29),
        date(2026, 4, 2),
        date(2026, 4, 10),
    ]
    paused = berlin_table(pauses=(Pause(date(2026, 3, 27), date(2026, 4, 1)),))  # 5 days
    assert paused.row_starts() == [date(2026, 3, 23), date(2026, 4, 3), date(2026, 4, 7), date(2026, 4, 15)]
    held = berlin_table(pauses=(Pause(date(2026, 4, 5)),))  # paused, not resumed
    assert held.row_starts() == [date(2026, 3, 23), date(2026, 3, 29), date(2026, 4, 2), None]
    ended = berlin_table(ended=date(2026, 4, 2))
    assert ended.row_starts()[2:] == [None, None]
    for plan in (berlin_table(), paused, held):  # each row begins where planned_g first gives its amount
        for begins, (_day, grams) in zip(plan.row_starts(), plan.table, strict=True):
            if begins is not None:
                assert plan.planned_g(begins) == grams and plan.planned_g(begins - timedelta(days=1)) != grams
