"""The data behind the charts: periods, bins and prepared series, read from a Journal.

Everything here is plain Python (no matplotlib, no Qt) so the window can import
it before matplotlib is loaded, and tests can check the numbers directly.

Days are local journal days: the calendar day the person lived, starting at
their "day starts at" hour (`Settings.day_start_hour`), so a day with a clock
change is still one day. Times drawn inside a day (pain check-ins, breaks) are
local wall-clock times shifted back by that hour, so they fall in their day's
column.

Daily sums: the amount chart reads the period's intakes anyway (the highest
rolling 24-hour totals need each one), so it sums them in the same vector pass
(`daily_sums`); the use chart's long reaches are summed in SQL
(`Store.daily_totals`).

Each `prepare_*` function takes plain values and is what the tests exercise;
each `*_data` function reads what it needs from a Journal and calls it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from journal.domain.amounts import MG_PER_G, format_amount, format_g, to_mg
from journal.domain.entities import Break, Settings
from journal.domain.guidance import Dose, Guidance, Rule
from journal.domain.stats import DayTotal
from journal.domain.times import local_day
from journal.service import Journal

#: Longer periods than this are shown by week, so bars and cells stay readable.
WEEKLY_AFTER_DAYS = 400
#: Widest time-zone offset anywhere, to turn local days into a safe UTC range.
_MAX_OFFSET = timedelta(hours=14)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEVERITY_WORDS = ("none", "mild", "moderate", "severe", "extreme")


# -- periods and bins -------------------------------------------------------------------


class PeriodKind(StrEnum):
    """The periods a person can pick on the Charts page."""

    DAYS_7 = "7d"
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    YEAR = "1y"
    ALL = "all"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    PeriodKind.DAYS_7: "7 days",
    PeriodKind.DAYS_30: "30 days",
    PeriodKind.DAYS_90: "90 days",
    PeriodKind.YEAR: "1 year",
    PeriodKind.ALL: "All",
    PeriodKind.CUSTOM: "Custom",
}
_PERIOD_DAYS = {PeriodKind.DAYS_7: 7, PeriodKind.DAYS_30: 30, PeriodKind.DAYS_90: 90, PeriodKind.YEAR: 365}


def day_text(day: date) -> str:
    """ "Tue 3 Mar 2026" (English words, whatever the system locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_day_text(day: date, *, year: bool = True) -> str:
    """ "3 Mar 2026" or "3 Mar"."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


@dataclass(frozen=True, slots=True)
class Period:
    """Local journal days `start` to `end`, both included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bin_days(self) -> int:
        """1 (by day) or 7 (by week, for periods longer than about a year)."""
        return 7 if self.days > WEEKLY_AFTER_DAYS else 1

    @property
    def text(self) -> str:
        """ "3 Mar – 10 Mar 2026" or "10 Mar 2016 – 10 Mar 2026"."""
        if self.start == self.end:
            return short_day_text(self.start)
        same_year = self.start.year == self.end.year
        return f"{short_day_text(self.start, year=not same_year)} – {short_day_text(self.end)}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def all_days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def edges(self) -> list[date]:
        """Bin edges from `start` to the day after `end`.

        By day, every day; by week, Mondays (the first and last week may be short).
        """
        stop = self.end + timedelta(days=1)
        if self.bin_days == 1:
            return [*self.all_days(), stop]
        first_monday = self.start + timedelta(days=(7 - self.start.weekday()) % 7)
        mondays = range(first_monday.toordinal(), stop.toordinal(), 7)
        inner = [date.fromordinal(o) for o in mondays if o > self.start.toordinal()]
        return [self.start, *inner, stop]

    def utc_range(self, before: timedelta = timedelta(0)) -> tuple[datetime, datetime]:
        """A UTC range surely holding every entry of these local days (and `before` earlier)."""
        start = datetime.combine(self.start, time(), UTC) - _MAX_OFFSET - before
        end = datetime.combine(self.end + timedelta(days=1), time(), UTC) + _MAX_OFFSET + timedelta(hours=12)
        return start, end


def period_for(
    kind: PeriodKind,
    today: date,
    *,
    first_day: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period of a kind ending today; "all" starts at `first_day`, "custom" is start..end."""
    if kind is PeriodKind.CUSTOM:
        if start is None or end is None:
            raise ValueError("a custom period needs a start and an end")
        return Period(min(start, end), max(start, end), kind)
    if kind is PeriodKind.ALL:
        first = min(first_day, today) if first_day is not None else today - timedelta(days=29)
        return Period(first, today, kind)
    return Period(today - timedelta(days=_PERIOD_DAYS[kind] - 1), today, kind)


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
    store = journal.store
    hour = (settings or journal.settings).day_start_hour
    firsts: list[date] = []
    totals = store.daily_totals(hour)
    first_intake = next(iter(totals), None)
    before: datetime | None = None
    if first_intake is not None:
        firsts.append(first_intake)
        # Only entries before the first intake can be earlier: a short query.
        before = datetime.combine(first_intake, time(), UTC) + _MAX_OFFSET
    symptoms = store.symptoms(None, before)
    if symptoms:
        firsts.append(local_day(symptoms[0].at.utc, symptoms[0].at.offset_min, hour))
    pains = store.pain(None, before)
    if pains:
        firsts.append(local_day(pains[0].at.utc, pains[0].at.offset_min, hour))
    breaks = store.breaks()
    if breaks:
        firsts.append(local_day(breaks[0].start.utc, breaks[0].start.offset_min, hour))
    return FirstDays(first_intake, min(firsts, default=None))


def _bin_index(edges: Sequence[date], day: date) -> int | None:
    """Which bin of `edges` holds `day`, or None outside them."""
    i = bisect_right(edges, day) - 1
    return i if 0 <= i < len(edges) - 1 else None


def _journal_local(utc: datetime, offset_min: int, day_start_hour: int) -> datetime:
    """A naive local time shifted by the day-start hour: its date is the journal day."""
    return (utc + timedelta(minutes=offset_min - day_start_hour * 60)).replace(tzinfo=None)


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
        """The label on two lines, the source file on the second."""
        head, _, tail = self.label.rpartition(" (")
        return f"{head}\n({tail}"


def _band(rule: Rule, what: str, per: str) -> Band:
    assert rule.low is not None and rule.high is not None, rule.id
    source = rule.citations[0].file
    low, high = to_mg(rule.low), to_mg(rule.high)
    text = f"{format_g(low).removesuffix(' g')}–{format_g(high)}"
    return Band(rule.id, low, high, f"{what} {text} {per} ({source})", source)


def bands(guidance: Guidance) -> tuple[Band, Band]:
    """The cited starting dose and 24-hour upper limit, from the guidance data file."""
    return (
        _band(guidance.starting, "cited starting dose", "per intake"),
        _band(guidance.upper, "cited upper limit", "in 24 h"),
    )


# -- breaks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BreakSpan:
    """A break as drawn: from its start to its end (or now), in journal-local time."""

    start: datetime
    end: datetime
    running: bool
    kept: bool | None

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last journal day the break touches (an end at the very start of a day is not in it)."""
        return (self.end - timedelta(microseconds=1)).date() if self.end > self.start else self.start.date()

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def words(self) -> str:
        if self.running:
            return "during a break (still running)"
        if self.kept is True:
            return "during a break (kept to its goal)"
        if self.kept is False:
            return "during a break (ended before its goal)"
        return "during a break"


def break_spans(
    breaks: Iterable[Break], period: Period, now: datetime, day_start_hour: int = 0
) -> tuple[BreakSpan, ...]:
    """Breaks overlapping the period, clipped to it; a running break lasts until `now`."""
    lo = datetime.combine(period.start, time())
    hi = datetime.combine(period.end + timedelta(days=1), time())
    out = []
    for brk in breaks:
        start = _journal_local(brk.start.utc, brk.start.offset_min, day_start_hour)
        if brk.actual_end is not None:
            end = _journal_local(brk.actual_end.utc, brk.actual_end.offset_min, day_start_hour)
        else:
            now_utc = now.astimezone(UTC)
            # Now, in the break's own offset: good enough for the shading's right edge.
            end = max(start, _journal_local(now_utc, brk.start.offset_min, day_start_hour))
        if end < lo or start >= hi:
            continue
        out.append(BreakSpan(max(start, lo), min(end, hi), brk.running, brk.kept()))
    return tuple(out)


# -- daily sums -------------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.date().toordinal()
_US = timedelta(microseconds=1)
_DAY_US = 86_400_000_000


def daily_sums(
    doses: Sequence[Dose], day_start_hour: int = 0
) -> tuple[dict[date, DayTotal], dict[date, int]]:
    """Totals per journal day and the highest rolling 24-hour total reached on each, in one pass.

    The same numbers as `journal.domain.stats.daily_totals` and
    `daily_max_rolling` (the tests hold them to it), computed with numpy: for
    100,000 intakes that takes a few tens of milliseconds instead of about
    half a second. numpy is imported here, when a chart is about to be drawn,
    not when the window starts.
    """
    import numpy as np

    n = len(doses)
    if not n:
        return {}, {}
    micros = np.fromiter(((d.at - _EPOCH) // _US for d in doses), dtype=np.int64, count=n)
    amounts = [d.mg for d in doses]
    mg = np.fromiter((m or 0 for m in amounts), dtype=np.int64, count=n)
    counted = np.fromiter((m is not None for m in amounts), dtype=bool, count=n)
    estimate = np.fromiter((d.estimate for d in doses), dtype=bool, count=n)
    shift = np.fromiter((d.offset_min - day_start_hour * 60 for d in doses), dtype=np.int64, count=n)
    day = (micros + shift * 60_000_000) // _DAY_US  # journal day as days since 1970-01-01

    days, where = np.unique(day, return_inverse=True)
    total = np.bincount(where, weights=mg.astype(np.float64), minlength=len(days))
    intakes = np.bincount(where, minlength=len(days))
    uncounted = np.bincount(where, weights=(~counted).astype(np.float64), minlength=len(days))
    estimated = np.bincount(where, weights=estimate.astype(np.float64), minlength=len(days)) > 0
    dates = [date.fromordinal(_EPOCH_ORDINAL + int(k)) for k in days]
    totals = {
        d: DayTotal(d, int(t), int(i), int(u), bool(e))
        for d, t, i, u, e in zip(dates, total, intakes, uncounted, estimated, strict=True)
    }

    # Rolling totals over (t - 24 h, t] at each counted intake; intakes at the
    # same instant share one window.
    keep = np.flatnonzero(counted)
    order = keep[np.argsort(micros[keep], kind="stable")]
    times = micros[order]
    sums = np.concatenate(([0], np.cumsum(mg[order])))
    hi = np.searchsorted(times, times, side="right")
    lo = np.searchsorted(times, times - _DAY_US, side="right")
    rolling = sums[hi] - sums[lo]
    rolled_days, at = np.unique(day[order], return_inverse=True)
    highest = np.zeros(len(rolled_days), dtype=np.int64)
    np.maximum.at(highest, at, rolling)
    maxima = {
        date.fromordinal(_EPOCH_ORDINAL + int(k)): int(v) for k, v in zip(rolled_days, highest, strict=True)
    }
    return totals, maxima


# -- amount per day -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayAmount:
    """One journal day with intakes: counted total, highest rolling 24 h total reached that day."""

    day: date
    mg: int
    max_rolling_mg: int
    intakes: int
    uncounted: int
    estimate: bool


@dataclass(frozen=True, slots=True)
class AmountBin:
    """A bar: one day, or one week (then `mg` is the average per day of the week)."""

    start: date
    days: int
    mg: float
    total_mg: int
    max_rolling_mg: int
    use_days: int
    intakes: int
    uncounted: int
    estimate: bool


@dataclass(frozen=True, slots=True)
class AmountData:
    """What the daily-amount chart draws."""

    period: Period
    days: tuple[DayAmount, ...]
    bins: tuple[AmountBin, ...]
    starting: Band
    upper: Band
    personal_daily_mg: int | None = None
    breaks: tuple[BreakSpan, ...] = ()
    _index: dict[date, DayAmount] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((d.day, d) for d in self.days)

    @property
    def empty(self) -> bool:
        return not self.days

    @property
    def bin_days(self) -> int:
        return self.period.bin_days

    def day(self, day: date) -> DayAmount | None:
        return self._index.get(day)

    @property
    def summary(self) -> str:
        """The chart in one line of words, for screen readers and the caption."""
        if self.empty:
            return f"No intakes logged from {self.period.text}."
        most = max(self.days, key=lambda d: (d.mg, d.day))
        low = sum(d.max_rolling_mg > self.upper.low_mg for d in self.days)
        high = sum(d.max_rolling_mg > self.upper.high_mg for d in self.days)
        estimates = sum(d.estimate for d in self.days)
        parts = [
            f"Intakes on {len(self.days):,} of {self.period.days:,} days",
            f"most in one day {grams(most.mg, 3)} ({short_day_text(most.day)})",
            f"rolling 24 h total above {format_g(self.upper.low_mg)} on {_days(low)}, "
            f"above {format_g(self.upper.high_mg)} on {_days(high)}",
        ]
        if estimates:
            parts.append(f"{_days(estimates)} include an estimate")
        if self.breaks:
            parts.append(f"{len(self.breaks)} break{'s' if len(self.breaks) != 1 else ''}")
        return " · ".join(parts) + "."

    def bin_at(self, day: date) -> AmountBin | None:
        starts = [b.start for b in self.bins]
        i = bisect_right(starts, day) - 1
        if i >= 0 and day < self.bins[i].start + timedelta(days=self.bins[i].days):
            return self.bins[i]
        return None

    def describe(self, day: date) -> str | None:
        """The hover text for a day: "Tue 3 Mar 2026: 7.5 g, max 24 h 11 g"."""
        if not self.period.contains(day):
            return None
        brk = next((b for b in self.breaks if b.covers(day)), None)
        tail = f" · {brk.words}" if brk else ""
        if self.bin_days > 1:
            edges = self.period.edges()
            i = _bin_index(edges, day)
            if i is None:
                return None
            first, last = edges[i], edges[i + 1] - timedelta(days=1)
            found = self.bin_at(day)
            head = f"{short_day_text(first, year=False)} – {short_day_text(last)}"
            if found is None:
                return f"{head}: no intake logged{tail}"
            return (
                f"{head}: {grams(found.mg)} a day on average ({found.use_days} of {found.days} days "
                f"with intakes), max 24 h {grams(found.max_rolling_mg)}{_notes(found)}{tail}"
            )
        amount = self.day(day)
        if amount is None:
            return f"{day_text(day)}: no intake logged{tail}"
        return (
            f"{day_text(day)}: {grams(amount.mg, 3)}, max 24 h {grams(amount.max_rolling_mg, 3)}"
            f"{_notes(amount)}{tail}"
        )


def _days(n: int) -> str:
    return f"{n:,} day{'s' if n != 1 else ''}"


def _notes(row: DayAmount | AmountBin) -> str:
    out = ""
    if row.estimate:
        out += ", includes an estimate"
    if row.uncounted:
        out += f", {row.uncounted} intake{'s' if row.uncounted != 1 else ''} not counted"
    return out


def amount_bins(days: Sequence[DayAmount], period: Period) -> tuple[AmountBin, ...]:
    """Days as bars: one per day, or one per week with the average per day (weeks with intakes)."""
    if period.bin_days == 1:
        return tuple(
            AmountBin(d.day, 1, d.mg, d.mg, d.max_rolling_mg, 1, d.intakes, d.uncounted, d.estimate)
            for d in days
        )
    edges = period.edges()
    groups: dict[int, list[DayAmount]] = defaultdict(list)
    for d in days:
        i = _bin_index(edges, d.day)
        if i is not None:
            groups[i].append(d)
    out = []
    for i, rows in sorted(groups.items()):
        length = (edges[i + 1] - edges[i]).days
        total = sum(r.mg for r in rows)
        out.append(
            AmountBin(
                edges[i],
                length,
                total / length,
                total,
                max(r.max_rolling_mg for r in rows),
                len(rows),
                sum(r.intakes for r in rows),
                sum(r.uncounted for r in rows),
                any(r.estimate for r in rows),
            )
        )
    return tuple(out)


def prepare_amount(
    period: Period,
    totals: Mapping[date, DayTotal],
    max_rolling: Mapping[date, int],
    guidance: Guidance,
    *,
    personal_daily_g: Decimal | None = None,
    breaks: Sequence[BreakSpan] = (),
) -> AmountData:
    """The daily-amount chart's data from daily totals and daily highest rolling totals."""
    days = tuple(
        DayAmount(d, t.mg, max_rolling.get(d, 0), t.intakes, t.uncounted, t.estimate)
        for d, t in sorted(totals.items())
        if period.contains(d)
    )
    starting, upper = bands(guidance)
    personal = to_mg(personal_daily_g) if personal_daily_g is not None else None
    return AmountData(period, days, amount_bins(days, period), starting, upper, personal, tuple(breaks))


def amount_data(journal: Journal, period: Period) -> AmountData:
    """Read the daily-amount chart's data for a period (daily sums in SQL)."""
    settings = journal.settings
    hour = settings.day_start_hour
    store = journal.store
    start, end = period.utc_range(before=timedelta(days=1))
    # The rolling maxima need every intake, so their daily sums come with them;
    # Store.daily_totals groups the whole table in SQL before it filters days,
    # which took 18 ms for one year of a ten-year journal against 2 ms here.
    every, maxima = daily_sums(store.doses(start, end), hour)
    totals = {d: t for d, t in every.items() if period.contains(d)}
    rolling = {d: mg for d, mg in maxima.items() if d in totals}
    spans = break_spans(store.breaks(), period, journal.clock(), hour)
    return prepare_amount(
        period,
        totals,
        rolling,
        journal.guidance,
        personal_daily_g=settings.personal_daily_limit_g,
        breaks=spans,
    )


# -- symptoms -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    """One symptom rating, reduced to what the charts need."""

    key: str
    day: date
    severity: int


@dataclass(frozen=True, slots=True)
class SymptomInfo:
    """A symptom as the charts name it."""

    key: str
    label: str
    category: str
    category_label: str


@dataclass(frozen=True, slots=True)
class SymptomRow:
    """One symptom's strip: the worst rating in each bin, None where it was not rated."""

    info: SymptomInfo
    values: tuple[int | None, ...]

    @property
    def rated_bins(self) -> int:
        return sum(v is not None for v in self.values)


@dataclass(frozen=True, slots=True)
class SymptomData:
    """What the symptom heat strips draw: rows grouped by category, one column per bin."""

    period: Period
    edges: tuple[date, ...]
    rows: tuple[SymptomRow, ...]

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No symptoms rated from {self.period.text}."
        worst = max(self.rows, key=lambda r: max((v or 0) for v in r.values))
        level = max((v or 0) for v in worst.values)
        names = ", ".join(r.info.label for r in self.rows)
        return (
            f"{len(self.rows)} symptom{'s' if len(self.rows) != 1 else ''} rated: {names}. "
            f"Worst rating: {worst.info.label}, {SEVERITY_WORDS[level]}."
        )

    @property
    def bin_days(self) -> int:
        return self.period.bin_days

    def lines(self) -> list[str | SymptomRow]:
        """Top to bottom: a category name, then its symptoms' rows."""
        out: list[str | SymptomRow] = []
        for row in self.rows:
            if not out or (isinstance(out[-1], SymptomRow) and out[-1].info.category != row.info.category):
                out.append(row.info.category_label)
            out.append(row)
        return out

    def describe(self, day: date, line: int) -> str | None:
        """Hover text for a day on a line of `lines()`: "Tue 3 Mar 2026 · Dry skin: moderate"."""
        lines = self.lines()
        i = _bin_index(self.edges, day)
        if i is None or not 0 <= line < len(lines):
            return None
        row = lines[line]
        if isinstance(row, str):
            return None
        value = row.values[i]
        word = "not rated" if value is None else SEVERITY_WORDS[value]
        if self.bin_days == 1:
            return f"{day_text(day)} · {row.info.label}: {word}"
        first, last = self.edges[i], self.edges[i + 1] - timedelta(days=1)
        worst = "" if value is None else "worst rating "
        head = f"{short_day_text(first, year=False)} – {short_day_text(last)}"
        return f"{head} · {row.info.label}: {worst}{word}"


def prepare_symptoms(
    period: Period, ratings: Iterable[Rating], catalogue: Sequence[SymptomInfo]
) -> SymptomData:
    """Worst rating per symptom and bin; rows for symptoms rated in the period, in catalogue order."""
    edges = tuple(period.edges())
    worst: dict[str, dict[int, int]] = defaultdict(dict)
    for r in ratings:
        i = _bin_index(edges, r.day)
        if i is None:
            continue
        cells = worst[r.key]
        cells[i] = max(cells.get(i, 0), r.severity)
    order = {info.key: n for n, info in enumerate(catalogue)}
    known = {info.key: info for info in catalogue}
    category_order = {info.category: order[info.key] for info in reversed(catalogue)}
    rows = []
    for key, cells in worst.items():
        info = known.get(key) or SymptomInfo(key, key, "other", "Other")
        values = tuple(cells.get(i) for i in range(len(edges) - 1))
        rows.append(SymptomRow(info, values))
    rows.sort(
        key=lambda r: (
            category_order.get(r.info.category, len(order)),
            order.get(r.info.key, len(order)),
            r.info.key,
        )
    )
    return SymptomData(period, edges, tuple(rows))


def symptom_infos(journal: Journal) -> list[SymptomInfo]:
    """Every symptom type in catalogue order (categories in the catalogue's order)."""
    from journal import resources

    catalogue = resources.catalogue()
    cat_order = {key: n for n, (key, _) in enumerate(catalogue.categories)}
    types = sorted(journal.store.symptom_types(), key=lambda t: (cat_order.get(t.category, 99), t.id or 0))
    return [SymptomInfo(t.key, t.label, t.category, catalogue.category_label(t.category)) for t in types]


class _Days:
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


def ratings(journal: Journal, period: Period, before: timedelta = timedelta(0)) -> list[Rating]:
    """Symptom ratings on the period's days (and `before` earlier)."""
    days = _Days(journal.settings.day_start_hour)
    start, end = period.utc_range(before)
    first = period.start - timedelta(days=before.days)
    rows = [
        Rating(key, days.day(at, offset), severity)
        for at, offset, key, severity in journal.store.symptom_ratings(start, end)
    ]
    return [r for r in rows if first <= r.day <= period.end]


def symptom_data(journal: Journal, period: Period) -> SymptomData:
    """Read the symptom heat strips' data for a period."""
    return prepare_symptoms(period, ratings(journal, period), symptom_infos(journal))


# -- pain -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainSample:
    """One pain check-in: journal-local time, pain now (0-10), PEG score (0-10) if given."""

    at: datetime
    pain_now: int
    peg: Decimal | None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True, slots=True)
class PainData:
    """Pain check-ins in the period and 7-day averages for each day of it."""

    period: Period
    samples: tuple[PainSample, ...]
    days: tuple[date, ...]
    pain_avg7: tuple[float | None, ...]
    peg_avg7: tuple[float | None, ...]

    @property
    def empty(self) -> bool:
        return not self.samples

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No pain check-ins from {self.period.text}."
        pain = [s.pain_now for s in self.samples]
        pegs = [float(s.peg) for s in self.samples if s.peg is not None]
        text = (
            f"{len(pain):,} check-in{'s' if len(pain) != 1 else ''}: pain now averaged "
            f"{sum(pain) / len(pain):.1f} (from {min(pain)} to {max(pain)})"
        )
        if pegs:
            text += f", PEG score averaged {sum(pegs) / len(pegs):.1f}"
        return text + "."

    def describe(self, day: date) -> str | None:
        if not self.period.contains(day):
            return None
        i = (day - self.period.start).days
        todays = [s for s in self.samples if s.day == day]
        parts = []
        if todays:
            pain = ", ".join(str(s.pain_now) for s in todays)
            parts.append(f"pain now {pain}")
            pegs = [s.peg for s in todays if s.peg is not None]
            if pegs:
                parts.append(f"PEG {', '.join(f'{p:f}' for p in pegs)}")
        else:
            parts.append("no check-in")
        averages = []
        if self.pain_avg7[i] is not None:
            averages.append(f"pain {self.pain_avg7[i]:.1f}")
        if self.peg_avg7[i] is not None:
            averages.append(f"PEG {self.peg_avg7[i]:.1f}")
        text = f"{day_text(day)}: " + ", ".join(parts)
        return text + (f" · 7-day averages: {', '.join(averages)}" if averages else "")


def rolling_mean(
    values: Mapping[date, Sequence[float]], days: Sequence[date], window: int
) -> tuple[float | None, ...]:
    """For each day, the mean of all values on it and the `window - 1` days before; None if none."""
    out: list[float | None] = []
    for day in days:
        total, count = 0.0, 0
        for k in range(window):
            vals = values.get(day - timedelta(days=k))
            if vals:
                total += sum(vals)
                count += len(vals)
        out.append(total / count if count else None)
    return tuple(out)


def prepare_pain(period: Period, samples: Iterable[PainSample]) -> PainData:
    """Samples in the period (sorted) and the 7-day averages (earlier samples count toward them)."""
    every = sorted(samples, key=lambda s: s.at)
    pain: dict[date, list[float]] = defaultdict(list)
    peg: dict[date, list[float]] = defaultdict(list)
    for s in every:
        pain[s.day].append(s.pain_now)
        if s.peg is not None:
            peg[s.day].append(float(s.peg))
    days = period.all_days()
    inside = tuple(s for s in every if period.contains(s.day))
    return PainData(period, inside, tuple(days), rolling_mean(pain, days, 7), rolling_mean(peg, days, 7))


def pain_data(journal: Journal, period: Period) -> PainData:
    """Read the pain chart's data for a period (and the 6 days before, for the averages)."""
    days = _Days(journal.settings.day_start_hour)
    start, end = period.utc_range(before=timedelta(days=6))
    samples = []
    for line in journal.store.pain_lines():
        if start <= line.at_utc < end:
            peg = None
            if line.peg_pain is not None and line.peg_enjoyment is not None and line.peg_activity is not None:
                peg = (Decimal(line.peg_pain + line.peg_enjoyment + line.peg_activity) / 3).quantize(
                    Decimal("0.1")
                )
            samples.append(PainSample(days.local(line.at_utc, line.offset_min), line.pain_now, peg))
    return prepare_pain(period, samples)


# -- use against a symptom ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UseData:
    """A symptom's worst rating per day beside the 7- and 30-day average amount per day."""

    period: Period
    symptom: SymptomInfo | None
    choices: tuple[SymptomInfo, ...]
    days: tuple[date, ...]
    avg7_mg: tuple[float | None, ...]
    avg30_mg: tuple[float | None, ...]
    severity: tuple[int | None, ...]

    @property
    def empty(self) -> bool:
        """Nothing to draw: no intakes in reach and no rating of the symptom."""
        no_use = all(v is None or v == 0 for v in self.avg30_mg)
        return no_use and all(v is None for v in self.severity)

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No intakes and no symptom ratings from {self.period.text}."
        parts = []
        if self.symptom is None:
            parts.append("No symptom rated in this period")
        else:
            rated = [v for v in self.severity if v is not None]
            worst = SEVERITY_WORDS[max(rated)] if rated else "none"
            parts.append(f"{self.symptom.label} rated on {_days(len(rated))} (worst: {worst})")
        known = [v for v in self.avg30_mg if v is not None]
        if known:
            parts.append(f"30-day average from {grams(min(known))} to {grams(max(known))} a day")
        return " · ".join(parts) + "."

    def describe(self, day: date) -> str | None:
        if not self.period.contains(day):
            return None
        i = (day - self.period.start).days
        parts = []
        if self.symptom is not None:
            sev = self.severity[i]
            parts.append(f"{self.symptom.label} {'not rated' if sev is None else SEVERITY_WORDS[sev]}")
        for n, values in ((7, self.avg7_mg), (30, self.avg30_mg)):
            value = values[i]
            if value is not None:
                parts.append(f"{n}-day average {grams(value)} a day")
        return f"{day_text(day)}: " + ", ".join(parts)


def trailing_average(
    totals: Mapping[date, int], days: Sequence[date], window: int, first_day: date | None
) -> tuple[float | None, ...]:
    """Average amount per day over each day and the `window - 1` before it.

    Days without intakes count as 0. Days before the journal's first intake are
    not counted (the window is shorter there), and days before it get None.
    """
    if first_day is None or not days:
        return tuple(None for _ in days)
    # Prefix sums over every day from the first one that can count to the last.
    base = min(first_day, days[0] - timedelta(days=window - 1)).toordinal()
    last = max(days).toordinal()
    sums = [0]
    for ordinal in range(base, last + 1):
        sums.append(sums[-1] + totals.get(date.fromordinal(ordinal), 0))
    first = first_day.toordinal()
    out: list[float | None] = []
    for day in days:
        hi = day.toordinal()
        if hi < first:
            out.append(None)
            continue
        lo = max(first, hi - window + 1)
        out.append((sums[hi - base + 1] - sums[lo - base]) / (hi - lo + 1))
    return tuple(out)


def default_symptom(ratings: Iterable[Rating], choices: Sequence[SymptomInfo]) -> str | None:
    """The symptom rated above "none" on the most days (catalogue order breaks ties)."""
    days: dict[str, set[date]] = defaultdict(set)
    for r in ratings:
        if r.severity > 0:
            days[r.key].add(r.day)
    ranked = sorted(choices, key=lambda c: -len(days.get(c.key, ())))
    return ranked[0].key if ranked else None


def prepare_use(
    period: Period,
    totals: Mapping[date, int],
    ratings: Iterable[Rating],
    catalogue: Sequence[SymptomInfo],
    symptom_key: str | None = None,
    *,
    first_day: date | None = None,
) -> UseData:
    """Averages from daily totals (mg by day) and the chosen symptom's worst rating per day.

    The choices are the symptoms rated in the period (plus the chosen one); with
    no `symptom_key`, the one rated above "none" on most days is chosen.
    `first_day` is the journal's first day with an intake (default: the first in `totals`).
    """
    inside = [r for r in ratings if period.contains(r.day)]
    rated = {r.key for r in inside}
    if symptom_key is not None:
        rated.add(symptom_key)
    choices = tuple(info for info in catalogue if info.key in rated)
    if symptom_key is None:
        symptom_key = default_symptom(inside, choices)
    symptom = next((c for c in choices if c.key == symptom_key), None)
    worst: dict[date, int] = {}
    for r in inside:
        if r.key == symptom_key:
            worst[r.day] = max(worst.get(r.day, 0), r.severity)
    days = period.all_days()
    if first_day is None:
        first_day = min((d for d, mg in totals.items() if mg), default=None)
    return UseData(
        period,
        symptom,
        choices,
        tuple(days),
        trailing_average(totals, days, 7, first_day),
        trailing_average(totals, days, 30, first_day),
        tuple(worst.get(d) for d in days),
    )


def use_data(
    journal: Journal, period: Period, symptom_key: str | None = None, *, first_day: date | None = None
) -> UseData:
    """Read the use-against-symptom chart's data for a period.

    `first_day` is the journal's first day with an intake, if the caller knows
    it already (the Charts page does); otherwise it is read here.
    """
    hour = journal.settings.day_start_hour
    reach = timedelta(days=30)
    if first_day is None:
        totals = journal.store.daily_totals(hour, None, period.end)
        first_day = next((d for d, t in totals.items() if t.intakes), None)
    elif period.days <= WEEKLY_AFTER_DAYS:
        # A short reach: summing the few doses is quicker than SQL grouping the whole table.
        start, end = period.utc_range(before=reach)
        totals, _maxima = daily_sums(journal.store.doses(start, end), hour)
    else:
        totals = journal.store.daily_totals(hour, period.start - reach, period.end)
    mg = {d: t.mg for d, t in totals.items() if period.start - reach <= d <= period.end}
    return prepare_use(
        period, mg, ratings(journal, period), symptom_infos(journal), symptom_key, first_day=first_day
    )
