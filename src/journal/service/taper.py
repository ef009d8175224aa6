"""Taper plans: `journal.taper`, for the Plan dialog, Today, the intake form, charts, the summary
and `journal taper`.

A plan is the person's own ("your plan"), never guidance: nothing here cites a
source, and every word about it says "your plan". Several plans over time, one
active: setting a new one ends the running one on the new one's first day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from journal.domain.amounts import parse_amount
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.taper import Pause, PlanRecord, TableRow, TaperPlan, plan_record, table_plan
from journal.storage.store import Store


@dataclass(frozen=True, slots=True)
class PlanDay:
    """A journal day under a plan: what it plans and what was counted so far (milligrams)."""

    day: date
    plan: TaperPlan
    planned_mg: int
    taken_mg: int

    @property
    def left_mg(self) -> int:
        return max(0, self.planned_mg - self.taken_mg)

    @property
    def over_mg(self) -> int:
        return max(0, self.taken_mg - self.planned_mg)


class Taper:
    """`journal.taper`: set, pause, resume and end plans; read them against what was taken."""

    def __init__(self, store: Store, today: Callable[[], date]) -> None:
        self._store = store
        self._today = today

    def all(self) -> list[TaperPlan]:
        """Every plan, oldest first."""
        return self._store.plans()

    def active(self, on: date | None = None) -> TaperPlan | None:
        """The plan not ended by `on` (today): the running one, or one set to begin later.

        A plan set to begin later plans no day before its first (`TaperPlan.planned_g`).
        """
        day = on or self._today()
        running = [p for p in self.all() if p.ended is None or p.ended > day]
        return running[-1] if running else None

    def set(
        self,
        start: str | Decimal,
        target: str | Decimal,
        step: str | Decimal,
        every_days: int,
        first_day: date | None = None,
        *,
        decimal_sep: str = ".",
        notes: str = "",
    ) -> TaperPlan:
        """A new plan from `first_day` (today); the running one ends that day."""
        plan, running = self._checked(start, target, step, every_days, first_day, decimal_sep, notes)
        return self._store.start_plan(plan, running)

    def check(
        self,
        start: str | Decimal,
        target: str | Decimal,
        step: str | Decimal,
        every_days: int,
        first_day: date | None = None,
        *,
        decimal_sep: str = ".",
    ) -> TaperPlan:
        """The plan `set` would save, checked (InvalidInput at its field), nothing saved."""
        return self._checked(start, target, step, every_days, first_day, decimal_sep, "")[0]

    def set_table(
        self, rows: Sequence[tuple[str | date, str | Decimal]], *, decimal_sep: str = ".", notes: str = ""
    ) -> TaperPlan:
        """A new plan from a day-by-day table (days as dates or ISO text, grams as typed); its first
        listed day is its first, and the running plan ends that day."""
        plan = table_plan(parse_table(rows, decimal_sep), notes=notes)
        return self._store.start_plan(plan, self._running_before(plan))

    def check_table(
        self, rows: Sequence[tuple[str | date, str | Decimal]], *, decimal_sep: str = "."
    ) -> TaperPlan:
        """The plan `set_table` would save, checked (InvalidInput at "table" naming the row)."""
        plan = table_plan(parse_table(rows, decimal_sep))
        self._running_before(plan)
        return plan

    def _running_before(self, plan: TaperPlan) -> TaperPlan | None:
        running = self.active(plan.first_day)
        if running is not None and running.first_day >= plan.first_day:
            field = "table" if plan.is_table else "from"
            raise InvalidInput(
                field,
                f"Your plan running now starts on {running.first_day.isoformat()}: start the new one later.",
            )
        return running

    def _checked(
        self,
        start: str | Decimal,
        target: str | Decimal,
        step: str | Decimal,
        every_days: int,
        first_day: date | None,
        decimal_sep: str,
        notes: str,
    ) -> tuple[TaperPlan, TaperPlan | None]:
        plan = self.steps_plan(
            start, target, step, every_days, first_day, decimal_sep=decimal_sep, notes=notes
        )
        return plan, self._running_before(plan)

    def steps_plan(
        self,
        start: str | Decimal,
        target: str | Decimal,
        step: str | Decimal,
        every_days: int,
        first_day: date | None = None,
        *,
        decimal_sep: str = ".",
        notes: str = "",
    ) -> TaperPlan:
        """A plan that steps, read from what was typed (InvalidInput at its field); not saved, and not
        checked against the other plans (`set` and `correct` do that)."""
        return TaperPlan(
            _grams(start, "start", decimal_sep),
            _grams(target, "target", decimal_sep),
            _grams(step, "step", decimal_sep),
            every_days,
            first_day or self._today(),
            notes=notes,
        )

    @staticmethod
    def table_plan(
        rows: Sequence[tuple[str | date, str | Decimal]], *, decimal_sep: str = ".", notes: str = ""
    ) -> TaperPlan:
        """A day-by-day plan read from typed rows (InvalidInput at "table" naming the row); not saved."""
        return table_plan(parse_table(rows, decimal_sep), notes=notes)

    def update(self, plan: TaperPlan) -> TaperPlan:
        return self._store.update_plan(plan)

    def get(self, plan_id: int) -> TaperPlan:
        """One live plan (NotFound when deleted)."""
        for plan in self.all():
            if plan.id == plan_id:
                return plan
        raise NotFound(f"no plan with id {plan_id}")

    def correct(self, plan: TaperPlan) -> TaperPlan:
        """Save a corrected plan (the same id): its pauses (those from its first day) and end kept as
        they were; its first day stays after the plan before it, before the plan after it and
        before its own end (one plan at a time)."""
        old = self.get(plan.id) if plan.id is not None else None
        if old is None:
            raise InvalidInput("plan", "Only a saved plan can be corrected.")
        field = "table" if plan.is_table else "from"
        for other in self.all():
            if other.id == plan.id:
                continue
            if other.first_day < old.first_day and plan.first_day <= other.first_day:
                raise InvalidInput(
                    field, f"An earlier plan starts on {other.first_day.isoformat()}: start this one later."
                )
            if other.first_day > old.first_day and plan.first_day >= other.first_day:
                raise InvalidInput(
                    field, f"A later plan starts on {other.first_day.isoformat()}: start this one before it."
                )
        if old.ended is not None and plan.first_day >= old.ended:
            raise InvalidInput(field, f"This plan ended on {old.ended.isoformat()}: start it before then.")
        kept = tuple(p for p in old.pauses if p.start >= plan.first_day)
        return self._store.update_plan(
            replace(plan, id=old.id, created=old.created, pauses=kept, ended=old.ended)
        )

    def pause(self, on: date | None = None) -> TaperPlan:
        plan = self._running("pause")
        if plan.paused:
            raise InvalidInput("pause", "Your plan is already paused.")
        day = max(on or self._today(), plan.first_day)
        return self._store.update_plan(replace(plan, pauses=(*plan.pauses, Pause(day))))

    def resume(self, on: date | None = None) -> TaperPlan:
        plan = self._running("resume")
        if not plan.paused:
            raise InvalidInput("pause", "Your plan is not paused.")
        last = plan.pauses[-1]
        day = max(on or self._today(), last.start)
        return self._store.update_plan(replace(plan, pauses=(*plan.pauses[:-1], Pause(last.start, day))))

    def end(self, on: date | None = None) -> TaperPlan:
        """End the running plan on `on` (today): it plans nothing from that day."""
        plan = self._running("end")
        day = max(on or self._today(), plan.first_day)
        return self._store.update_plan(replace(plan, ended=day))

    def _running(self, what: str) -> TaperPlan:
        plan = self.active()
        if plan is None:
            raise InvalidInput("plan", f"There is no plan running to {what}.")
        return plan

    # -- against what was taken ----------------------------------------------------------------

    def day(self, day: date | None = None, *, extra_mg: int = 0) -> PlanDay | None:
        """The plan's amount for `day` (today) and what was counted on it (plus `extra_mg`, an intake
        being typed); None when no plan plans that day."""
        day = day or self._today()
        plan = self.active(day)
        planned = plan.planned_mg(day) if plan is not None else None
        if plan is None or planned is None:
            return None
        hour = self._store.settings().day_start_hour
        total = self._store.daily_totals(hour, day, day).get(day)
        return PlanDay(day, plan, planned, (total.mg if total else 0) + extra_mg)

    def totals(self, first: date, last: date) -> dict[date, int]:
        """Milligrams counted each journal day first..last (days without use left out)."""
        hour = self._store.settings().day_start_hour
        return {d: t.mg for d, t in self._store.daily_totals(hour, first, last).items()}

    def planned(self, first: date, last: date) -> dict[date, int]:
        """The planned milligrams each day first..last under whichever plan plans it."""
        out: dict[date, int] = {}
        for plan in self.all():
            day = max(first, plan.first_day)
            while day <= last:
                mg = plan.planned_mg(day)
                if mg is not None:
                    out[day] = mg
                day = date.fromordinal(day.toordinal() + 1)
        return out

    def record(self, plan: TaperPlan, first: date, last: date) -> PlanRecord:
        """How `plan` went on the journal days first..last (the caller leaves out a day not over)."""
        return plan_record(plan, self.totals(first, last), first, last)


def parse_table(rows: Sequence[tuple[str | date, str | Decimal]], decimal_sep: str = ".") -> list[TableRow]:
    """Rows as typed (a day as ISO text or a date, grams as text) read as a table, the days sorted as
    given; a row that cannot be read raises InvalidInput at "table" naming it (order and repeats are
    the domain's `check_table`)."""
    out: list[TableRow] = []
    for n, (day, grams) in enumerate(rows, 1):
        if isinstance(day, date):
            when = day
        else:
            try:
                when = date.fromisoformat(day.strip())
            except ValueError:
                raise InvalidInput(
                    "table", f"Row {n}: “{day.strip()}” is not a date like 2026-03-01."
                ) from None
        try:
            amount = _grams(grams, "table", decimal_sep)
        except InvalidInput as err:
            raise InvalidInput("table", f"Row {n} ({when.isoformat()}): {err.message}") from None
        out.append((when, amount))
    if not out:
        raise InvalidInput("table", "List at least one day in the table.")
    return out


def _grams(value: str | Decimal, field: str, decimal_sep: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = value.strip()
    if text in ("0", "0.0", "0,0"):
        return Decimal(0)
    try:
        return parse_amount(text, decimal_sep=decimal_sep, field=field)
    except InvalidInput as err:
        raise InvalidInput(field, err.message) from None
