"""Reading what the journal holds: `journal.entries`.

The pages, the charts, the reports and the command line read entries here;
every change goes through the Journal's own methods, which check it first.
"""

from __future__ import annotations

from datetime import date, datetime

from journal.domain.entities import Break, Intake, PainCheckin, SymptomEntry, SymptomType
from journal.domain.guidance import Dose
from journal.domain.lines import BreakLine, IntakeLine, PainLine, SymptomLine
from journal.domain.stats import DayTotal
from journal.domain.withdrawal import WithdrawalScore
from journal.storage.store import Store


class Entries:
    """Live entries (deleted ones waiting for undo are left out), as domain values."""

    def __init__(self, store: Store) -> None:
        self._store = store

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
        return self._store.daily_totals(day_start_hour, start, end)

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

    def intake_lines(self, entry_id: int | None = None) -> list[IntakeLine]:
        """Every intake (or the one with `entry_id`) as a plain tuple, with its product's name."""
        return self._store.intake_lines(entry_id)

    def symptom_lines(self, entry_id: int | None = None) -> list[SymptomLine]:
        return self._store.symptom_lines(entry_id)

    def pain_lines(self, entry_id: int | None = None) -> list[PainLine]:
        return self._store.pain_lines(entry_id)

    def break_lines(self, entry_id: int | None = None) -> list[BreakLine]:
        return self._store.break_lines(entry_id)
