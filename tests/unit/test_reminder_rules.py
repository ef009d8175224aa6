"""The reminders' rules, pure: times on chosen days in the person's zone, DST days, a computer that
was off, snoozing, and what a notification may say."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.domain.errors import InvalidInput
from journal.domain.reminders import (
    DEFAULTS,
    EVERY_DAY,
    LOCKED_BODY,
    LOCKED_TITLE,
    Due,
    Facts,
    Reminder,
    ReminderKind,
    RunningBreak,
    Snooze,
    changed,
    days_text,
    due,
    instant,
    latest_scheduled,
    local_date,
    message,
    next_due,
    parse_days,
    parse_time,
    shown,
    snoozed,
)

ZONE = "Europe/Berlin"
DAILY = ReminderKind.DAILY_CHECKIN
WEEKLY = ReminderKind.WEEKLY_PAIN


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def on(kind: ReminderKind, at: time, *, since: datetime, days: frozenset[int] = EVERY_DAY) -> Reminder:
    return changed(DEFAULTS[kind], since, on=True, at=at, days=days)


# -- when ---------------------------------------------------------------------------------------


def test_a_reminder_comes_at_its_local_time_and_only_once() -> None:
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 10, 8, 0))
    assert due(evening, None, ZONE, utc(2026, 3, 10, 19, 59)) is None  # 20:59 in Berlin (UTC+1)
    item = due(evening, None, ZONE, utc(2026, 3, 10, 20, 0))
    assert item == Due(DAILY, utc(2026, 3, 10, 20, 0))
    after = shown(evening, utc(2026, 3, 10, 20, 0))
    assert due(after, None, ZONE, utc(2026, 3, 10, 23, 0)) is None
    assert next_due(after, None, ZONE, utc(2026, 3, 10, 23, 0)) == utc(2026, 3, 11, 20, 0)


def test_off_never_comes() -> None:
    evening = DEFAULTS[DAILY]
    assert not evening.on
    assert due(evening, None, ZONE, utc(2026, 3, 10, 22, 0)) is None
    assert next_due(evening, None, ZONE, utc(2026, 3, 10, 22, 0)) is None


def test_turned_on_after_its_time_waits_for_the_next_day() -> None:
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 10, 21, 30))  # 22:30 local
    assert due(evening, None, ZONE, utc(2026, 3, 10, 22, 0)) is None
    assert next_due(evening, None, ZONE, utc(2026, 3, 10, 22, 0)) == utc(2026, 3, 11, 20, 0)
    moved = changed(evening, utc(2026, 3, 10, 21, 40), on=True, at=time(22, 0), days=EVERY_DAY)
    assert due(moved, None, ZONE, utc(2026, 3, 10, 21, 45)) is None  # moved: counts from now
    assert next_due(moved, None, ZONE, utc(2026, 3, 10, 21, 45)) == utc(2026, 3, 11, 21, 0)


def test_only_on_the_chosen_days() -> None:
    sunday = on(WEEKLY, time(19, 0), since=utc(2026, 3, 9, 8, 0), days=frozenset({6}))  # 2026-03-09: Monday
    assert next_due(sunday, None, ZONE, utc(2026, 3, 9, 8, 0)) == utc(2026, 3, 15, 18, 0)
    for day in range(9, 15):
        assert due(sunday, None, ZONE, utc(2026, 3, day, 22, 0)) is None
    assert due(sunday, None, ZONE, utc(2026, 3, 15, 18, 0)) is not None


def test_missed_while_the_computer_was_off_comes_once_however_many_days() -> None:
    evening = shown(on(DAILY, time(21, 0), since=utc(2026, 3, 1, 8, 0)), utc(2026, 3, 2, 20, 0))
    back = utc(2026, 3, 9, 7, 30)  # off from the 2nd to the morning of the 9th: 6 evenings passed
    item = due(evening, None, ZONE, back)
    assert item is not None and item.late
    assert item.scheduled == utc(2026, 3, 8, 20, 0)  # the latest one, not the first missed
    after = shown(evening, back)
    assert due(after, None, ZONE, back + timedelta(minutes=1)) is None
    assert due(after, None, ZONE, utc(2026, 3, 9, 19, 59)) is None
    assert due(after, None, ZONE, utc(2026, 3, 9, 20, 0)) == Due(DAILY, utc(2026, 3, 9, 20, 0))


def test_a_weekly_one_missed_for_weeks_comes_once() -> None:
    sunday = on(WEEKLY, time(19, 0), since=utc(2026, 1, 1, 8, 0), days=frozenset({6}))
    sunday = shown(sunday, utc(2026, 1, 4, 18, 0))
    item = due(sunday, None, ZONE, utc(2026, 2, 20, 9, 0))  # weeks later
    assert item is not None and item.late and item.scheduled == utc(2026, 2, 15, 18, 0)


def test_on_time_is_not_late() -> None:
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 10, 8, 0))
    item = due(evening, None, ZONE, utc(2026, 3, 10, 20, 10))
    assert item is not None and not item.late


# -- DST -----------------------------------------------------------------------------------------


def test_the_night_clocks_go_forward() -> None:
    """2026-03-29 in Berlin: 02:00 becomes 03:00; a 02:30 reminder comes at 03:30, once."""
    night = on(DAILY, time(2, 30), since=utc(2026, 3, 28, 11, 0))
    assert instant(date(2026, 3, 29), time(2, 30), ZONE) == utc(2026, 3, 29, 1, 30)  # 03:30 CEST
    assert next_due(night, None, ZONE, utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 30)
    after = shown(night, utc(2026, 3, 29, 1, 30))
    assert next_due(after, None, ZONE, utc(2026, 3, 29, 1, 31)) == utc(2026, 3, 30, 0, 30)  # 02:30 CEST
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 28, 20, 30))
    assert next_due(evening, None, ZONE, utc(2026, 3, 28, 21, 0)) == utc(2026, 3, 29, 19, 0)  # 21:00 CEST


def test_the_night_clocks_go_back() -> None:
    """2026-10-25 in Berlin: 02:00 to 03:00 happens twice; a 02:30 reminder comes the first time only."""
    night = on(DAILY, time(2, 30), since=utc(2026, 10, 24, 11, 0))
    first = utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    assert next_due(night, None, ZONE, utc(2026, 10, 24, 12, 0)) == first
    assert due(night, None, ZONE, first) is not None
    after = shown(night, first)
    assert due(after, None, ZONE, utc(2026, 10, 25, 1, 30)) is None  # 02:30 CET, the second time
    assert next_due(after, None, ZONE, utc(2026, 10, 25, 1, 30)) == utc(2026, 10, 26, 1, 30)


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    minute=st.integers(0, 24 * 60 - 1),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Tehran"]),
)
def test_every_day_once_and_in_order(day: date, minute: int, zone: str) -> None:
    """Over any week, a daily reminder comes seven times, one per local day, each after the last."""
    at = time(minute // 60, minute % 60)
    start = instant(day, time(0, 0), zone) - timedelta(minutes=1)
    reminder = on(DAILY, at, since=start)
    now = start
    seen = []
    for _ in range(7):
        upcoming = next_due(reminder, None, zone, now)
        assert upcoming is not None and upcoming > now
        item = due(reminder, None, zone, upcoming)
        assert item is not None and item.scheduled == upcoming
        assert due(reminder, None, zone, upcoming - timedelta(seconds=1)) is None
        reminder = shown(reminder, upcoming)
        seen.append(local_date(upcoming, zone))
        now = upcoming
    assert seen == [day + timedelta(days=n) for n in range(7)]


# -- snooze --------------------------------------------------------------------------------------


def test_snooze_an_hour() -> None:
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 10, 8, 0))
    now = utc(2026, 3, 10, 20, 0)
    later = snoozed(evening, Snooze.HOUR, ZONE, now)
    assert later.snoozed_until == now + timedelta(hours=1)
    assert due(later, None, ZONE, now + timedelta(minutes=59)) is None
    assert next_due(later, None, ZONE, now + timedelta(minutes=5)) == now + timedelta(hours=1)
    item = due(later, None, ZONE, now + timedelta(hours=1))
    assert item == Due(DAILY, now + timedelta(hours=1), snoozed=True)
    done = shown(later, now + timedelta(hours=1))
    assert done.snoozed_until is None
    assert due(done, None, ZONE, utc(2026, 3, 10, 23, 0)) is None


def test_snooze_until_tomorrow_comes_at_its_time_even_on_a_day_it_is_not_set_for() -> None:
    sunday = on(WEEKLY, time(19, 0), since=utc(2026, 3, 9, 8, 0), days=frozenset({6}))
    now = utc(2026, 3, 15, 18, 0)
    tomorrow = snoozed(sunday, Snooze.TOMORROW, ZONE, now)
    assert tomorrow.snoozed_until == utc(2026, 3, 16, 18, 0)  # Monday 19:00
    assert due(tomorrow, None, ZONE, utc(2026, 3, 16, 17, 59)) is None
    assert due(tomorrow, None, ZONE, utc(2026, 3, 16, 18, 0)) is not None


def test_snoozed_past_midnight_and_the_computer_off_comes_once() -> None:
    evening = on(DAILY, time(23, 30), since=utc(2026, 3, 1, 8, 0))
    late = snoozed(evening, Snooze.HOUR, ZONE, utc(2026, 3, 10, 22, 30))  # 23:30 local → 00:30
    item = due(late, None, ZONE, utc(2026, 3, 12, 9, 0))  # off until two days later
    assert item is not None and item.snoozed and item.late
    done = shown(late, utc(2026, 3, 12, 9, 0))
    assert due(done, None, ZONE, utc(2026, 3, 12, 9, 1)) is None


def test_turning_off_drops_a_snooze() -> None:
    evening = snoozed(
        on(DAILY, time(21, 0), since=utc(2026, 3, 1)), Snooze.HOUR, ZONE, utc(2026, 3, 10, 20, 0)
    )
    off = changed(evening, utc(2026, 3, 10, 20, 5), on=False, at=evening.at, days=evening.days)
    assert off.snoozed_until is None and not off.on
    assert due(off, None, ZONE, utc(2026, 3, 10, 22, 0)) is None


# -- breaks ---------------------------------------------------------------------------------------


def test_break_checkin_only_during_a_break_and_from_its_start() -> None:
    checkin = on(ReminderKind.BREAK_CHECKIN, time(20, 0), since=utc(2026, 3, 1))
    assert next_due(checkin, None, ZONE, utc(2026, 3, 10, 8, 0)) is None
    running = RunningBreak(utc(2026, 3, 10, 20, 30), date(2026, 3, 17))  # started 21:30, after today's time
    assert due(checkin, running, ZONE, utc(2026, 3, 10, 21, 0)) is None
    assert next_due(checkin, running, ZONE, utc(2026, 3, 10, 21, 0)) == utc(2026, 3, 11, 19, 0)


def test_break_end_on_the_planned_last_day_once() -> None:
    end = on(ReminderKind.BREAK_END, time(9, 0), since=utc(2026, 3, 1))
    assert (
        next_due(end, RunningBreak(utc(2026, 3, 10, 8, 0)), ZONE, utc(2026, 3, 10, 9, 0)) is None
    )  # no goal
    running = RunningBreak(utc(2026, 3, 10, 8, 0), date(2026, 3, 17))
    assert next_due(end, running, ZONE, utc(2026, 3, 12, 9, 0)) == utc(2026, 3, 17, 8, 0)
    item = due(end, running, ZONE, utc(2026, 3, 19, 10, 0))  # off over the last day: still once
    assert item is not None and item.late
    done = shown(end, utc(2026, 3, 19, 10, 0))
    assert due(done, running, ZONE, utc(2026, 3, 20, 10, 0)) is None
    assert next_due(done, running, ZONE, utc(2026, 3, 20, 10, 0)) is None


def test_latest_scheduled_ignores_the_future() -> None:
    evening = on(DAILY, time(21, 0), since=utc(2026, 3, 1))
    assert latest_scheduled(evening, None, ZONE, utc(2026, 3, 10, 19, 0)) == utc(2026, 3, 9, 20, 0)


# -- input -------------------------------------------------------------------------------------


def test_days_and_times_as_typed() -> None:
    assert parse_days("mon,wed, FRI") == frozenset({0, 2, 4})
    assert parse_days("weekdays") == frozenset(range(5))
    assert parse_days("every day") == parse_days("daily") == EVERY_DAY
    assert parse_days("tu th") == frozenset({1, 3})
    for bad in ("", "t", "s", "funday", "mon,"):
        if bad == "mon,":
            assert parse_days(bad) == frozenset({0})
            continue
        with pytest.raises(InvalidInput):
            parse_days(bad)
    assert parse_time("21:00") == time(21, 0)
    assert parse_time("9:05") == time(9, 5)
    assert parse_time("0930") == time(9, 30)
    for bad in ("24:00", "21", "9:5", "nine", "-1:00", "21:60"):
        with pytest.raises(InvalidInput):
            parse_time(bad)
    assert days_text(frozenset({6})) == "Sundays"
    assert days_text(frozenset({0, 2})) == "Mon, Wed"
    with pytest.raises(InvalidInput):
        replace(DEFAULTS[DAILY], days=frozenset())


# -- words ---------------------------------------------------------------------------------------


FACTS = Facts(
    intakes_today=2,
    grams_today_mg=6500,
    checkins_today=1,
    last_pain="pain 6/10, PEG 5.7",
    break_day=(3, 7),
    planned_end=date(2026, 3, 17),
    break_ratings=("cravings moderate", "withdrawal mild"),
)
TODAY = date(2026, 3, 12)


@pytest.mark.parametrize("kind", list(ReminderKind))
def test_without_details_no_amount_and_no_symptom(kind: ReminderKind) -> None:
    text = message(Due(kind, utc(2026, 3, 12, 20, 0)), FACTS, TODAY, details=False, locked=False)
    words = f"{text.title} {text.body}"
    for secret in ("6.5 g", "g)", "moderate", "mild", "PEG 5.7", "6/10"):
        assert secret not in words, (kind, words)


@pytest.mark.parametrize("kind", list(ReminderKind))
def test_locked_says_only_that_a_checkin_is_due(kind: ReminderKind) -> None:
    for details in (True, False):
        text = message(
            Due(kind, utc(2026, 3, 12, 20, 0), late=True), FACTS, TODAY, details=details, locked=True
        )
        assert (
            (text.title, text.body) == (LOCKED_TITLE, LOCKED_BODY) == ("Kratom Journal", "A check-in is due.")
        )


def test_with_details_the_figures_show() -> None:
    daily = message(Due(DAILY, utc(2026, 3, 12, 20, 0)), FACTS, TODAY, details=True, locked=False)
    assert daily.body == "Logged today: 2 intakes (6.5 g) and 1 check-in. Anything missing?"
    pain = message(Due(WEEKLY, utc(2026, 3, 12, 20, 0)), FACTS, TODAY, details=True, locked=False)
    assert "Last time: pain 6/10, PEG 5.7." in pain.body
    brk = message(
        Due(ReminderKind.BREAK_CHECKIN, utc(2026, 3, 12, 19, 0)), FACTS, TODAY, details=True, locked=False
    )
    assert brk.body.startswith("Day 3 of 7 of your break; planned to end Tuesday 17 March (5 days to go).")
    assert brk.body.endswith("Last rated: cravings moderate, withdrawal mild.")


def test_the_break_note_and_a_missed_one_say_so() -> None:
    end = message(
        Due(ReminderKind.BREAK_END, utc(2026, 3, 17, 8, 0), late=True),
        replace(FACTS, break_day=(9, 7)),
        date(2026, 3, 19),
        details=False,
        locked=False,
    )
    assert end.title == "End of your planned break"
    assert "Your planned break ended Tuesday 17 March." in end.body
    assert end.body.endswith("(It was due while the computer was off or asleep.)")
    plain = message(
        Due(ReminderKind.BREAK_CHECKIN, utc(2026, 3, 12, 19, 0)), FACTS, TODAY, details=False, locked=False
    )
    assert "planned to end Tuesday 17 March" in plain.body  # a date, not an amount or a symptom
