"""Charts: the prepared data (bands, breaks, days, strips, averages) and what the builders draw.

No Qt here: figures are plain `matplotlib.figure.Figure`s drawn with Agg, and
the checks read the artists' data, not pixels.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from journal import charts, resources
from journal.charts.amount import MARK_ESTIMATES_AFTER, build_amount
from journal.charts.common import day_at, day_numbers, time_numbers
from journal.charts.data.amount import amount_data, prepare_amount
from journal.charts.data.common import bands, first_days, journal_today
from journal.charts.data.pain import pain_data
from journal.charts.data.symptoms import symptom_data
from journal.charts.data.use import trailing_average, use_data
from journal.charts.pain import build_pain
from journal.charts.style import DARK, LIGHT, PRINT, ChartStyle, luminance, style_for
from journal.charts.symptoms import build_symptoms
from journal.charts.use import build_use
from journal.domain.entities import Break, Form, PainCheckin, Product, Settings
from journal.domain.guidance import Dose, parse_guidance
from journal.domain.periods import Period, PeriodKind, period_for
from journal.domain.stats import DayTotal, daily_max_rolling, daily_sums, daily_totals
from journal.domain.times import Fold, Moment, resolve_local
from journal.service.demo import generate, write_demo
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

# -- helpers -----------------------------------------------------------------------------------


def at(*args: int, fold: Fold = Fold.ASK) -> Moment:
    """A Berlin wall-clock time."""
    return resolve_local(datetime(*args), ZONE, fold)  # type: ignore[arg-type]


def log(journal: Journal, amount: str, when: Moment, **kwargs: Any) -> None:
    journal.log_intake(IntakeDraft(amount, when, **kwargs))


def drawn(fig: Figure) -> Figure:
    """Draw with Agg, as the window and the PDF would."""
    FigureCanvasAgg(fig).draw()
    return fig


def by_gid(fig: Figure, gid: str) -> list[Any]:
    return [a for a in fig.findobj() if a.get_gid() == gid]


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def x_extents(collection: PolyCollection) -> list[float]:
    """Left and right edges of each polygon, flattened."""
    return [float(f(p.vertices[:, 0])) for p in collection.get_paths() for f in (np.min, np.max)]


@pytest.fixture
def late_clock(clock: FakeClock) -> Iterator[FakeClock]:
    """A clock late in 2026, so both clock changes of the year lie in the past."""
    clock.now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    yield clock


# -- periods and style -----------------------------------------------------------------------


def test_periods_end_today_and_all_starts_at_the_first_entry() -> None:
    today = date(2026, 3, 10)
    assert period_for(PeriodKind.DAYS_7, today) == Period(date(2026, 3, 4), today, PeriodKind.DAYS_7)
    assert period_for(PeriodKind.DAYS_30, today).days == 30
    assert period_for(PeriodKind.DAYS_90, today).days == 90
    assert period_for(PeriodKind.YEAR, today).days == 365
    assert period_for(PeriodKind.ALL, today, first_day=date(2016, 3, 11)).start == date(2016, 3, 11)
    custom = period_for(PeriodKind.CUSTOM, today, start=date(2026, 2, 10), end=date(2026, 2, 1))
    assert (custom.start, custom.end) == (date(2026, 2, 1), date(2026, 2, 10))
    with pytest.raises(ValueError):
        period_for(PeriodKind.CUSTOM, today)
    assert Period(date(2026, 3, 4), today).text == "4 Mar – 10 Mar 2026"


def test_long_periods_are_binned_by_week_from_monday() -> None:
    year = Period(date(2025, 3, 11), date(2026, 3, 10))
    assert year.bin_days == 1 and len(year.edges()) == 366
    ten = Period(date(2016, 3, 11), date(2026, 3, 10))  # 11 Mar 2016 was a Friday
    edges = ten.edges()
    assert ten.bin_days == 7
    assert edges[0] == date(2016, 3, 11) and edges[1] == date(2016, 3, 14)
    assert all(e.weekday() == 0 for e in edges[1:-1])
    assert all((b - a).days == 7 for a, b in pairwise(edges[1:-1]))
    assert edges[-1] == date(2026, 3, 11)


def test_light_and_dark_style_follow_the_window_colour() -> None:
    assert style_for("#202020").dark and style_for("#202020").background == "#202020"
    assert not style_for("#efefef").dark
    assert style_for("#ffffff", "#fafafa").plot_background == "#fafafa"
    # Text stands out on its own background in both looks.
    for style in (LIGHT, DARK):
        dark, light = sorted((luminance(style.text), luminance(style.plot_background)))
        assert (light + 0.05) / (dark + 0.05) > 7


# -- the cited bands --------------------------------------------------------------------------


def test_bands_come_from_the_guidance_data() -> None:
    starting, upper = bands(resources.guidance())
    assert (starting.low_mg, starting.high_mg) == (1000, 5000)
    assert (upper.low_mg, upper.high_mg) == (12_000, 15_000)
    assert upper.label == "cited upper limit 12–15 g in 24 h (Side effects, dosage and regulation)"
    assert resources.guidance().upper.citations[0].file == "002_8d8250643712a73f.txt", "named by its title"
    assert starting.label.startswith("cited starting dose 1–5 g per intake (")


def _modified_guidance(low: str, high: str) -> Any:
    raw = json.loads(resources.path("guidance", "rules.json").read_text(encoding="utf-8"))
    for rule in raw["rules"]:
        if rule["id"] == "upper-limit-24h":
            rule["low"], rule["high"] = low, high
            rule["citations"][0]["file"] = "099_changed.txt"
    return parse_guidance(raw)


def test_a_changed_guidance_file_moves_the_drawn_band(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "guidance", _modified_guidance("10", "13.5"))
    log(journal, "2", at(2026, 3, 5, 9, 0))  # the starting dose is drawn beside the intakes
    data = amount_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10)))
    assert (data.upper.low_mg, data.upper.high_mg) == (10_000, 13_500)
    fig = Figure()
    build_amount(fig, data, LIGHT)
    drawn(fig)
    (band,) = by_gid(fig, "band-upper")
    ys = band.get_path().transformed(band.get_patch_transform()).vertices[:, 1]
    assert (float(ys.min()), float(ys.max())) == (10.0, 13.5)
    legend = "\n".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "cited limit 10–13.5 g in 24 h" in legend
    (note,) = by_gid(fig, "note")
    assert "cited ranges: “099_changed.txt”" in note.get_text(), "a source not in the list goes by its file"
    (start_band,) = by_gid(fig, "band-starting")
    ys = start_band.get_path().transformed(start_band.get_patch_transform()).vertices[:, 1]
    assert (float(ys.min()), float(ys.max())) == (1.0, 5.0)


# -- daily sums ---------------------------------------------------------------------------------

BASE = datetime(2026, 3, 28, 20, tzinfo=UTC)

doses_strategy = st.lists(
    st.builds(
        lambda minutes, mg, estimate, offset: Dose(BASE + timedelta(minutes=minutes), mg, estimate, offset),
        st.integers(0, 4 * 24 * 60).map(lambda m: m - m % 30),  # on the half hour: many ties, exact 24 h
        st.one_of(st.none(), st.integers(1, 20_000)),
        st.booleans(),
        st.sampled_from([60, 120, -300, 330]),
    ),
    max_size=60,
)


@given(doses=doses_strategy, hour=st.sampled_from([0, 4, 12]))
def test_daily_sums_agree_with_the_domain_statistics(doses: list[Dose], hour: int) -> None:
    totals, maxima = daily_sums(doses, hour)
    assert totals == daily_totals(doses, hour)
    assert maxima == daily_max_rolling(doses, hour)


def test_daily_sums_agree_on_years_of_demo_entries() -> None:
    doses = generate(2, 5, datetime(2026, 3, 10, 12, tzinfo=UTC), ZONE).doses()
    for hour in (0, 5):
        totals, maxima = daily_sums(doses, hour)
        assert totals == daily_totals(doses, hour)
        assert maxima == daily_max_rolling(doses, hour)


# -- daily amount -----------------------------------------------------------------------------


def test_breaks_shade_exactly_their_time_and_days(journal: Journal, clock: FakeClock) -> None:
    store = journal._store
    kept = store.start_break(Break(at(2026, 3, 3, 20, 0), planned_end=date(2026, 3, 6)))
    assert kept.id is not None
    store.end_break(kept.id, at(2026, 3, 6, 9, 0))
    old = store.start_break(Break(at(2026, 1, 1, 10, 0)))
    assert old.id is not None
    store.end_break(old.id, at(2026, 1, 5, 10, 0))  # before the period: not drawn
    store.start_break(Break(at(2026, 3, 8, 10, 0)))  # running until now
    period = Period(date(2026, 3, 1), date(2026, 3, 10))

    data = amount_data(journal, period)
    first, running = data.breaks
    assert (first.first_day, first.last_day) == (date(2026, 3, 3), date(2026, 3, 6))
    assert [d for d in period.all_days() if first.covers(d)] == [date(2026, 3, d) for d in (3, 4, 5, 6)]
    assert first.kept is True and not first.running
    assert running.running and running.end == datetime(2026, 3, 10, 13, 0)  # now, in Berlin
    assert [d for d in period.all_days() if running.covers(d)] == [date(2026, 3, d) for d in (8, 9, 10)]

    fig = Figure()
    build_amount(fig, data, LIGHT)
    drawn(fig)
    (shade,) = by_gid(fig, "breaks")
    expected = time_numbers(
        [
            datetime(2026, 3, 3, 20),
            datetime(2026, 3, 6, 9),
            datetime(2026, 3, 8, 10),
            datetime(2026, 3, 10, 13),
        ]
    )
    assert x_extents(shade) == pytest.approx(list(expected))
    assert "break" in [t.get_text() for t in fig.legends[0].get_texts()]
    assert "during a break (kept to its goal)" in (data.describe(date(2026, 3, 4)) or "")
    assert "during a break" not in (data.describe(date(2026, 3, 7)) or "")


def test_a_break_across_the_period_start_is_clipped_and_day_start_hour_counts(journal: Journal) -> None:
    journal.save_settings(Settings(day_start_hour=4))
    brk = journal._store.start_break(Break(at(2026, 2, 20, 12, 0)))
    assert brk.id is not None
    journal._store.end_break(brk.id, at(2026, 3, 3, 2, 30))  # 02:30 belongs to journal day 2 March
    data = amount_data(journal, Period(date(2026, 3, 1), date(2026, 3, 10)))
    (span,) = data.breaks
    assert span.start == datetime(2026, 3, 1, 0, 0)
    assert span.last_day == date(2026, 3, 2)


def test_a_dst_day_is_one_bar(journal: Journal, late_clock: FakeClock) -> None:
    # Spring: 29 March 2026 has 23 hours in Berlin; autumn: 25 October has 25.
    log(journal, "2", at(2026, 3, 29, 1, 30))  # +01:00
    log(journal, "3", at(2026, 3, 29, 3, 30))  # +02:00
    log(journal, "1.5", at(2026, 3, 29, 23, 30))
    log(journal, "2", at(2026, 10, 25, 2, 30, fold=Fold.EARLIER))  # +02:00
    log(journal, "2.5", at(2026, 10, 25, 2, 30, fold=Fold.LATER))  # +01:00
    log(journal, "1", at(2026, 10, 26, 0, 30))
    spring = amount_data(journal, Period(date(2026, 3, 28), date(2026, 3, 30)))
    assert [(d.day, d.mg, d.intakes) for d in spring.days] == [(date(2026, 3, 29), 6500, 3)]
    autumn = amount_data(journal, Period(date(2026, 10, 24), date(2026, 10, 26)))
    assert [(d.day, d.mg) for d in autumn.days] == [(date(2026, 10, 25), 4500), (date(2026, 10, 26), 1000)]
    # The SQL sums agree with the ones drawn.
    sql = journal.entries.daily_totals(0, date(2026, 10, 24), date(2026, 10, 26))
    assert {d: t.mg for d, t in sql.items()} == {d.day: d.mg for d in autumn.days}

    fig = Figure()
    build_amount(fig, spring, LIGHT)
    drawn(fig)
    (bars,) = by_gid(fig, "bars")
    (path,) = bars.get_paths()
    left, right = day_numbers([date(2026, 3, 29), date(2026, 3, 30)])
    xs, ys = path.vertices[:, 0], path.vertices[:, 1]
    assert left < xs.min() < xs.max() < right
    assert float(ys.max()) == pytest.approx(6.5)


def test_days_with_an_estimate_are_hatched_and_named(journal: Journal) -> None:
    extract = journal.products.add(Product("Extract", leaf_factor=Decimal(10)))
    log(journal, "5", at(2026, 3, 8, 9, 0))
    log(journal, "0.5", at(2026, 3, 9, 9, 0), form=Form.EXTRACT, product_id=extract.id)
    log(journal, "4", at(2026, 3, 10, 9, 0), estimate=True)
    data = amount_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10)))
    assert [(d.day.day, d.mg, d.estimate) for d in data.days] == [
        (8, 5000, False),
        (9, 5000, True),
        (10, 4000, True),
    ]
    # 24 hours apart exactly: the window (t - 24 h, t] leaves the earlier intake out.
    assert data.describe(date(2026, 3, 9)) == "Mon 9 Mar 2026: 5 g, max 24 h 5 g, includes an estimate"
    fig = Figure()
    build_amount(fig, data, LIGHT)
    drawn(fig)
    (plain,) = by_gid(fig, "bars")
    (estimated,) = by_gid(fig, "bars-estimate")
    assert len(plain.get_paths()) == 1 and len(estimated.get_paths()) == 2
    assert estimated.get_hatch() == "////"
    assert "includes an estimate" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_rolling_maxima_and_personal_limit_are_drawn(journal: Journal) -> None:
    journal.save_settings(Settings(personal_daily_limit_g=Decimal("10")))
    log(journal, "8", at(2026, 3, 8, 20, 0))
    log(journal, "6", at(2026, 3, 9, 8, 0))  # 14 g in the 24 hours up to here
    data = amount_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10)))
    assert [(d.day.day, d.max_rolling_mg) for d in data.days] == [(8, 8000), (9, 14_000)]
    assert data.describe(date(2026, 3, 9)) == "Mon 9 Mar 2026: 6 g, max 24 h 14 g"
    assert data.describe(date(2026, 3, 7)) == "Sat 7 Mar 2026: no intake logged"
    assert "rolling 24 h total above 12 g on 1 day" in data.summary
    fig = Figure()
    build_amount(fig, data, LIGHT)
    drawn(fig)
    # 14 g within 24 hours ended on the 9th: marked along the top, not drawn on the grams axis.
    (within,) = by_gid(fig, "window-within")
    assert [day_at(x) for x in within.get_xdata()] == [date(2026, 3, 9)]
    assert by_gid(fig, "window-over") == []
    (limit,) = by_gid(fig, "personal-limit")
    assert list(limit.get_ydata()) == [10.0, 10.0]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "your limit 10 g per 24 h" in legend and "24 h total 12–15 g" in legend


def test_weekly_bars_average_each_week() -> None:
    period = Period(date(2024, 1, 3), date(2026, 1, 4))  # a Wednesday; weeks from Monday 8 Jan
    totals = {
        date(2024, 1, 3): DayTotal(date(2024, 1, 3), 5000, 1),
        date(2024, 1, 8): DayTotal(date(2024, 1, 8), 7000, 1, estimate=True),
        date(2024, 1, 10): DayTotal(date(2024, 1, 10), 7000, 2),
    }
    rolling = {date(2024, 1, 3): 5000, date(2024, 1, 8): 7000, date(2024, 1, 10): 9000}
    data = prepare_amount(period, totals, rolling, resources.guidance())
    first, second = data.bins
    assert (first.start, first.days, first.mg, first.use_days) == (date(2024, 1, 3), 5, 1000, 1)
    assert (second.start, second.days, second.mg, second.max_rolling_mg, second.estimate) == (
        date(2024, 1, 8),
        7,
        2000,
        9000,
        True,
    )
    assert data.describe(date(2024, 1, 9)) == (
        "8 Jan – 14 Jan 2024: 2 g a day on average (2 of 7 days with intakes), max 24 h 9 g, "
        "includes an estimate"
    )
    fig = Figure()
    build_amount(fig, data, DARK)
    drawn(fig)
    assert "by week" in fig.axes[0].get_title(loc="left")


# -- symptoms ------------------------------------------------------------------------------------


def test_symptom_strips_hold_the_worst_rating_per_day(journal: Journal) -> None:
    journal.log_symptom("nausea", 2, at(2026, 3, 8, 8, 0))
    journal.log_symptom("nausea", 3, at(2026, 3, 8, 20, 0))
    journal.log_symptom("nausea", 1, at(2026, 3, 9, 8, 0))
    journal.log_symptom("dry-skin", 0, at(2026, 3, 9, 8, 0))
    journal.log_symptom("hair-shedding", 1, at(2026, 3, 10, 8, 0))
    journal.log_symptom("itching", 4, at(2026, 2, 1, 8, 0))  # before the period
    period = Period(date(2026, 3, 7), date(2026, 3, 10))
    data = symptom_data(journal, period)
    assert [(r.info.key, r.values) for r in data.rows] == [
        ("hair-shedding", (None, None, None, 1)),
        ("dry-skin", (None, None, 0, None)),
        ("nausea", (None, 3, 1, None)),
    ]
    assert [line if isinstance(line, str) else line.info.key for line in data.lines()] == [
        "Hair",
        "hair-shedding",
        "Skin",
        "dry-skin",
        "Digestive",
        "nausea",
    ]
    assert data.describe(date(2026, 3, 8), 5) == "Sun 8 Mar 2026 · Nausea: severe"
    assert data.describe(date(2026, 3, 9), 3) == "Mon 9 Mar 2026 · Dry skin: none"
    assert data.describe(date(2026, 3, 7), 3) == "Sat 7 Mar 2026 · Dry skin: not rated"
    assert data.describe(date(2026, 3, 8), 0) is None  # a category name

    fig = Figure()
    build_symptoms(fig, data, LIGHT)
    drawn(fig)
    (mesh,) = by_gid(fig, "strips")
    cells = np.ma.masked_invalid(mesh.get_array()).reshape(6, 4)
    assert cells.mask[0].all() and cells.mask[2].all()  # category rows are empty
    assert cells[5].tolist() == [None, 3, 1, None]
    assert cells[3].tolist() == [None, None, 0, None]
    (bar,) = by_gid(fig, "colour-bar")
    assert [tuple(c) for c in bar.get_facecolors()] == [to_rgba(c) for c in LIGHT.severity]
    words = [t.get_text() for t in by_gid(fig, "colour-bar-label")]
    assert words == ["0 none", "1 mild", "2 moderate", "3 severe", "4 extreme"]
    labels = [t.get_text() for t in by_gid(fig, "row-label")]
    assert labels == ["Hair", "Hair shedding", "Skin", "Dry skin", "Digestive", "Nausea"]


# -- pain ----------------------------------------------------------------------------------------------


def test_pain_seven_day_averages(journal: Journal) -> None:
    journal.log_pain(PainCheckin(at(2026, 2, 28, 9, 0), 8))  # before the period, counts for 1-6 March
    journal.log_pain(PainCheckin(at(2026, 3, 2, 9, 0), 2, peg=(3, 3, 3)))
    journal.log_pain(PainCheckin(at(2026, 3, 2, 21, 0), 4))
    journal.log_pain(PainCheckin(at(2026, 3, 9, 9, 0), 6, peg=(6, 6, 9)))
    period = Period(date(2026, 3, 1), date(2026, 3, 10))
    data = pain_data(journal, period)
    assert [s.pain_now for s in data.samples] == [2, 4, 6]
    avg = dict(zip(data.days, data.pain_avg7, strict=True))
    assert avg[date(2026, 3, 1)] == 8
    assert avg[date(2026, 3, 2)] == pytest.approx((8 + 2 + 4) / 3)
    assert avg[date(2026, 3, 6)] == pytest.approx((8 + 2 + 4) / 3)
    assert avg[date(2026, 3, 7)] == pytest.approx(3)  # 28 Feb is out of the window
    assert avg[date(2026, 3, 9)] == pytest.approx(6)  # 2 March is out of it
    peg = dict(zip(data.days, data.peg_avg7, strict=True))
    assert peg[date(2026, 3, 1)] is None and peg[date(2026, 3, 2)] == 3 and peg[date(2026, 3, 9)] == 7
    assert data.describe(date(2026, 3, 2)) == (
        "Mon 2 Mar 2026: pain now 2, 4, PEG 3.0 · 7-day averages: pain 4.7, PEG 3.0"
    )

    fig = Figure()
    build_pain(fig, data, DARK)
    drawn(fig)
    (points,) = by_gid(fig, "pain-points")
    assert list(points.get_ydata()) == [2, 4, 6]
    assert list(points.get_xdata()) == pytest.approx(
        list(time_numbers([datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 21), datetime(2026, 3, 9, 9)]))
    )
    (line,) = by_gid(fig, "pain-average")
    assert np.asarray(line.get_ydata())[1] == pytest.approx((8 + 2 + 4) / 3)
    assert fig.axes[0].get_ylim() == pytest.approx((-0.3, 10.3))


def test_withdrawal_totals_over_time_with_breaks_and_no_bands(journal: Journal, clock: FakeClock) -> None:
    from journal.charts.data.withdrawal import withdrawal_data
    from journal.charts.withdrawal import build_withdrawal
    from journal.domain.withdrawal import WithdrawalScore

    clock.now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    journal.start_break(None, "reset")
    clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    for day, value in ((5, 3), (2, 1), (7, 2)):
        journal.log_withdrawal(WithdrawalScore(at(2026, 3, day, 9, 0), (value,) * 16))
    journal.log_withdrawal(WithdrawalScore(at(2026, 2, 20, 9, 0), (4,) * 16))  # outside the period
    period = Period(date(2026, 3, 1), date(2026, 3, 10))
    data = withdrawal_data(journal, period)
    assert [p.total for p in data.points] == [16, 48, 32]
    assert data.summary == (
        "3 scored withdrawal check-ins (SOWS, 0 to 64): first 16 (Mon 2 Mar 2026), "
        "last 32 (Sat 7 Mar 2026), highest 48 (Thu 5 Mar 2026)."
    )
    assert (data.describe(date(2026, 3, 5)) or "").startswith("Thu 5 Mar 2026: SOWS total 48 of 64 · ")
    assert data.describe(date(2026, 3, 3)) == "Tue 3 Mar 2026: no scored check-in"

    fig = Figure()
    build_withdrawal(fig, data, LIGHT)
    drawn(fig)
    (line,) = by_gid(fig, "sows-totals")
    assert list(line.get_ydata()) == [16, 48, 32]
    assert by_gid(fig, "breaks")
    ax = fig.axes[0]
    assert ax.get_ylim() == pytest.approx((-1, 65))
    assert not [p for p in ax.patches if p.get_gid() != "breaks"]  # no bands on the total


def test_an_empty_withdrawal_chart_says_how_to_add_one(journal: Journal) -> None:
    from journal.charts.data.withdrawal import withdrawal_data
    from journal.charts.withdrawal import build_withdrawal

    period = Period(date(2026, 3, 1), date(2026, 3, 10))
    data = withdrawal_data(journal, period)
    assert data.empty and data.summary.startswith("No scored withdrawal check-ins (SOWS) in the period ")
    fig = Figure()
    build_withdrawal(fig, data, DARK)
    drawn(fig)
    words = " ".join(" ".join(t.get_text() for t in fig.findobj(Text)).split())
    assert "Withdrawal check-in (Ctrl+Shift+W)" in words


# -- use against symptoms --------------------------------------------------------------------------


def test_use_averages_over_7_and_30_days_from_the_first_intake(journal: Journal) -> None:
    for day in range(1, 8):  # 7 g a day on 1-7 March, nothing after
        log(journal, "7", at(2026, 3, day, 9, 0))
    journal.log_symptom("hair-shedding", 1, at(2026, 3, 5, 9, 0))
    journal.log_symptom("hair-shedding", 3, at(2026, 3, 5, 19, 0))
    journal.log_symptom("nausea", 2, at(2026, 3, 6, 9, 0))
    journal.log_symptom("nausea", 1, at(2026, 3, 7, 9, 0))
    period = Period(date(2026, 2, 27), date(2026, 3, 10))
    data = use_data(journal, period)
    avg7 = dict(zip(data.days, data.avg7_mg, strict=True))
    avg30 = dict(zip(data.days, data.avg30_mg, strict=True))
    assert avg7[date(2026, 2, 28)] is None  # before the first intake
    assert avg7[date(2026, 3, 7)] == 7000 and avg30[date(2026, 3, 7)] == 7000
    assert avg7[date(2026, 3, 10)] == pytest.approx(4 * 7000 / 7)
    assert avg30[date(2026, 3, 10)] == pytest.approx(49_000 / 10)
    # Nausea was rated on more days, so it is chosen first; both are offered.
    assert data.symptom is not None and data.symptom.key == "nausea"
    assert [c.key for c in data.choices] == ["hair-shedding", "nausea"]
    shedding = use_data(journal, period, "hair-shedding")
    assert dict(zip(shedding.days, shedding.severity, strict=True))[date(2026, 3, 5)] == 3
    assert shedding.describe(date(2026, 3, 5)) == (
        "Thu 5 Mar 2026: Hair shedding severe, 7-day average 7 g a day, 30-day average 7 g a day"
    )
    # The first day can be given (the Charts page knows it): the same numbers.
    given = use_data(journal, period, "hair-shedding", first_day=date(2026, 3, 1))
    assert given == shedding

    fig = Figure()
    build_use(fig, shedding, LIGHT)
    drawn(fig)
    _main, right = fig.axes
    (seven,) = by_gid(fig, "average-7")
    values = dict(zip(shedding.days, np.asarray(seven.get_ydata()), strict=True))
    assert values[date(2026, 3, 10)] == pytest.approx(4.0)
    (severity,) = by_gid(fig, "severity")
    assert list(severity.get_ydata()) == [3.0]
    assert [t.get_text() for t in right.get_yticklabels()] == [
        "none",
        "mild",
        "moderate",
        "severe",
        "extreme",
    ]


def test_trailing_average_with_the_journal_starting_later() -> None:
    days = [date(2026, 1, d) for d in range(1, 11)]
    totals = {date(2026, 1, 5): 3000, date(2026, 1, 6): 1000}
    assert trailing_average(totals, days, 7, date(2026, 1, 5)) == (
        None,
        None,
        None,
        None,
        3000,
        2000,
        2000 * 2 / 3,
        1000,
        800,
        4000 / 6,
    )
    assert trailing_average(totals, days, 7, None) == (None,) * 10


# -- every chart, empty and full ----------------------------------------------------------------------

BUILDERS: dict[str, tuple[Callable[..., Any], Callable[..., None]]] = {
    "amount": (amount_data, build_amount),
    "symptoms": (symptom_data, build_symptoms),
    "pain": (pain_data, build_pain),
    "use": (use_data, build_use),
}


@pytest.mark.parametrize("chart", sorted(BUILDERS))
@pytest.mark.parametrize("style", [LIGHT, DARK], ids=["light", "dark"])
def test_an_empty_period_says_so_and_what_to_do(journal: Journal, chart: str, style: ChartStyle) -> None:
    load, build = BUILDERS[chart]
    data = load(journal, period_for(PeriodKind.DAYS_30, journal_today(journal)))
    assert data.empty
    assert data.summary.startswith("No ")
    fig = Figure(figsize=(8, 5))
    build(fig, data, style)
    drawn(fig)
    (message,) = by_gid(fig, "empty-message")
    assert message.get_text().startswith(("No ", "Nothing"))
    assert "Ctrl+" in message.get_text() and "period" in message.get_text()
    assert fig.axes and fig.axes[0].get_gid() == "main"
    if chart == "symptoms":
        assert data.describe(date(2026, 3, 5), 0) is None  # no rows to point at
    else:
        assert (data.describe(date(2026, 3, 5)) or "").startswith("Thu 5 Mar 2026: ")


@pytest.fixture(scope="module")
def demo_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    """Two years of demonstration entries (long enough for weekly bars)."""
    end = datetime(2026, 3, 10, 12, tzinfo=UTC)
    journal = Journal.open(tmp_path_factory.mktemp("demo"), zone=ZONE, clock=lambda: end)
    write_demo(journal, generate(2, 11, end, ZONE))
    yield journal
    journal.close()


@pytest.mark.parametrize("kind", [PeriodKind.DAYS_7, PeriodKind.DAYS_90, PeriodKind.ALL])
@pytest.mark.parametrize("chart", sorted(BUILDERS))
def test_every_chart_draws_a_demo_journal(demo_journal: Journal, chart: str, kind: PeriodKind) -> None:
    load, build = BUILDERS[chart]
    first = first_days(demo_journal)
    period = period_for(kind, journal_today(demo_journal), first_day=first.entry)
    data = load(demo_journal, period)
    assert not data.empty
    fig = Figure(figsize=(9, 5))
    build(fig, data, LIGHT)
    drawn(fig)
    main = fig.axes[0]
    assert main.get_gid() == "main"
    left, right = main.get_xlim()
    assert (left, right) == tuple(day_numbers([period.start, period.end + timedelta(days=1)]))
    assert day_at(left) == period.start
    assert not by_gid(fig, "empty-message")
    assert period.text in main.get_title(loc="left")
    if chart == "amount":
        bars = by_gid(fig, "bars") + by_gid(fig, "bars-estimate")
        assert sum(len(b.get_paths()) for b in bars) == len(data.bins)
        marked = by_gid(fig, "estimate-marks")
        hatched = [b for b in by_gid(fig, "bars-estimate") if b.get_hatch()]
        if any(b.estimate for b in data.bins):
            assert bool(marked) == (len(data.bins) > MARK_ESTIMATES_AFTER)
            assert bool(hatched) == (len(data.bins) <= MARK_ESTIMATES_AFTER)
    elif chart == "symptoms":
        (mesh,) = by_gid(fig, "strips")
        assert mesh.get_array().size == len(data.lines()) * (len(data.edges) - 1)
    elif chart == "pain":
        (points,) = by_gid(fig, "pain-points")
        assert len(points.get_xdata()) == len(data.samples)
    else:
        (line,) = by_gid(fig, "average-30")
        assert len(line.get_xdata()) == period.days
    # Every series is named: in a legend, or (symptoms) by row names and a colour bar.
    assert fig.legends or chart == "symptoms"


def test_date_ticks_are_never_crowded(demo_journal: Journal) -> None:
    first = first_days(demo_journal)
    for kind in (PeriodKind.DAYS_7, PeriodKind.DAYS_30, PeriodKind.YEAR, PeriodKind.ALL):
        for width in (5, 12):
            period = period_for(kind, journal_today(demo_journal), first_day=first.entry)
            fig = Figure(figsize=(width, 4))
            build_amount(fig, amount_data(demo_journal, period), LIGHT)
            drawn(fig)
            labels = [t for t in fig.axes[-1].get_xticklabels(which="both") if t.get_text()]
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
            assert 2 <= len(boxes) <= 10
            assert all(a.x1 < b.x0 for a, b in pairwise(boxes)), (kind, width)


@pytest.mark.parametrize("chart", sorted(BUILDERS))
def test_the_legend_fits_the_figure_at_every_width(demo_journal: Journal, chart: str) -> None:
    """As many columns as fit, as matplotlib fills them (numpy's array_split): never clipped at a side."""
    load, build = BUILDERS[chart]
    first = first_days(demo_journal)
    data = load(
        demo_journal, period_for(PeriodKind.DAYS_30, journal_today(demo_journal), first_day=first.entry)
    )
    for width in (5.5, 6.5, 7.4, 8.2, 9.3, 11, 13.5):
        fig = Figure(figsize=(width, 4.5), dpi=100)
        build(fig, data, LIGHT)
        drawn(fig)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        for legend in fig.legends:
            box = legend.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (chart, width, box.x0, box.x1, fig.bbox.width)


def test_charts_import_no_qt_and_the_data_module_no_matplotlib() -> None:
    code = (
        "import json, sys\n"
        "import journal.charts.data.amount, journal.charts.data.symptoms, journal.charts.data.pain\n"
        "import journal.charts.data.use, journal.charts.style\n"
        "light = sorted(m for m in sys.modules if m.startswith(('matplotlib', 'PySide6')))\n"
        "import journal.charts.amount, journal.charts.symptoms, journal.charts.pain, journal.charts.use\n"
        "qt = ('PySide6', 'shiboken6', 'matplotlib.pyplot')\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(qt))\n"
        "print(json.dumps([light, heavy]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    light, heavy = json.loads(out.stdout)
    assert light == [] and heavy == []


def test_chart_modules_import_no_pyplot_and_no_qt() -> None:
    folder = Path(charts.__file__).parent
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                assert "pyplot" not in name and not name.startswith(("PySide6", "journal.ui")), path.name


def test_each_panel_holds_one_statistic_and_the_guidance_that_speaks_to_it(journal: Journal) -> None:
    log(journal, "7", at(2026, 3, 5, 8, 0))
    log(journal, "6.5", at(2026, 3, 5, 20, 0))  # 13.5 g that day: inside the cited 24-hour range
    log(journal, "2", at(2026, 3, 7, 9, 0), estimate=True)
    week = Period(date(2026, 3, 4), date(2026, 3, 10))
    fig = drawn(_amount_figure(amount_data(journal, week)))
    per_day, per_intake = fig.axes
    assert per_day.get_ylabel() == "grams a day" and per_intake.get_ylabel() == "g per intake"
    (upper,) = by_gid(fig, "band-upper")
    (starting,) = by_gid(fig, "band-starting")
    assert upper.axes is per_day and starting.axes is per_intake, "per-day limit by the days, dose by intakes"
    (exact,) = by_gid(fig, "intakes")
    (estimated,) = by_gid(fig, "intakes-estimate")
    assert list(exact.get_ydata()) == [7.0, 6.5] and list(estimated.get_ydata()) == [2.0]
    assert per_intake.get_shared_x_axes().joined(per_day, per_intake)
    assert per_day.get_position().y0 > per_intake.get_position().y1, "stacked, not twinned"

    year = Period(date(2025, 3, 11), date(2026, 3, 10))
    fig = drawn(_amount_figure(amount_data(journal, year)))
    assert len(fig.axes) == 1 and by_gid(fig, "band-starting") == [], "no per-intake dose on a year of days"
    assert by_gid(fig, "band-upper")[0].axes is fig.axes[0]


def _amount_figure(data: Any) -> Figure:
    fig = Figure(figsize=(9, 4.5))
    build_amount(fig, data, LIGHT)
    return fig


def test_use_and_a_symptom_are_two_panels_on_one_time_axis(journal: Journal) -> None:
    log(journal, "5", at(2026, 3, 5, 8, 0))
    journal.log_symptom("dry-skin", 2, at(2026, 3, 6, 9, 0))
    period = Period(date(2026, 3, 4), date(2026, 3, 10))
    fig = Figure(figsize=(9, 4.5))
    build_use(fig, use_data(journal, period, "dry-skin"), LIGHT)
    drawn(fig)
    use, symptom = fig.axes
    assert use.get_position().y0 > symptom.get_position().y1, "one above the other, no twin axes"
    assert use.get_shared_x_axes().joined(use, symptom)
    assert [t.get_text() for t in symptom.get_yticklabels()] == [
        "none",
        "mild",
        "moderate",
        "severe",
        "extreme",
    ]
    (marks,) = by_gid(fig, "severity")
    assert marks.axes is symptom and list(marks.get_ydata()) == [2.0]


@pytest.mark.parametrize("style", [LIGHT, DARK, PRINT], ids=lambda s: s.name)
def test_severity_colours_step_apart_in_lightness(style: ChartStyle) -> None:
    """Each rating (and an unrated cell, the plot's background) 1.4:1 apart: it reads in grey."""
    ramp = [style.plot_background, *style.severity]
    for lighter_or_darker, other in pairwise(ramp):
        high, low = sorted((luminance(lighter_or_darker), luminance(other)), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 1.4, (style.name, lighter_or_darker, other)


@pytest.mark.parametrize("style", [LIGHT, DARK, PRINT], ids=lambda s: s.name)
def test_the_symptom_cells_read_in_grey(journal: Journal, style: ChartStyle) -> None:
    for day, severity in zip((4, 5, 6, 7, 8), range(5), strict=True):
        journal.log_symptom("dry-skin", severity, at(2026, 3, day, 9, 0))
    fig = drawn(_symptom_figure(symptom_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10))), style))
    ax = fig.axes[0]
    pixels = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    height = pixels.shape[0]
    row = next(
        y
        for y, line in enumerate(symptom_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10))).lines())
        if not isinstance(line, str)
    )

    def grey(day: int) -> float:
        x, y = ax.transData.transform((day_numbers([date(2026, 3, day)])[0] + 0.2, row + 0.25))
        r, g, b = pixels[height - 1 - int(y), int(x), :3] / 255
        return float(0.299 * r + 0.587 * g + 0.114 * b)  # how a grey printer or pdftoppm -gray sees it

    levels = [grey(10), *(grey(day) for day in (4, 5, 6, 7, 8))]  # unrated, then none to extreme
    steps = [b - a for a, b in pairwise(levels)]
    assert all(abs(s) >= 0.1 for s in steps), (style.name, levels)  # the old palette had 0.07
    assert all(s < 0 for s in steps) or all(s > 0 for s in steps), "one direction: a ramp"


