"""Reading what the journal holds: `journal.entries`.

The pages, the charts, the reports and the command line read entries here;
every change goes through the Journal's own methods, which check it first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from journal.domain.entities import Break, Intake, Kind, PainCheckin, SymptomEntry, SymptomType
from journal.domain.guidance import Dose
from journal.domain.lines import (
    BreakLine,
    IntakeLine,
    LineQuery,
    PainLine,
    PhotoLine,
    PurchaseLine,
    SymptomLine,
    WithdrawalLine,
)
from journal.domain.stats import DayTotal
from journal.domain.tags import TagUse
from journal.domain.times import local_day
from journal.domain.withdrawal import WithdrawalScore
from journal.storage.store import Store
from journal.storage.store.tagged import TAGGED

_T = TypeVar("_T")


#: Daily sums kept for this many periods at a time.
_KEPT = 16


class Entries:
    """Live entries (deleted ones waiting for undo are left out), as domain values.

    Daily sums, which the charts and Today read over and over for the same
    periods, are kept per period until anything commits to the journal (any
    connection, any process: `Store.commits`).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._sums: dict[tuple[object, ...], Any] = {}
        self._sums_as_of: tuple[int, int] | None = None

    def _kept(self, key: tuple[object, ...], read: Callable[[], _T]) -> _T:
        """`read()`, or what it gave for `key` while nothing has been committed since."""
        now = self._store.commits()
        if now != self._sums_as_of:
            self._sums.clear()
            self._sums_as_of = now
        if key not in self._sums:
            if len(self._sums) >= _KEPT:
                self._sums.pop(next(iter(self._sums)))
            self._sums[key] = read()
        found: _T = self._sums[key]
        return found

    # -- intakes -----------------------------------------------------------------------

    def intakes(self, start: datetime | None = None, end: datetime | None = None) -> list[Intake]:
        """Intakes with start <= time < end, oldest first."""
        return self._store.intakes(start, end)

    def intake(self, intake_id: int) -> Intake:
        return self._store.intake(intake_id)

    def last_intake(self) -> Intake | None:
        return self._store.last_intake()

    def doses(self, start: datetime | None = None, end: datetime | None = None) -> list[Dose]:
        """What the guidance and statistics need of intakes in [start, end), cheaply."""
        return self._store.doses(start, end)

    def daily_totals(
        self, day_start_hour: int = 0, start: date | None = None, end: date | None = None
    ) -> dict[date, DayTotal]:
        """Totals per local journal day (only days with intakes), summed by the database."""
        key = ("totals", day_start_hour, start, end)
        return dict(self._kept(key, lambda: self._store.daily_totals(day_start_hour, start, end)))

    def daily_amounts(
        self, day_start_hour: int, start: date, end: date
    ) -> tuple[dict[date, DayTotal], dict[date, int]]:
        """Totals per local journal day from `start` to `end`, and the highest rolling 24-hour total
        reached on each (`stats.daily_sums` of the same intakes), summed from the time index."""
        key = ("amounts", day_start_hour, start, end)
        totals, maxima = self._kept(key, lambda: self._store.daily_amounts(day_start_hour, start, end))
        return dict(totals), dict(maxima)

    # -- symptoms, pain, breaks ---------------------------------------------------------

    def symptom_types(self) -> list[SymptomType]:
        """The catalogue's symptoms and the person's own, in the order they were added."""
        return self._store.symptom_types()

    def symptoms(self, start: datetime | None = None, end: datetime | None = None) -> list[SymptomEntry]:
        return self._store.symptoms(start, end)

    def symptom_entry(self, entry_id: int) -> SymptomEntry:
        return self._store.symptom_entry(entry_id)

    def symptom_ratings(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, int, str, int]]:
        """(UTC time, offset, symptom key, severity) of ratings in [start, end), cheaply."""
        return self._store.symptom_ratings(start, end)

    def pain(self, start: datetime | None = None, end: datetime | None = None) -> list[PainCheckin]:
        return self._store.pain(start, end)

    def pain_checkin(self, entry_id: int) -> PainCheckin:
        return self._store.pain_checkin(entry_id)

    def withdrawal(self, start: datetime | None = None, end: datetime | None = None) -> list[WithdrawalScore]:
        """Scored withdrawal check-ins (SOWS) with start <= time < end, oldest first."""
        return self._store.withdrawal(start, end)

    def withdrawal_score(self, entry_id: int) -> WithdrawalScore:
        return self._store.withdrawal_score(entry_id)

    def breaks(self) -> list[Break]:
        """Every break, oldest first."""
        return self._store.breaks()

    def get_break(self, break_id: int) -> Break:
        return self._store.get_break(break_id)

    def running_break(self) -> Break | None:
        return self._store.running_break()

    # -- the timeline's bulk reads -------------------------------------------------------

    def intake_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[IntakeLine]:
        """Every intake (or the one with `entry_id`, or those `query` narrows to) as a plain tuple,
        with its product's name."""
        return self._store.intake_lines(entry_id, query)

    def symptom_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[SymptomLine]:
        return self._store.symptom_lines(entry_id, query)

    def pain_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[PainLine]:
        return self._store.pain_lines(entry_id, query)

    def withdrawal_lines(
        self, entry_id: int | None = None, query: LineQuery | None = None
    ) -> list[WithdrawalLine]:
        return self._store.withdrawal_lines(entry_id, query)

    def photo_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[PhotoLine]:
        """Photos as plain tuples, each with the symptom rating it is linked to."""
        return self._store.photo_lines(entry_id, query)

    def break_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[BreakLine]:
        return self._store.break_lines(entry_id, query)

    def purchase_lines(
        self, entry_id: int | None = None, query: LineQuery | None = None
    ) -> list[PurchaseLine]:
        """Purchases and stock corrections as plain tuples, with their product names."""
        return self._store.purchase_lines(entry_id, query)

    def line_ids(self, kind: Kind, query: LineQuery | None = None) -> list[int]:
        """Ids of the live entries of `kind` that `query` matches (its page ignored)."""
        return self._store.line_ids(kind.value, query)

    def line_count(self, kind: Kind, query: LineQuery | None = None) -> int:
        """How many live entries of `kind` `query` matches."""
        return self._store.line_count(kind.value, query)

    def line_choices(self) -> tuple[list[tuple[int | None, str]], list[tuple[str, str]]]:
        """(id, name) of the products live intakes name (None: some name none); (key, label) of
        the symptoms live ratings name."""
        return self._store.line_choices()

    # -- context tags ----------------------------------------------------------------------

    def entry_tags(self, kind: Kind, entry_id: int) -> tuple[str, ...]:
        """The context tags of one entry, sorted."""
        return self._store.entry_tags(kind.value, entry_id)

    def tags_of(self, kind: Kind, entry_ids: Iterable[int] | None = None) -> dict[int, tuple[str, ...]]:
        """The tags of many entries of `kind` (or of all of them) by id, in one read: History's rows."""
        if kind.value not in TAGGED:
            return {}
        return self._store.tags_of(kind.value, entry_ids)

    def tag_counts(self) -> dict[str, int]:
        """Every tag on a live entry, with how many entries carry it: what the tag fields offer."""
        return self._store.tag_counts()

    def tag_uses(self, start: datetime, end: datetime, day_start_hour: int = 0) -> list[TagUse]:
        """Each tag on a live entry whose time lies in [start, end), oldest first, with its journal day."""
        return [
            TagUse(tag, kind, ident, local_day(at, offset, day_start_hour))
            for tag, kind, ident, at, offset in self._store.tag_uses(start, end)
        ]
