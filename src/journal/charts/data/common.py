"""What every chart's data shares: today's journal day, the first days, the cited bands, grams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from journal import resources
from journal.domain.amounts import MG_PER_G, format_amount, format_g, to_mg
from journal.domain.entities import Settings
from journal.domain.guidance import Guidance, Rule
from journal.domain.periods import MAX_OFFSET
from journal.domain.times import local_day
from journal.service.journal import Journal

SEVERITY_WORDS = ("none", "mild", "moderate", "severe", "extreme")


def journal_today(journal: Journal, settings: Settings | None = None) -> date:
    """Today's local journal day."""
    hour = (settings or journal.settings).day_start_hour
    now = journal.now()
    return local_day(now.utc, now.offset_min, hour)


@dataclass(frozen=True, slots=True)
class FirstDays:
    """The journal's first day with an intake, and with any entry at all."""

    intake: date | None
    entry: date | None


def first_days(journal: Journal, settings: Settings | None = None) -> FirstDays:
    """The first local journal day with an intake, and with any intake, rating, check-in or break."""
    entries = journal.entries
    hour = (settings or journal.settings).day_start_hour
    firsts: list[date] = []
    totals = entries.daily_totals(hour)
    first_intake = next(iter(totals), None)
    before: datetime | None = None
    if first_intake is not None:
        firsts.append(first_intake)
        # Only entries before the first intake can be earlier: a short query.
        before = datetime.combine(first_intake, time(), UTC) + MAX_OFFSET
    symptoms = entries.symptoms(None, before)
    if symptoms:
        firsts.append(local_day(symptoms[0].at.utc, symptoms[0].at.offset_min, hour))
    pains = entries.pain(None, before)
    if pains:
        firsts.append(local_day(pains[0].at.utc, pains[0].at.offset_min, hour))
    breaks = entries.breaks()
    if breaks:
        firsts.append(local_day(breaks[0].start.utc, breaks[0].start.offset_min, hour))
    return FirstDays(first_intake, min(firsts, default=None))


def grams(mg: float, digits: int = 1) -> str:
    """Milligrams as grams for a label: 7500 -> "7.5 g", 7142.9 -> "7.1 g"."""
    value = Decimal(str(round(mg / MG_PER_G, digits)))
    return f"{format_amount(value)} g"


# -- the cited bands --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    """A cited range from the guidance data, with the words that label it."""

    rule_id: str
    low_mg: int
    high_mg: int
    label: str
    source: str

    @property
    def range_text(self) -> str:
        return f"{format_g(self.low_mg).removesuffix(' g')}–{format_g(self.high_mg)}"

    @property
    def legend_label(self) -> str:
        """The label on two lines, the source's short title on the second."""
        head, _, tail = self.label.rpartition(" (")
        return f"{head}\n({tail}"


def _band(rule: Rule, what: str, per: str) -> Band:
    assert rule.low is not None and rule.high is not None, rule.id
    source = resources.sources().name(rule.citations[0].file)
    low, high = to_mg(rule.low), to_mg(rule.high)
    text = f"{format_g(low).removesuffix(' g')}–{format_g(high)}"
    return Band(rule.id, low, high, f"{what} {text} {per} ({source})", source)


def bands(guidance: Guidance) -> tuple[Band, Band]:
    """The cited starting dose and 24-hour upper limit, from the guidance data file."""
    return (
        _band(guidance.starting, "cited starting dose", "per intake"),
        _band(guidance.upper, "cited upper limit", "in 24 h"),
    )


def days_text(n: int) -> str:
    return f"{n:,} day{'s' if n != 1 else ''}"


class Days:
    """Journal days of UTC times, with one timedelta per offset (there are only a few)."""

    def __init__(self, day_start_hour: int) -> None:
        self.hour = day_start_hour
        self.shifts: dict[int, timedelta] = {}

    def shift(self, offset_min: int) -> timedelta:
        found = self.shifts.get(offset_min)
        if found is None:
            found = self.shifts[offset_min] = timedelta(minutes=offset_min - self.hour * 60)
        return found

    def day(self, utc: datetime, offset_min: int) -> date:
        return (utc + self.shift(offset_min)).date()

    def local(self, utc: datetime, offset_min: int) -> datetime:
        return (utc + self.shift(offset_min)).replace(tzinfo=None)
