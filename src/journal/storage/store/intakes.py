"""Intakes: saved with their findings, and read whole, as doses, or summed per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, literal, select, text

from journal.domain.entities import Finding, Form, Intake, Settings, Unit
from journal.domain.guidance import Dose
from journal.domain.stats import DayTotal
from journal.domain.times import Moment
from journal.storage import findings
from journal.storage.findings import findings_from_json
from journal.storage.models import IntakeRow
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import INTAKES, aware, between, intake, integer, utc
from journal.storage.store.rows import text as as_text


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

    def plain_intakes(
        self, start: datetime | None = None, end: datetime | None = None, *, with_findings: bool = False
    ) -> list[Intake]:
        """Live intakes with start <= time < end, oldest first, read cheaply through Core.

        Without their findings unless asked; intakes whose findings are stored
        alike share one parsed tuple of them.
        """
        i = IntakeRow
        cols = (
            i.id,
            utc(i.at_utc),
            i.zone,
            i.offset_min,
            as_text(i.amount),
            i.unit,
            i.form,
            i.product_id,
            i.leaf_mg,
            integer(i.estimate),
            integer(i.leaf_estimated),
            i.notes,
            utc(i.created),
            utc(i.updated),
            i.findings if with_findings else literal("[]"),
        )
        query = between(select(*cols), IntakeRow, start, end).order_by(IntakeRow.at_utc, IntakeRow.id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        units, forms = {u.value: u for u in Unit}, {f.value: f for f in Form}
        parsed: dict[str, tuple[Finding, ...]] = {"[]": ()}

        def found(text: str) -> tuple[Finding, ...]:
            known = parsed.get(text)
            if known is None:
                known = parsed[text] = findings_from_json(text)
            return known

        decimals: dict[str, Decimal] = {}
        return [
            Intake(
                Moment(aware(at), zone, offset),
                decimals.get(amount) or decimals.setdefault(amount, Decimal(amount)),
                units[unit],
                forms[form],
                leaf_mg,
                product_id,
                bool(estimate),
                bool(leaf_estimated),
                notes,
                found(stored),
                ident,
                aware(created),
                aware(updated),
            )
            for (
                ident,
                at,
                zone,
                offset,
                amount,
                unit,
                form,
                product_id,
                leaf_mg,
                estimate,
                leaf_estimated,
                notes,
                created,
                updated,
                stored,
            ) in rows
        ]

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

    def daily_amounts(
        self, day_start_hour: int, start: date, end: date
    ) -> tuple[dict[date, DayTotal], dict[date, int]]:
        """Totals per local journal day from `start` to `end`, and the highest rolling 24-hour total
        reached on each, all summed by the database (`stats.daily_sums` gives the same from doses).

        Each counted intake's rolling total over (t - 24 h, t] is a window sum over
        times in whole microseconds (exact, like the domain's), so only a row per
        day leaves SQLite.
        """
        shift = day_start_hour * 60
        # A local day lies within a day and a half of the UTC day of the same date; a
        # rolling window reaches a day further back.
        low = datetime.combine(start, datetime.min.time(), UTC) - timedelta(days=3)
        high = datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=2)
        bounds = {"low": f"{low:%Y-%m-%d %H:%M:%S}", "high": f"{high:%Y-%m-%d %H:%M:%S}"}
        rows = self._daily_rows(
            {"shift": shift, **bounds, "first": start.isoformat(), "last": end.isoformat()}
        )
        totals: dict[date, DayTotal] = {}
        maxima: dict[date, int] = {}
        for text_day, mg, n, uncounted, estimate, rolling in rows:
            day = date.fromisoformat(text_day)
            totals[day] = DayTotal(day, int(mg), n, uncounted, bool(estimate))
            if rolling is not None:
                maxima[day] = int(rolling)
        return totals, maxima

    def _daily_rows(self, values: dict[str, Any]) -> list[Any]:
        with self._tx() as s:
            return list(s.connection().execute(_DAILY_AMOUNTS, values))


#: Each live intake's journal day and, if counted, its rolling 24-hour total (a window over its
#: time in microseconds), grouped by day. Times are stored as "YYYY-MM-DD HH:MM:SS.ffffff".
_DAILY_AMOUNTS = text(
    """
    SELECT day, coalesce(sum(leaf_mg), 0), count(*), count(*) - count(leaf_mg), max(est), max(rolling)
    FROM (
        SELECT
            date(substr(at_utc, 1, 19), printf('%d minutes', offset_min - :shift)) AS day,
            leaf_mg,
            max(estimate, leaf_estimated) AS est,
            CASE WHEN leaf_mg IS NOT NULL THEN sum(leaf_mg) OVER (
                ORDER BY us RANGE BETWEEN 86399999999 PRECEDING AND CURRENT ROW
            ) END AS rolling
        FROM (
            SELECT
                at_utc, offset_min, leaf_mg, estimate, leaf_estimated,
                CAST(strftime('%s', substr(at_utc, 1, 19)) AS INTEGER) * 1000000
                    + CAST(substr(at_utc, 21, 6) AS INTEGER) AS us
            FROM intakes
            WHERE deleted IS NULL AND at_utc >= :low AND at_utc < :high
        )
    )
    WHERE day BETWEEN :first AND :last
    GROUP BY day
    ORDER BY day
    """
)
