"""The sweep gives every intake exactly the findings `evaluate` gives it one at a time, and every
day the totals and the highest rolling window that each intake's own evaluation gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import resources
from journal.domain.entities import Break, Finding, Form, Settings
from journal.domain.guidance import (
    WINDOW,
    Dose,
    Guidance,
    break_at,
    evaluate,
    rolling_total,
    windows_touching,
)
from journal.domain.stats import daily_max_rolling, daily_sums, daily_totals
from journal.domain.sweep import Sweep, run_lengths, sweep_findings, worst_windows
from journal.domain.times import Moment, local_day

BASE = datetime(2026, 3, 27, 0, 0, tzinfo=UTC)  # Berlin changes to summer time on the 29th
ZONE = "Europe/Berlin"
GUIDANCE = resources.guidance()

# Minutes from BASE: fixed instants make duplicates, exact 24-hour gaps and day
# edges likely; the rest spread over six days.
instants = st.one_of(
    st.sampled_from([0, 60, 24 * 60, 24 * 60 + 1, 48 * 60, 23 * 60 + 59, 72 * 60]),
    st.integers(min_value=0, max_value=6 * 24 * 60),
)
amounts = st.one_of(st.none(), st.sampled_from([500, 2000, 4000, 5000, 5001, 7500, 12_000, 15_000]))


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[Dose], dict[int, Form], Settings, list[Break]]:
    doses, forms = [], {}
    for ident in range(1, draw(st.integers(min_value=0, max_value=30)) + 1):
        doses.append(
            Dose(
                BASE + timedelta(minutes=draw(instants), seconds=draw(st.sampled_from([0, 0, 59]))),
                draw(amounts),
                draw(st.booleans()),
                draw(st.sampled_from([60, 120, -300, 840])),
                ident,
            )
        )
        forms[ident] = draw(st.sampled_from(list(Form)))
    chosen = Settings(
        day_start_hour=draw(st.sampled_from([0, 4, 12])),
        personal_intake_limit_g=draw(st.sampled_from([None, Decimal(3), Decimal("5.5")])),
        personal_daily_limit_g=draw(st.sampled_from([None, Decimal(6), Decimal(13)])),
        max_use_days_in_row=draw(st.sampled_from([None, 1, 2, 3])),
        starting_since=draw(st.sampled_from([None, date(2026, 3, 28), date(2026, 4, 1)])),
    )
    breaks = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        # On the doses' own instants, so a break often starts or ends exactly at an intake.
        start = BASE + timedelta(minutes=draw(instants))
        until = draw(st.one_of(st.none(), instants))
        end = None if until is None else Moment.from_utc(max(start, BASE + timedelta(minutes=until)), ZONE)
        planned = draw(st.sampled_from([None, date(2026, 4, 5)]))
        breaks.append(Break(Moment.from_utc(start, ZONE), planned, end))
    return draw(st.permutations(doses)), forms, chosen, breaks


def one_by_one(
    doses: list[Dose], forms: dict[int, Form], chosen: Settings, breaks: list[Break]
) -> dict[int, tuple[Finding, ...]]:
    out = {}
    for dose in doses:
        assert dose.id is not None
        others = [d for d in doses if d.id != dose.id]
        brk = break_at(dose.at, breaks)
        out[dose.id] = evaluate(dose, forms[dose.id], others, GUIDANCE, chosen, in_break=brk)
    return out


@settings(max_examples=400, deadline=None)
@given(journals(), st.data())
def test_sweep_equals_evaluate_for_every_intake(
    journal: tuple[list[Dose], dict[int, Form], Settings, list[Break]], data: st.DataObject
) -> None:
    doses, forms, chosen, breaks = journal
    expected = one_by_one(doses, forms, chosen, breaks)
    assert sweep_findings(doses, forms, GUIDANCE, chosen, breaks) == expected
    some = data.draw(st.sets(st.sampled_from(sorted(expected))) if expected else st.just(set()))
    got = sweep_findings(doses, forms, GUIDANCE, chosen, breaks, only=some)
    assert got == {ident: expected[ident] for ident in some}


@settings(max_examples=300, deadline=None)
@given(journals())
def test_one_sweep_gives_what_each_intake_alone_gives(
    journal: tuple[list[Dose], dict[int, Form], Settings, list[Break]],
) -> None:
    doses, _forms, chosen, _breaks = journal
    hour = chosen.day_start_hour
    swept = Sweep(doses)
    tallies, highest = swept.days(hour)
    totals: dict[date, list[int]] = {}
    most: dict[date, int] = {}
    for dose in doses:  # each intake on its own: its day, and its rolling window by brute force
        day = local_day(dose.at, dose.offset_min, hour)
        row = totals.setdefault(day, [0, 0, 0, 0])
        row[0] += dose.mg or 0
        row[1] += 1
        row[2] += dose.mg is None
        row[3] |= dose.estimate
        if dose.mg is not None:
            own = rolling_total(dose.at, doses)
            most[day] = max(most.get(day, 0), own.total_mg)
            assert swept.own[1][swept.own[0].index(dose.at)] == own
            others = [d for d in doses if d.id != dose.id]
            touching = windows_touching(dose, others)
            assert swept.worst[dose.at].total_mg == max(w.total_mg for w in touching)
    assert {day: list(t) for day, t in tallies.items()} == {
        day: [r[0], r[1], r[2], bool(r[3])] for day, r in totals.items()
    }
    assert highest == most
    assert swept.runs(hour) == run_lengths(doses, chosen)
    sums, maxima = daily_sums(doses, hour)
    assert sums == daily_totals(doses, hour) and maxima == daily_max_rolling(doses, hour)


@settings(max_examples=200, deadline=None)
@given(journals(), st.integers(min_value=0, max_value=6 * 24), st.integers(min_value=0, max_value=6 * 24))
def test_a_slice_is_exact_where_it_holds_the_window_and_the_run(
    journal: tuple[list[Dose], dict[int, Form], Settings, list[Break]], a: int, b: int
) -> None:
    doses, forms, chosen, breaks = journal
    lo, hi = sorted((BASE + timedelta(hours=a), BASE + timedelta(hours=b)))
    part = [d for d in doses if lo <= d.at <= hi]
    full = one_by_one(doses, forms, chosen, breaks)
    first = min((d.at for d in doses), default=None)
    got = sweep_findings(part, forms, GUIDANCE, chosen, breaks, earliest=first)
    days = run_lengths(doses, chosen)
    part_days = run_lengths(part, chosen)
    for dose in part:
        assert dose.id is not None
        inside = lo <= dose.at - WINDOW and dose.at + WINDOW <= hi
        day = local_day(dose.at, dose.offset_min, chosen.day_start_hour)
        if inside and days.get(day) == part_days.get(day):
            assert got[dose.id] == full[dose.id]


def test_the_fullest_later_window_is_reported_and_ties_go_to_the_earliest() -> None:
    h = timedelta(hours=1)
    doses = [
        Dose(BASE, 5000, id=1),
        Dose(BASE + 2 * h, 5000, id=2),
        Dose(BASE + 4 * h, 5000, True, id=3),
        Dose(BASE + 26 * h, 5000, id=4),  # its own window: 2, 3 and 4 = 15 g, same as 3's
    ]
    worst = worst_windows(doses)
    assert worst[BASE].end == BASE + 4 * h and worst[BASE].total_mg == 15_000 and worst[BASE].estimate
    assert worst[BASE + 2 * h].end == BASE + 4 * h  # 15 g at 04:00 and at 02:00 the next day: the first
    assert worst[BASE + 26 * h].end == BASE + 26 * h and worst[BASE + 26 * h].total_mg == 10_000


def test_runs_of_use_days_follow_the_day_start() -> None:
    late = Dose(datetime(2026, 3, 8, 22, 30, tzinfo=UTC), 2000, False, 60, 1)  # 23:30 on the 8th
    early = Dose(datetime(2026, 3, 9, 0, 30, tzinfo=UTC), 2000, False, 60, 2)  # 01:30 on the 9th
    assert run_lengths([late, early], Settings()) == {date(2026, 3, 8): 2, date(2026, 3, 9): 2}
    assert run_lengths([late, early], Settings(day_start_hour=4)) == {date(2026, 3, 8): 1}


def test_an_ended_break_still_holds_what_was_taken_during_it(guidance: Guidance) -> None:
    start = Moment.from_utc(BASE, ZONE)
    ended = Break(start, date(2026, 4, 5), Moment.from_utc(BASE + timedelta(days=2), ZONE))
    during, after = Dose(BASE + timedelta(hours=3), 2000, id=1), Dose(BASE + timedelta(days=2), 2000, id=2)
    got = sweep_findings([during, after], {1: Form.POWDER, 2: Form.POWDER}, guidance, Settings(), [ended])
    (finding,) = got[1]
    assert finding.rule_id == "during-break" and finding.basis == "your break plan"
    assert "05 April, which ended on 29 March" in finding.message
    assert got[2] == ()  # the end itself is no longer during the break
    running = Break(start, date(2026, 4, 5))
    (still,) = sweep_findings([during], {1: Form.POWDER}, guidance, Settings(), [running])[1]
    assert still.message.startswith("This is during your break, planned until 05 April.")


def test_a_dose_without_an_id_is_refused(guidance: Guidance) -> None:
    with pytest.raises(ValueError, match="id"):
        sweep_findings([Dose(BASE, 1000)], {}, guidance, Settings(), [])


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return GUIDANCE
