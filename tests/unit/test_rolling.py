"""Rolling 24-hour totals agree with a brute-force sum over (t - 24 h, t]."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from journal.domain.guidance import WINDOW, Dose, rolling_total, windows_touching
from journal.domain.stats import daily_max_rolling, rolling_totals
from journal.domain.times import local_day

BASE = datetime(2026, 3, 27, 0, 0, tzinfo=UTC)

# Minutes from BASE: a few fixed instants make duplicates and exact 24-hour gaps
# likely; the rest spread over five days.
instants = st.one_of(
    st.sampled_from([0, 60, 24 * 60, 24 * 60 + 1, 48 * 60, 23 * 60 + 59]),
    st.integers(min_value=0, max_value=5 * 24 * 60),
)
amounts = st.one_of(st.none(), st.integers(min_value=1, max_value=20_000))


@st.composite
def dose_lists(draw: st.DrawFn, max_size: int = 25) -> list[Dose]:
    n = draw(st.integers(min_value=0, max_value=max_size))
    out = []
    for i in range(n):
        minutes = draw(instants)
        seconds = draw(st.sampled_from([0, 0, 0, 59]))
        out.append(
            Dose(
                BASE + timedelta(minutes=minutes, seconds=seconds),
                draw(amounts),
                draw(st.booleans()),
                draw(st.sampled_from([60, 120, -300])),
                i + 1,
            )
        )
    return out


def brute(at: datetime, doses: list[Dose]) -> int:
    return sum(d.mg for d in doses if d.mg is not None and at - WINDOW < d.at <= at)


def brute_estimate(at: datetime, doses: list[Dose]) -> bool:
    return any(d.estimate for d in doses if d.mg is not None and at - WINDOW < d.at <= at)


@given(doses=dose_lists())
def test_rolling_totals_match_brute_force(doses: list[Dose]) -> None:
    result = rolling_totals(doses)
    counted = [d for d in doses if d.mg is not None]
    assert sorted(d.id or 0 for d, _ in result) == sorted(d.id or 0 for d in counted)
    assert [d.at for d, _ in result] == sorted(d.at for d in counted)
    for d, total in result:
        assert total == brute(d.at, doses)


@given(doses=dose_lists(), at=instants)
def test_rolling_total_matches_brute_force(doses: list[Dose], at: int) -> None:
    end = BASE + timedelta(minutes=at)
    window = rolling_total(end, doses)
    assert window.total_mg == brute(end, doses)
    assert window.estimate == brute_estimate(end, doses)


@given(
    history=dose_lists(), new_at=instants, new_mg=st.integers(1, 20_000), edit=st.booleans(), data=st.data()
)
def test_windows_touching_match_brute_force(
    history: list[Dose], new_at: int, new_mg: int, edit: bool, data: st.DataObject
) -> None:
    new_id = None
    if edit and history:
        new_id = data.draw(st.sampled_from([d.id for d in history]))
    new = Dose(BASE + timedelta(minutes=new_at), new_mg, data.draw(st.booleans()), 60, new_id)
    journal = [d for d in history if new_id is None or d.id != new_id] + [new]
    windows = windows_touching(new, history)

    ends = sorted({d.at for d in journal if d.mg is not None and new.at <= d.at < new.at + WINDOW})
    assert [w.end for w in windows] == ends
    for w in windows:
        assert w.total_mg == brute(w.end, journal)
        assert w.estimate == brute_estimate(w.end, journal)
        assert w.total_mg >= new_mg  # every one of them contains the new intake
    # No window that contains the new intake and ends at an intake is left out.
    best = max(brute(d.at, journal) for d in journal if d.mg is not None and new.at <= d.at < new.at + WINDOW)
    assert max(w.total_mg for w in windows) == best


@given(doses=dose_lists(), start=st.integers(min_value=0, max_value=12))
def test_daily_max_rolling_matches_brute_force(doses: list[Dose], start: int) -> None:
    expected: dict[date, int] = {}
    for d in doses:
        if d.mg is not None:
            day = local_day(d.at, d.offset_min, start)
            expected[day] = max(expected.get(day, 0), brute(d.at, doses))
    assert daily_max_rolling(doses, start) == expected
