"""Intakes: saved with their findings, and read whole, as doses, or summed per day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, literal, select

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
    def add_intake(self, new: Intake, tags: Sequence[str] | None = None) -> Intake:
        """Save a new intake (and its tags); its findings, and those of every intake it reaches, are
        worked out here."""
        return self._add(INTAKES, new, tags)

    def update_intake(self, corrected: Intake, tags: Sequence[str] | None = None) -> Intake:
        """Save a corrected intake (and its tags, unless None); findings around its old and its new
        time are worked out again."""
        return self._correct(INTAKES, corrected.id, lambda _old: corrected, tags)

    def intake(self, intake_id: int) -> Intake:
        return self._get(INTAKES, intake_id)

    def intakes(self, start: datetime | None = None, end: datetime | None = None) -> list[Intake]:
        """Live intakes with start <= time < end, oldest first."""
        query = between(select(IntakeRow), IntakeRow, start, end).order_by(IntakeRow.at_utc)
        with self._tx() as s:
            return [intake(r) for r in s.scalars(query)]

    def usual_amounts(self, since: datetime) -> list[tuple[int, Decimal, Unit, Form, int]]:
        """How often each product was taken in each (amount, unit, form) since `since`.

        Grouped in SQL, so Today's presets do not read every intake of 90 days;
        groups come in the order of their first intake, as a count over the
        intakes in time order would meet them.
        """
        query = (
            between(
                select(
                    IntakeRow.product_id,
                    as_text(IntakeRow.amount),
                    IntakeRow.unit,
                    IntakeRow.form,
                    func.count(),
                ),
                IntakeRow,
                since,
                None,
            )
            .where(IntakeRow.product_id.is_not(None))
            .group_by(IntakeRow.product_id, IntakeRow.amount, IntakeRow.unit, IntakeRow.form)
            .order_by(func.min(IntakeRow.at_utc))
        )
        with self._tx() as s:
            return [
                (pid, Decimal(amount), Unit(unit), Form(form), n)
                for pid, amount, unit, form, n in s.execute(query)
            ]

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

    def daily_amounts(
        self, day_start_hour: int, start: date, end: date
    ) -> tuple[dict[date, DayTotal], dict[date, int]]:
        """Totals per local journal day from `start` to `end`, and the highest rolling 24-hour total
        reached on each: `stats.daily_sums` of the same intakes (a test holds the two equal).

        The time, offset and amounts come from the time index alone (it covers them), as
        columns; numpy (which matplotlib brings, imported here on first use) parses the
        times to exact microseconds and sums per day, and the rolling totals over
        (t - 24 h, t] are prefix sums between two sorted searches.
        """
        import numpy as np

        # A local day lies within a day and a half of the UTC day of the same date; a
        # rolling window reaches a day further back.
        low = datetime.combine(start, datetime.min.time(), UTC) - timedelta(days=3)
        high = datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=2)
        bounds = (f"{low:%Y-%m-%d %H:%M:%S}", f"{high:%Y-%m-%d %H:%M:%S}")
        with self._tx() as s:
            cursor = s.connection().connection.cursor()  # the driver's own: plain tuples, no wrapping
            try:
                rows = cursor.execute(_DOSE_COLUMNS, bounds).fetchall()
            finally:
                cursor.close()
        if not rows:
            return {}, {}
        at, offsets, amounts, estimates = zip(*rows, strict=True)
        micros = np.array(at, dtype="datetime64[us]").astype(np.int64)
        shift = (np.array(offsets, dtype=np.int64) - day_start_hour * 60) * 60_000_000
        day = (micros + shift) // _DAY_US  # journal day as days since 1970-01-01
        counted = np.fromiter((m is not None for m in amounts), dtype=bool, count=len(amounts))
        mg = np.fromiter((m or 0 for m in amounts), dtype=np.int64, count=len(amounts))
        estimate = np.array(estimates, dtype=bool)

        first, last = (start - _EPOCH).days, (end - _EPOCH).days
        days, where = np.unique(day, return_inverse=True)
        total = np.bincount(where, weights=mg, minlength=len(days))
        intakes = np.bincount(where, minlength=len(days))
        uncounted = np.bincount(where, weights=~counted, minlength=len(days))
        estimated = np.bincount(where, weights=estimate, minlength=len(days)) > 0
        totals = {}
        for k, t, n, u, e in zip(days.tolist(), total, intakes, uncounted, estimated, strict=True):
            if first <= k <= last:
                d = _EPOCH + timedelta(days=k)
                totals[d] = DayTotal(d, int(t), int(n), int(u), bool(e))

        # Rolling totals over (t - 24 h, t] at each counted intake, read in time order; intakes
        # at the same instant share one window.
        keep = np.flatnonzero(counted)
        times = micros[keep]
        sums = np.concatenate(([0], np.cumsum(mg[keep])))
        rolling = (
            sums[np.searchsorted(times, times, side="right")]
            - sums[np.searchsorted(times, times - _DAY_US, side="right")]
        )
        rolled, at_day = np.unique(day[keep], return_inverse=True)
        highest = np.zeros(len(rolled), dtype=np.int64)
        np.maximum.at(highest, at_day, rolling)
        maxima = {
            _EPOCH + timedelta(days=k): int(v)
            for k, v in zip(rolled.tolist(), highest.tolist(), strict=True)
            if first <= k <= last
        }
        return totals, maxima


_EPOCH = date(1970, 1, 1)
_DAY_US = 86_400_000_000
#: What daily sums read of each live intake, in time order, from the time index alone.
_DOSE_COLUMNS = (
    "SELECT at_utc, offset_min, leaf_mg, max(estimate, leaf_estimated) FROM intakes"
    " WHERE deleted IS NULL AND at_utc >= ? AND at_utc < ? ORDER BY at_utc"
)
