"""Daily statistics: totals by journal day, rolling maxima, streaks, breaks, symptoms, pain."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import resources
from journal.domain.entities import Break, Form, Intake, Kind, PainCheckin, Severity, SymptomEntry, Unit
from journal.domain.guidance import Dose
from journal.domain.stats import (
    DayTotal,
    break_summary,
    daily_max_rolling,
    daily_sums,
    daily_totals,
    days,
    pain_series,
    symptom_summary,
    use_summary,
)
from journal.domain.times import Fold, Moment, resolve_local
from journal.storage.store import Store

BERLIN = "Europe/Berlin"


def local(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> Moment:
    return resolve_local(datetime(y, mo, d, h, mi), BERLIN)


def dose_at(m: Moment, mg: int | None, estimate: bool = False) -> Dose:
    return Dose(m.utc, mg, estimate, m.offset_min)


def test_daily_totals_by_local_day() -> None:
    doses = [
        dose_at(local(2026, 3, 10, 8), 2000),
        dose_at(local(2026, 3, 10, 23, 30), 3000),  # 22:30 UTC, still the 10th here
        dose_at(local(2026, 3, 11, 0, 30), 1500, estimate=True),  # 23:30 UTC on the 10th
        dose_at(local(2026, 3, 11, 9), None),
    ]
    assert daily_totals(doses) == {
        date(2026, 3, 10): DayTotal(date(2026, 3, 10), 5000, 2, 0, False),
        date(2026, 3, 11): DayTotal(date(2026, 3, 11), 1500, 2, 1, True),
    }


def test_day_start_hour_moves_small_hours_to_the_day_before() -> None:
    doses = [dose_at(local(2026, 3, 10, 20), 2000), dose_at(local(2026, 3, 11, 2), 3000)]
    assert set(daily_totals(doses, 0)) == {date(2026, 3, 10), date(2026, 3, 11)}
    totals = daily_totals(doses, 4)
    assert list(totals) == [date(2026, 3, 10)]
    assert totals[date(2026, 3, 10)].mg == 5000
    assert totals[date(2026, 3, 10)].intakes == 2
    # At 04:00 exactly the new day has begun.
    assert list(daily_totals([dose_at(local(2026, 3, 11, 4), 1000)], 4)) == [date(2026, 3, 11)]


def test_dst_spring_forward_day_is_one_day() -> None:
    before = local(2026, 3, 29, 1, 30)  # +01:00
    after = local(2026, 3, 29, 3, 30)  # +02:00
    late = local(2026, 3, 29, 23, 30)  # +02:00, 21:30 UTC
    assert (before.offset_min, after.offset_min, late.offset_min) == (60, 120, 120)
    totals = daily_totals([dose_at(before, 1000), dose_at(after, 2000), dose_at(late, 4000)])
    assert totals == {date(2026, 3, 29): DayTotal(date(2026, 3, 29), 7000, 3)}


def test_dst_fall_back_day_is_one_day() -> None:
    first = resolve_local(datetime(2026, 10, 25, 2, 30), BERLIN, Fold.EARLIER)
    second = resolve_local(datetime(2026, 10, 25, 2, 30), BERLIN, Fold.LATER)
    late = local(2026, 10, 25, 23, 45)
    totals = daily_totals([dose_at(first, 1000), dose_at(second, 1000), dose_at(late, 1000)])
    assert totals == {date(2026, 10, 25): DayTotal(date(2026, 10, 25), 3000, 3)}


def test_daily_max_rolling() -> None:
    doses = [
        dose_at(local(2026, 3, 10, 8), 4000),
        dose_at(local(2026, 3, 10, 20), 5000),
        dose_at(local(2026, 3, 11, 7), 6000),  # window: 4 + 5 + 6
        dose_at(local(2026, 3, 11, 21), 1000),  # window: 6 + 1
        dose_at(local(2026, 3, 12, 9), None),
    ]
    assert daily_max_rolling(doses) == {date(2026, 3, 10): 9000, date(2026, 3, 11): 15_000}


def test_days_inclusive() -> None:
    assert days(date(2026, 3, 30), date(2026, 4, 2)) == [
        date(2026, 3, 30),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 4, 2),
    ]
    assert days(date(2026, 3, 2), date(2026, 3, 1)) == []


def test_use_summary_streaks() -> None:
    d = date(2026, 3, 1)
    # Use on days 1-2, free 3-4, use 5-7, free 8-10.
    used = {d, d + timedelta(1), d + timedelta(4), d + timedelta(5), d + timedelta(6)}
    s = use_summary(used, d, d + timedelta(9))
    assert (s.days, s.use_days, s.dose_free_days) == (10, 5, 5)
    assert s.current_dose_free == 3
    assert s.longest_dose_free == 3
    assert s.current_use_run == 0

    s = use_summary(used, d, d + timedelta(6))
    assert (s.current_dose_free, s.longest_dose_free, s.current_use_run) == (0, 2, 3)

    s = use_summary(set(), d, d + timedelta(4))
    assert (s.use_days, s.dose_free_days, s.current_dose_free, s.longest_dose_free) == (0, 5, 5, 5)

    # Use days outside the period do not count.
    s = use_summary({d - timedelta(1), d + timedelta(30)}, d, d + timedelta(2))
    assert s.use_days == 0


def test_break_summary() -> None:
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    kept = Break(local(2026, 3, 1, 9), date(2026, 3, 4), local(2026, 3, 4, 20), outcome="went fine")
    early = Break(local(2026, 3, 6, 9), date(2026, 3, 12), local(2026, 3, 8, 9))
    unplanned = Break(local(2026, 3, 9, 9), None, local(2026, 3, 10, 8))
    running = Break(local(2026, 3, 15, 13), date(2026, 3, 25))
    assert kept.kept() is True
    assert early.kept() is False
    assert unplanned.kept() is None
    assert running.kept() is None and running.running
    s = break_summary([kept, early, unplanned, running], now)
    assert (s.planned, s.kept, s.ended_early, s.running) == (3, 1, 1, 1)
    assert s.lengths_days == (3, 2, 0, 5)


def test_symptom_summary() -> None:
    entries = [
        SymptomEntry("nausea", local(2026, 3, 1, 9), Severity.MILD),
        SymptomEntry("nausea", local(2026, 3, 1, 21), Severity.SEVERE),
        SymptomEntry("nausea", local(2026, 3, 3, 9), Severity.NONE),  # a "none" check-in
        SymptomEntry("nausea", local(2026, 3, 5, 9), Severity.MODERATE),
        SymptomEntry("itching", local(2026, 3, 2, 2), Severity.EXTREME),
        SymptomEntry("dizziness", local(2026, 3, 2, 9), Severity.NONE),
    ]
    stats = symptom_summary(entries)
    assert set(stats) == {"nausea", "itching"}
    n = stats["nausea"]
    assert n.days_present == 2
    assert n.mean_severity == Decimal("2.0")  # (1 + 3 + 2) / 3; the zero does not dilute it
    assert n.worst == 3
    assert (n.first_seen, n.last_seen) == (date(2026, 3, 1), date(2026, 3, 5))
    # With days starting at 04:00, itching at 02:00 on the 2nd belongs to the 1st.
    assert symptom_summary(entries, day_start_hour=4)["itching"].first_seen == date(2026, 3, 1)
    assert symptom_summary(entries)["itching"].mean_severity == Decimal("4.0")


def test_symptom_mean_is_rounded_to_one_decimal() -> None:
    entries = [SymptomEntry("rash", local(2026, 3, d), Severity(s)) for d, s in ((1, 1), (2, 1), (3, 2))]
    assert symptom_summary(entries)["rash"].mean_severity == Decimal("1.3")


def test_pain_series_in_time_order_with_peg_score() -> None:
    later = PainCheckin(local(2026, 3, 2), 6, (7, 5, 6), mood=4)
    earlier = PainCheckin(local(2026, 3, 1), 3)
    series = pain_series([later, earlier])
    assert [p.at for p in series] == [earlier.at.utc, later.at.utc]
    assert series[0].peg is None and series[0].mood is None
    assert series[1].peg == Decimal("6.0")
    assert series[1].pain_now == 6 and series[1].mood == 4
    assert PainCheckin(local(2026, 3, 1), 0, (1, 2, 2)).peg_score == Decimal("1.7")


# -- SQL totals agree with the domain ---------------------------------------------

BASE = datetime(2026, 3, 25, 0, 0, tzinfo=UTC)
OFFSETS = [-720, -300, -210, 0, 60, 120, 330, 345, 840]  # UTC offsets in minutes


@st.composite
def intake_row(draw: st.DrawFn, day_start: int) -> tuple[datetime, int, int | None, bool, bool, bool]:
    """An intake anywhere in ten days, or a hair before or at the start of a journal day."""
    offset = draw(st.sampled_from(OFFSETS))
    if draw(st.booleans()):
        seconds = draw(st.integers(min_value=0, max_value=10 * 24 * 3600))
        at = BASE + timedelta(seconds=seconds, microseconds=draw(st.sampled_from([0, 123, 500_000])))
    else:
        day = BASE + timedelta(days=draw(st.integers(min_value=0, max_value=9)))
        boundary = day + timedelta(minutes=day_start * 60 - offset)
        at = boundary + timedelta(microseconds=draw(st.sampled_from([-300, -1, 0, 1, -1_000_000])))
    mg = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=20_000)))
    return at, offset, mg, draw(st.booleans()), draw(st.booleans()), draw(st.booleans())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_start=st.integers(min_value=0, max_value=12), data=st.data())
def test_store_daily_totals_equal_domain(day_start: int, data: st.DataObject) -> None:
    rows = data.draw(st.lists(intake_row(day_start), max_size=25))
    expected_doses = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp), resources.catalogue())
        try:
            for at, offset, mg, est, leaf_est, deleted in rows:
                intake = store.add_intake(
                    Intake(
                        Moment(at, "Test/Zone", offset),
                        Decimal(1),
                        Unit.G,
                        Form.POWDER,
                        mg,
                        None,
                        est,
                        leaf_est,
                    )
                )
                if deleted:
                    assert intake.id is not None
                    store.delete(Kind.INTAKE, intake.id)
                else:
                    expected_doses.append(Dose(at, mg, est or leaf_est, offset))
            sql = store.daily_totals(day_start)
            assert sql == daily_totals(store.doses(), day_start)
            assert sql == daily_totals(expected_doses, day_start)
            if sql:
                first, last = min(sql), max(sql)
                middle = first + (last - first) / 2
                ranged = store.daily_totals(day_start, start=middle, end=last)
                assert ranged == {d: t for d, t in sql.items() if middle <= d <= last}
                # Summed by SQLite, rolling totals too: the same as the sweep over the doses.
                totals, maxima = daily_sums(expected_doses, day_start)
                assert store.daily_amounts(day_start, first, last) == (totals, maxima)
                inside = store.daily_amounts(day_start, middle, last)
                assert inside[0] == {d: t for d, t in totals.items() if middle <= d <= last}
                assert inside[1] == {d: mg for d, mg in maxima.items() if middle <= d <= last}, (
                    "a period's rolling totals count the intakes of the day before it"
                )
        finally:
            store.close()
