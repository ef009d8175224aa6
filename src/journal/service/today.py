"""What the Today page and `journal today` show, read in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from journal.domain.entities import Break, Intake, PainCheckin, SymptomEntry
from journal.domain.guidance import WINDOW, rolling_total
from journal.domain.stats import UseSummary, use_summary
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


def read_today(store: Store, now: datetime, zone: str) -> Today:
    """Today's totals, the rolling 24 hours, the last intake, a running break, recent ratings."""
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
    symptoms = store.symptoms(now - timedelta(days=7))
    pains = store.pain(now - timedelta(days=30))
    running = store.running_break()
    day = settings.day_start_hour
    scores: list[WithdrawalScore] = []
    if running is not None:  # from the journal day the break began (a time given to the minute counts)
        first = local_day(running.start.utc, running.start.offset_min, day)
        near = store.withdrawal(running.start.utc - timedelta(days=1))
        scores = [s for s in near if local_day(s.at.utc, s.at.offset_min, day) >= first]
    scored_today = any(local_day(s.at.utc, s.at.offset_min, day) == today for s in scores)
    return Today(
        now=now,
        last_intake=store.last_intake(),
        today_mg=todays.mg if todays else 0,
        today_estimate=bool(todays and todays.estimate),
        rolling_mg=window.total_mg,
        rolling_estimate=window.estimate,
        running_break=running,
        streaks=streaks,
        latest_symptoms=_latest_per_type(symptoms),
        latest_pain=pains[-1] if pains else None,
        break_withdrawal=tuple(scores),
        withdrawal_today=scored_today,
    )


def _latest_per_type(entries: list[SymptomEntry], limit: int = 6) -> tuple[SymptomEntry, ...]:
    """The latest rating above "none" of each symptom, newest first."""
    latest = {e.type_key: e for e in entries if e.severity > 0}
    return tuple(sorted(latest.values(), key=lambda e: e.at.utc, reverse=True)[:limit])
