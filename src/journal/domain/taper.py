"""A taper plan: the person's own (or their clinician's) schedule from a start amount to a target.

Always "your plan", never guidance: no source gives a taper schedule. The plan
is either a start amount, a target and a step (an amount every so many days)
from a first day, or an explicit day-by-day table (`table_plan`): listed days
with their amounts, the first listed day the plan's first, each amount holding
until the next listed day and the last until the plan ends. Days are journal
days (local calendar days), so a DST day is one day like any other. A pause
holds the amount where it is: the days paused do not count towards the next
step, and the schedule goes on from there on resuming; a table is shifted
later by the paused days in the same way (a day listed during a pause comes
that many days later). The plan ends on the day it is ended (or a new plan
starts); before its first day and from its end it plans nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.domain.amounts import to_mg
from journal.domain.errors import InvalidInput

#: The largest amount a plan may name, in grams (the journal refuses larger single intakes too).
MAX_PLAN_G = Decimal(100)
MAX_EVERY_DAYS = 365
#: The most days a day-by-day table lists (three years of daily rows).
MAX_TABLE_DAYS = 1100
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


#: One row of a day-by-day table: a journal day and the grams planned from it.
TableRow = tuple[date, Decimal]


@dataclass(frozen=True, slots=True)
class TaperPlan:
    """From `start_g` towards `target_g`, `step_g` every `every_days` days, from `first_day`; or, when
    `table` lists days, those amounts (then start and target are its first and last amounts, and
    the step is not used: build one with `table_plan`)."""

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
    #: The day-by-day table, days in order; empty: the step rules plan each day.
    table: tuple[TableRow, ...] = ()

    def __post_init__(self) -> None:
        if self.table:
            self._check_table()
        else:
            self._check_steps()
        if self.ended is not None and self.ended < self.first_day:
            raise InvalidInput("ended", "A plan cannot end before its first day.")
        previous: date | None = None
        for pause in self.pauses:
            if pause.start < self.first_day or (previous is not None and pause.start < previous):
                raise InvalidInput("pause", "Pauses follow each other within the plan.")
            if pause.end is not None and pause.end < pause.start:
                raise InvalidInput("pause", "A pause cannot end before it starts.")
            previous = pause.end if pause.end is not None else pause.start

    def _check_steps(self) -> None:
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

    def _check_table(self) -> None:
        check_table(self.table)
        if self.table[0][0] != self.first_day:
            raise InvalidInput(
                "table", f"Row 1: the table starts on the plan's first day, {self.first_day.isoformat()}."
            )
        if (self.start_g, self.target_g) != (self.table[0][1], self.table[-1][1]):
            raise InvalidInput("table", "The start and target are the table's first and last amounts.")

    @property
    def is_table(self) -> bool:
        return bool(self.table)

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
        if self.table:
            shifted = self.first_day + timedelta(days=self.counted_days(day))
            row = bisect_right(self.table, shifted, key=lambda r: r[0]) - 1
            return self.table[max(row, 0)][1]
        steps = self.counted_days(day) // self.every_days
        if self.reducing:
            return max(self.target_g, self.start_g - self.step_g * steps)
        return min(self.target_g, self.start_g + self.step_g * steps)

    def planned_mg(self, day: date) -> int | None:
        grams = self.planned_g(day)
        return None if grams is None else to_mg(grams)

    def reaches_target(self) -> date | None:
        """The first day the target is planned (pauses to come not known), None once ended before it."""
        if self.table:
            day = self.table[-1][0]
        else:
            steps = -(-abs(self.start_g - self.target_g) // self.step_g)  # ceiling
            day = self.first_day + timedelta(days=int(steps) * self.every_days)
        day += timedelta(days=sum((p.end - p.start).days for p in self.pauses if p.end is not None))
        if self.paused:
            return None
        return day if self.ended is None or day < self.ended else None

    def describe(self) -> str:
        """ "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-01"; a table: "8 g to 4 g, day by day
        (5 days listed), from 2026-03-01" """
        if self.table:
            listed = f"{len(self.table)} day{'s' if len(self.table) != 1 else ''} listed"
            return (
                f"{_g(self.start_g)} to {_g(self.target_g)}, day by day ({listed}), "
                f"from {self.first_day.isoformat()}"
            )
        direction = "less" if self.reducing else "more"
        every = "day" if self.every_days == 1 else f"{self.every_days} days"
        return (
            f"{_g(self.start_g)} to {_g(self.target_g)}, {_g(self.step_g)} {direction} every {every}, "
            f"from {self.first_day.isoformat()}"
        )

    def row_starts(self) -> list[date | None]:
        """The calendar day each table row's amount begins, pauses counted (a row listed for day 8
        with 2 days paused before it begins on day 10); None for a row never reached, because
        the plan ended first or a pause holds it still. [] for a plan that steps."""
        if not self.table:
            return []
        closed = sum((p.end - p.start).days for p in self.pauses if p.end is not None)
        out: list[date | None] = []
        day = self.first_day
        for listed, _grams in self.table:
            bound = listed + timedelta(days=closed)
            while day <= bound and self.first_day + timedelta(days=self.counted_days(day)) < listed:
                day += timedelta(days=1)
            reached = day <= bound and (self.ended is None or day < self.ended)
            out.append(day if reached else None)
        return out

    def table_text(self) -> list[str]:
        """The table's rows as listed, like "2026-03-01: 8 g" (before any pause shifts them); [] for steps."""
        return [f"{day.isoformat()}: {_g(grams)}" for day, grams in self.table]


def check_table(rows: Sequence[TableRow]) -> None:
    """Refuse a table with no rows, too many, days out of order or twice, or amounts out of range;
    the message names the row ("table")."""
    if not rows:
        raise InvalidInput("table", "List at least one day in the table.")
    if len(rows) > MAX_TABLE_DAYS:
        raise InvalidInput("table", f"A table lists up to {MAX_TABLE_DAYS} days ({len(rows)} given).")
    previous: date | None = None
    for n, (day, grams) in enumerate(rows, 1):
        if not grams.is_finite() or grams < 0 or grams > MAX_PLAN_G:
            raise InvalidInput("table", f"Row {n} ({day.isoformat()}): give 0 to {MAX_PLAN_G} g.")
        if previous is not None and day == previous:
            raise InvalidInput("table", f"Row {n}: {day.isoformat()} is listed twice.")
        if previous is not None and day < previous:
            raise InvalidInput(
                "table",
                f"Row {n}: {day.isoformat()} comes before {previous.isoformat()}: list days in order.",
            )
        previous = day


def table_plan(
    rows: Sequence[TableRow],
    *,
    pauses: tuple[Pause, ...] = (),
    ended: date | None = None,
    notes: str = "",
    id: int | None = None,
    created: datetime | None = None,
) -> TaperPlan:
    """A plan from a day-by-day table: its first listed day is the plan's first day, its first and
    last amounts the start and target (InvalidInput at "table" for a table out of order)."""
    check_table(rows)
    table = tuple((day, Decimal(grams)) for day, grams in rows)
    return TaperPlan(
        table[0][1],
        table[-1][1],
        Decimal(0),
        1,
        table[0][0],
        pauses,
        ended,
        notes,
        id,
        created,
        table,
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
