"""What the Today page and `journal today` show, read in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from journal.domain.entities import Break, Intake, PainCheckin, Severity, SymptomEntry
from journal.domain.guidance import WINDOW, rolling_total
from journal.domain.stats import UseSummary, daily_max_rolling, days, use_summary
from journal.domain.times import FUTURE_TOLERANCE, Moment, local_day
from journal.domain.withdrawal import WithdrawalScore
from journal.storage.store import Store


@dataclass(frozen=True, slots=True)
class Today:
    """What the Today page and `journal today` show."""

    now: datetime
    last_intake: Intake | None
    today_mg: int
    today_estimate: bool
    rolling_mg: int
    rolling_estimate: bool
    running_break: Break | None
    streaks: UseSummary
    latest_symptoms: tuple[SymptomEntry, ...]
    latest_pain: PainCheckin | None
    #: Scored withdrawal check-ins (SOWS) since the day the running break began, oldest first (none
    #: without one).
    break_withdrawal: tuple[WithdrawalScore, ...] = ()
    #: Whether a scored withdrawal check-in was saved on today's journal day.
    withdrawal_today: bool = False

    #: The journal day `now` falls in.
    day: date | None = None
    #: The last 30 journal days, oldest first, with the grams counted on each (0 on a dose-free day).
    last_30: tuple[tuple[date, int], ...] = ()
    #: Journal days on which a rolling 24-hour total went over the cited upper limit's lower end,
    #: in the last 7 and the last 30 days (today included).
    days_over_week: int = 0
    days_over_month: int = 0
    #: The first pain check-in of the last 30 days, to show the change to the latest.
    first_pain: PainCheckin | None = None
    #: Symptoms whose rating this week differs from the one before it: (before, latest).
    symptom_changes: tuple[tuple[SymptomEntry | None, SymptomEntry], ...] = field(default=())

    @property
    def withdrawal_due(self) -> bool:
        """During a break, the daily scored check-in is invited until one is saved today."""
        return self.running_break is not None and not self.withdrawal_today

    @property
    def since_last(self) -> timedelta | None:
        if self.last_intake is None:
            return None
        # An intake logged a few minutes ahead (allowed) is "just now", not negative.
        return max(timedelta(0), self.now - self.last_intake.at.utc)

    @property
    def break_day(self) -> tuple[int, int | None] | None:
        """(day N, of M planned) for a running break."""
        brk = self.running_break
        if brk is None:
            return None
        today = Moment.from_utc(self.now, brk.start.zone).local.date()
        day_n = (today - brk.start.local.date()).days + 1
        planned = (brk.planned_end - brk.start.local.date()).days if brk.planned_end else None
        return day_n, planned

    @property
    def full_dose_free_days(self) -> int:
        """Whole journal days without an intake since the last one: today is not over, so it is not one."""
        if self.last_intake is None:
            return 0
        return max(0, self.streaks.current_dose_free - 1)


def read_today(store: Store, now: datetime, zone: str, *, upper_low_mg: int) -> Today:
    """Today's totals, the rolling 24 hours, the last intake, a running break, recent ratings,
    the last 30 days and the days over the cited limit (`upper_low_mg`) in them, what changed."""
    settings = store.settings()
    here = Moment.from_utc(now, zone)
    today = local_day(now, here.offset_min, settings.day_start_hour)
    totals = store.daily_totals(settings.day_start_hour, today - timedelta(days=400), today)
    # Up to the future tolerance: an intake logged a few minutes ahead counts already.
    window = rolling_total(now, store.doses(now - WINDOW, now + FUTURE_TOLERANCE + timedelta(seconds=1)))
    use_days = set(totals)
    first = min(use_days, default=today)
    todays = totals.get(today)
    streaks = use_summary(use_days, first, today)
    week_ago = now - timedelta(days=7)
    symptoms = store.symptoms(now - timedelta(days=37))
    recent = [e for e in symptoms if e.at.utc >= week_ago]
    pains = store.pain(now - timedelta(days=30))
    running = store.running_break()
    day = settings.day_start_hour
    scores: list[WithdrawalScore] = []
    if running is not None:  # from the journal day the break began (a time given to the minute counts)
        first = local_day(running.start.utc, running.start.offset_min, day)
        near = store.withdrawal(running.start.utc - timedelta(days=1))
        scores = [s for s in near if local_day(s.at.utc, s.at.offset_min, day) >= first]
    scored_today = any(local_day(s.at.utc, s.at.offset_min, day) == today for s in scores)
    month = days(today - timedelta(days=29), today)
    over = _days_over(store, now, month[0], settings.day_start_hour, upper_low_mg)
    return Today(
        now=now,
        last_intake=store.last_intake(),
        today_mg=todays.mg if todays else 0,
        today_estimate=bool(todays and todays.estimate),
        rolling_mg=window.total_mg,
        rolling_estimate=window.estimate,
        running_break=running,
        streaks=streaks,
        latest_symptoms=_latest_per_type(recent),
        latest_pain=pains[-1] if pains else None,
        break_withdrawal=tuple(scores),
        withdrawal_today=scored_today,
        day=today,
        last_30=tuple((d, totals[d].mg if d in totals else 0) for d in month),
        days_over_week=sum(1 for d in over if d > today - timedelta(days=7)),
        days_over_month=len(over),
        first_pain=pains[0] if len(pains) > 1 else None,
        symptom_changes=_changes(symptoms, week_ago),
    )


def _days_over(store: Store, now: datetime, first: date, day_start_hour: int, low_mg: int) -> set[date]:
    """Journal days from `first` on whose fullest rolling 24 hours went over `low_mg`."""
    start = datetime.combine(first, datetime.min.time(), now.tzinfo) - 2 * WINDOW
    rolling = daily_max_rolling(store.doses(start, now + FUTURE_TOLERANCE), day_start_hour)
    return {d for d, mg in rolling.items() if d >= first and mg > low_mg}


def _changes(
    entries: list[SymptomEntry], since: datetime
) -> tuple[tuple[SymptomEntry | None, SymptomEntry], ...]:
    """Symptoms (and body areas) rated differently this week than last time before it, newest first.

    A symptom first rated this week counts as changed only when rated above "none".
    """
    before: dict[tuple[str, str], SymptomEntry] = {}
    latest: dict[tuple[str, str], SymptomEntry] = {}
    for e in entries:  # in time order
        key = (e.type_key, e.body_area)
        (latest if e.at.utc >= since else before)[key] = e
    out = [
        (before.get(key), e)
        for key, e in latest.items()
        if (before[key].severity if key in before else Severity.NONE) != e.severity
    ]
    return tuple(sorted(out, key=lambda pair: pair[1].at.utc, reverse=True))


def _latest_per_type(entries: list[SymptomEntry], limit: int = 6) -> tuple[SymptomEntry, ...]:
    """The latest rating above "none" of each symptom, newest first."""
    latest = {e.type_key: e for e in entries if e.severity > 0}
    return tuple(sorted(latest.values(), key=lambda e: e.at.utc, reverse=True)[:limit])
