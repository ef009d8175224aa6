"""A taper plan: the person's own (or their clinician's) schedule from a start amount to a target.

Always "your plan", never guidance: no source gives a taper schedule. The plan
is a start amount, a target and a step (an amount every so many days) from a
first day; days are journal days (local calendar days), so a DST day is one day
like any other. A pause holds the amount where it is: the days paused do not
count towards the next step, and the schedule goes on from there on resuming.
The plan ends on the day it is ended (or a new plan starts); before its first
day and from its end it plans nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.domain.amounts import to_mg
from journal.domain.errors import InvalidInput

#: The largest amount a plan may name, in grams (the journal refuses larger single intakes too).
MAX_PLAN_G = Decimal(100)
MAX_EVERY_DAYS = 365
BASIS = "your plan"


@dataclass(frozen=True, slots=True)
class Pause:
    """Days on which the plan held still: from `start` up to (not including) `end`; end None: still paused."""

    start: date
    end: date | None = None

    def days_before(self, day: date) -> int:
        """Paused days strictly before `day`."""
        last = day if self.end is None else min(day, self.end)
        return max(0, (last - self.start).days)


@dataclass(frozen=True, slots=True)
class TaperPlan:
    """From `start_g` towards `target_g`, `step_g` every `every_days` days, from `first_day`."""

    start_g: Decimal
    target_g: Decimal
    step_g: Decimal
    every_days: int
    first_day: date
    pauses: tuple[Pause, ...] = ()
    ended: date | None = None
    notes: str = ""
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        for field, value, what in (
            ("start", self.start_g, "The start amount"),
            ("target", self.target_g, "The target"),
            ("step", self.step_g, "The step"),
        ):
            if not value.is_finite() or value < 0 or value > MAX_PLAN_G:
                raise InvalidInput(field, f"{what} must be between 0 and {MAX_PLAN_G} g.")
        if self.step_g <= 0:
            raise InvalidInput("step", "The step must be more than 0 g.")
        if self.start_g == self.target_g:
            raise InvalidInput("target", "The target is the start amount: there is nothing to step.")
        if not 1 <= self.every_days <= MAX_EVERY_DAYS:
            raise InvalidInput("every", f"Step every 1 to {MAX_EVERY_DAYS} days.")
        if self.ended is not None and self.ended < self.first_day:
            raise InvalidInput("ended", "A plan cannot end before its first day.")
        previous: date | None = None
        for pause in self.pauses:
            if pause.start < self.first_day or (previous is not None and pause.start < previous):
                raise InvalidInput("pause", "Pauses follow each other within the plan.")
            if pause.end is not None and pause.end < pause.start:
                raise InvalidInput("pause", "A pause cannot end before it starts.")
            previous = pause.end if pause.end is not None else pause.start

    @property
    def reducing(self) -> bool:
        return self.target_g < self.start_g

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    def active_on(self, day: date) -> bool:
        return self.first_day <= day and (self.ended is None or day < self.ended)

    def counted_days(self, day: date) -> int:
        """Days of the plan before `day` that were not paused (what the steps count)."""
        elapsed = (day - self.first_day).days
        return elapsed - sum(p.days_before(day) for p in self.pauses)

    def planned_g(self, day: date) -> Decimal | None:
        """The amount planned for the journal day `day`, or None outside the plan."""
        if not self.active_on(day):
            return None
        steps = self.counted_days(day) // self.every_days
        if self.reducing:
            return max(self.target_g, self.start_g - self.step_g * steps)
        return min(self.target_g, self.start_g + self.step_g * steps)

    def planned_mg(self, day: date) -> int | None:
        grams = self.planned_g(day)
        return None if grams is None else to_mg(grams)

    def reaches_target(self) -> date | None:
        """The first day the target is planned (pauses to come not known), None once ended before it."""
        steps = -(-abs(self.start_g - self.target_g) // self.step_g)  # ceiling
        day = self.first_day + timedelta(days=int(steps) * self.every_days)
        day += timedelta(days=sum((p.end - p.start).days for p in self.pauses if p.end is not None))
        if self.paused:
            return None
        return day if self.ended is None or day < self.ended else None

    def describe(self) -> str:
        """ "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-01" """
        direction = "less" if self.reducing else "more"
        every = "day" if self.every_days == 1 else f"{self.every_days} days"
        return (
            f"{_g(self.start_g)} to {_g(self.target_g)}, {_g(self.step_g)} {direction} every {every}, "
            f"from {self.first_day.isoformat()}"
        )


def _g(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return f"{text} g"


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan (from its first day, in steps of 7): planned and actual mean grams a day."""

    first: date
    days: int
    planned_mg: int
    actual_mg: int
    kept: int


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """How a plan went on the days counted: days kept (at or under the plan) and the weeks."""

    days: int
    kept: int
    weeks: tuple[PlanWeek, ...]


def plan_record(plan: TaperPlan, totals: Mapping[date, int], first: date, last: date) -> PlanRecord:
    """The plan against the grams counted each journal day (`totals`, mg) on first..last, both included
    (the caller leaves out a day not over yet). A day kept is one at or under its planned amount."""
    days = [d for d in _days(max(first, plan.first_day), last) if plan.planned_mg(d) is not None]
    kept = [d for d in days if totals.get(d, 0) <= (plan.planned_mg(d) or 0)]
    weeks: dict[int, list[date]] = {}
    for d in days:
        weeks.setdefault((d - plan.first_day).days // 7, []).append(d)
    out = []
    for n in sorted(weeks):
        ds = weeks[n]
        planned = sum(plan.planned_mg(d) or 0 for d in ds)
        actual = sum(totals.get(d, 0) for d in ds)
        out.append(
            PlanWeek(
                plan.first_day + timedelta(days=7 * n),
                len(ds),
                round(planned / len(ds)),
                round(actual / len(ds)),
                sum(1 for d in ds if d in kept),
            )
        )
    return PlanRecord(len(days), len(kept), tuple(out))


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
