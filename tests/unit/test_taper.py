"""Taper plans: day-by-day amounts worked by hand (DST days and pauses included), days kept and the
weeks, several plans with one active, and the service refusing what cannot be a plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from journal.domain.errors import InvalidInput
from journal.domain.taper import Pause, TaperPlan, plan_record
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
