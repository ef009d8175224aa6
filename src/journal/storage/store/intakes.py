"""Intakes: saved with their findings, and read whole, as doses, or summed per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from journal.domain.entities import Intake, Settings
from journal.domain.guidance import Dose
from journal.domain.stats import DayTotal
from journal.storage import findings
from journal.storage.models import IntakeRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import INTAKES, aware, between, intake, utc


class Intakes(StoreBase):
    def add_intake(self, new: Intake) -> Intake:
        """Save a new intake; its findings, and those of every intake it reaches, are worked out here."""
        return self._add(INTAKES, new)

    def update_intake(self, corrected: Intake) -> Intake:
        """Save a corrected intake; findings around its old and its new time are worked out again."""
        return self._correct(INTAKES, corrected.id, lambda _old: corrected)

    def intake(self, intake_id: int) -> Intake:
        return self._get(INTAKES, intake_id)

    def intakes(self, start: datetime | None = None, end: datetime | None = None) -> list[Intake]:
        """Live intakes with start <= time < end, oldest first."""
        query = between(select(IntakeRow), IntakeRow, start, end).order_by(IntakeRow.at_utc)
        with self._tx() as s:
            return [intake(r) for r in s.scalars(query)]

    def last_intake(self) -> Intake | None:
        query = (
            select(IntakeRow).where(IntakeRow.deleted.is_(None)).order_by(IntakeRow.at_utc.desc()).limit(1)
        )
        with self._tx() as s:
            row = s.scalars(query).first()
            return None if row is None else intake(row)

    def doses(self, start: datetime | None = None, end: datetime | None = None) -> list[Dose]:
        """What the guidance and statistics need of intakes in [start, end), cheaply."""
        cols = (
            utc(IntakeRow.at_utc),
            IntakeRow.leaf_mg,
            IntakeRow.estimate,
            IntakeRow.leaf_estimated,
            IntakeRow.offset_min,
            IntakeRow.id,
        )
        query = between(select(*cols), IntakeRow, start, end).order_by(IntakeRow.at_utc)
        with self._tx() as s:
            rows = s.connection().execute(query).all()  # Core rows, times read as text: fast
        return [Dose(aware(at), mg, bool(e1 or e2), off, i) for at, mg, e1, e2, off, i in rows]

    def used_before(self, at: datetime, ident: int | None = None) -> bool:
        """Whether an intake other than `ident` was taken before `at` (then the person is not starting)."""
        with self._tx() as s:
            return findings.used_before(s.connection(), at, ident)

    def doses_near(self, at: datetime, offset_min: int, settings: Settings) -> list[Dose]:
        """The intakes the rules read for an intake at `at`: 24 hours either side and its run of use days."""
        with self._tx() as s:
            return findings.context(s.connection(), at, offset_min, settings)

    def daily_totals(
        self, day_start_hour: int = 0, start: date | None = None, end: date | None = None
    ) -> dict[date, DayTotal]:
        """Totals per local journal day, summed in SQL (only days with intakes)."""
        shift = IntakeRow.offset_min - day_start_hour * 60
        # Whole seconds only: SQLite rounds fractions to milliseconds, which would
        # move 23:59:59.9996 to the next day where Python keeps it on this one.
        whole_seconds = func.substr(IntakeRow.at_utc, 1, 19)
        day = func.date(whole_seconds, func.printf("%d minutes", shift))
        query = (
            select(
                day,
                func.coalesce(func.sum(IntakeRow.leaf_mg), 0),
                func.count(),
                func.count() - func.count(IntakeRow.leaf_mg),
                func.max(IntakeRow.estimate | IntakeRow.leaf_estimated),
            )
            .where(IntakeRow.deleted.is_(None))
            .group_by(day)
            .order_by(day)
        )
        # A local day lies within a day and a half of the UTC day of the same date
        # (offsets reach ±14 h, the day start 12 h): bound the scan by the time index first.
        margin = timedelta(days=2)
        if start is not None:
            begin = datetime.combine(start, datetime.min.time(), UTC) - margin
            query = query.where(IntakeRow.at_utc >= begin).having(day >= start.isoformat())
        if end is not None:
            finish = datetime.combine(end, datetime.min.time(), UTC) + margin
            query = query.where(IntakeRow.at_utc < finish).having(day <= end.isoformat())
        with self._tx() as s:
            return {
                date.fromisoformat(d): DayTotal(date.fromisoformat(d), mg, n, unc, bool(est))
                for d, mg, n, unc, est in s.execute(query)
            }