def _symptom_figure(data: Any, style: ChartStyle) -> Figure:
    fig = Figure(figsize=(9, 4))
    build_symptoms(fig, data, style)
    return fig


def test_the_plan_is_a_step_line_over_the_daily_bars(journal: Journal) -> None:
    """8 g down by 1 g every 2 days from 5 March, ended on the 9th: 8 8 7 7 on 5-8 March, nothing after."""
    journal.taper.set("8", "4", "1", 2, date(2026, 3, 5))
    journal.taper.end(date(2026, 3, 9))
    log(journal, "6", at(2026, 3, 6, 9, 0))
    data = amount_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10)))
    assert data.plan == (
        (date(2026, 3, 5), 8000),
        (date(2026, 3, 6), 8000),
        (date(2026, 3, 7), 7000),
        (date(2026, 3, 8), 7000),
    )
    assert "your plan drawn as a step line on 4 days" in data.summary
    fig = Figure()
    build_amount(fig, data, LIGHT)
    drawn(fig)
    (line,) = by_gid(fig, "plan-line")
    values, edges, _baseline = line.get_data()
    assert list(values) == [8.0, 8.0, 7.0, 7.0]
    assert [day_at(x) for x in edges] == [date(2026, 3, d) for d in range(5, 10)]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "your plan (your own, not guidance)" in legend


def test_no_plan_no_step_line(journal: Journal) -> None:
    log(journal, "6", at(2026, 3, 6, 9, 0))
    fig = Figure()
    build_amount(fig, amount_data(journal, Period(date(2026, 3, 4), date(2026, 3, 10))), LIGHT)
    assert by_gid(fig, "plan-line") == []
