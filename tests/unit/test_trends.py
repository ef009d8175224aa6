"""The figures the clinician summary leads with: counted days, stretches, trends and changes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from journal import resources
from journal.domain.guidance import FINDING_TITLES, finding_title
from journal.domain.periods import Period, counted_period
from journal.domain.stats import DayTotal
from journal.domain.trends import (
    frequency,
    percent_change,
    scale_change,
    segments,
    symptom_changes,
    use_figures,
    weekly_means,
)

DAY = timedelta(days=1)


def test_an_unfinished_today_counts_only_once_it_has_use() -> None:
    period = Period(date(2026, 3, 1), date(2026, 3, 10))
    today = date(2026, 3, 10)
    assert counted_period(period, today, used_today=False) == Period(date(2026, 3, 1), date(2026, 3, 9))
    assert counted_period(period, today, used_today=True) == period
    assert counted_period(period, date(2026, 4, 1), used_today=False) == period
    assert counted_period(period, date(2026, 3, 5), used_today=False) == Period(
        date(2026, 3, 1), date(2026, 3, 4)
    )
    assert counted_period(Period(today, today), today, used_today=False) is None


@pytest.mark.parametrize(
    ("days", "size", "first"),
    [
        (365, 91, "first quarter"),
        (180, 45, "first quarter"),
        (90, 30, "first 30 days"),
        (20, 10, "first half"),
    ],
)
def test_stretches_by_length(days: int, size: int, first: str) -> None:
    period = Period(date(2026, 1, 1), date(2026, 1, 1) + (days - 1) * DAY)
    segs = segments(period)
    assert segs is not None
    assert segs.first_label == first
    assert segs.first.start == period.start and segs.first.days == size
    assert segs.last.end == period.end and segs.last.days == size
    assert segments(Period(date(2026, 1, 1), date(2026, 1, 13))) is None


def test_use_figures_frequency_and_weekly_means_by_hand() -> None:
    period = Period(date(2026, 1, 1), date(2026, 1, 14))
    totals = {
        date(2026, 1, 1): DayTotal(date(2026, 1, 1), 4000, 2),
        date(2026, 1, 2): DayTotal(date(2026, 1, 2), 6000, 3),
        date(2026, 1, 9): DayTotal(date(2026, 1, 9), 13000, 4),
        date(2026, 1, 10): DayTotal(date(2026, 1, 10), 0, 1, uncounted=1),
    }
    rolling = {date(2026, 1, 9): 13000, date(2026, 1, 2): 10000}
    u = use_figures(totals, rolling, period, 12000)
    assert (u.days, u.use_days, u.intakes, u.mean_mg, u.days_over) == (14, 4, 10, 7667, 1)
    assert u.intakes_per_week == Decimal("5.0") and u.use_share == 29
    f = frequency(totals, period)
    assert (f.per_use_day_mean, f.per_use_day_median, f.per_week) == (
        Decimal("2.5"),
        Decimal("2.5"),
        Decimal("5.0"),
    )
    assert weekly_means(totals, period) == pytest.approx([10 / 7, 13 / 7])


def test_changes_in_percent_and_of_symptoms() -> None:
    assert percent_change(4000, 6000) == 50
    assert percent_change(Decimal("6.0"), Decimal("4.5")) == -25
    assert percent_change(0, 3) is None and percent_change(None, 3) is None
    period = Period(date(2026, 1, 1), date(2026, 1, 20))
    segs = segments(period)
    ratings = [(date(2026, 1, 2), 6), (date(2026, 1, 3), 4), (date(2026, 1, 18), 2)]
    change = scale_change(ratings, segs)
    assert (change.first, change.last, change.percent, change.total_n) == (5, 2, -60, 3)
    short = scale_change(ratings, None)
    assert (short.first, short.last, short.first_n) == (6, 2, 1)
    rated = [
        ("dry-skin", date(2026, 1, 2), 0),
        ("dry-skin", date(2026, 1, 2), 1),
        ("dry-skin", date(2026, 1, 19), 2),
    ]
    rated += [("itching", date(2026, 1, 2), 1)]
    words = {k: c.word for k, c in symptom_changes(rated, segs).items()}
    assert words == {"dry-skin": "worse", "itching": "too few ratings"}


def test_findings_and_sources_have_names_in_words() -> None:
    guidance = resources.guidance()
    assert (
        finding_title("upper-limit-24h", guidance)
        == "Rolling 24-hour total over the cited upper limit of 12 to 15 g"
    )
    for rule_id, title in FINDING_TITLES.items():
        assert rule_id not in title and title[0].isupper()
    assert finding_title("some-new-rule") == "Some new rule"
    sources = resources.sources()
    for source in sources:
        assert source.name != source.title and len(source.name) <= 40 and source.file not in source.name
        assert source.credit == "author and site not recorded"  # the saved texts name neither
    ref = sources.reference("immpact-2008")
    assert "Dworkin" in ref.citation and "30%" in ref.used_for
