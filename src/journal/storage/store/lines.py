"""The History timeline's reads: live entries as plain tuples, in bulk, filtered and paged in SQL.

Times and amounts are read as their stored text and converted here: the
column types' per-value conversion would cost several times as much, and Core
rows skip the ORM's loading step. A `LineQuery` narrows a read in SQL: local
days (the time index bounds the scan, the day itself is worked out per row),
a product, a symptom, words in the notes, a context tag, and a page newest first.

Words are matched case-folded, as Python's `str.casefold` does. SQLite's
`lower` folds only ASCII, so for ASCII words SQL keeps the rows whose notes
hold them in ASCII lower case or hold one of the few characters that fold into
ASCII letters (`FOLD_TO_ASCII`), for other words the rows whose notes hold any
character beyond ASCII: a superset, which the rows read are checked against
exactly here; a page reads on until it is full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import and_, case, false, func, literal, or_, select

from journal.domain.entities import Break
from journal.domain.lines import (
    BreakLine,
    FindingNote,
    IntakeLine,
    LineQuery,
    PainLine,
    PhotoLine,
    PurchaseLine,
    SymptomLine,
    WithdrawalLine,
)
from journal.domain.times import Moment
from journal.storage.models import (
    BreakRow,
    EntryTagRow,
    IntakeRow,
    PainRow,
    PhotoRow,
    ProductRow,
    PurchaseRow,
    SymptomEntryRow,
    SymptomTypeRow,
    WithdrawalRow,
)
from journal.storage.store.base import StoreBase
from journal.storage.store.rows import aware, finding_notes, integer, text, utc
from journal.storage.store.tagged import kind_of

#: A character that is not ASCII (GLOB pattern): notes with one may fold into words that are not.
_NOT_ASCII = "*[^\x01-\x7f]*"
#: The characters beyond ASCII whose case folding holds ASCII letters (ß -> ss, ﬁ -> fi, K -> k, ...):
#: of notes without any, SQLite's ASCII `lower` finds ASCII words exactly as `casefold` does.
FOLD_TO_ASCII = (
    "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
_FOLDING = f"*[{FOLD_TO_ASCII}]*"
#: Local days lie within 18 hours of UTC (the widest offset an import accepts): bound the scan by a day.
_MARGIN = timedelta(days=1)
L = TypeVar("L")


@dataclass(frozen=True)
class _Kind:
    """How one kind of entry is read: its time, id, notes and zone offset columns."""

    time: Any
    ident: Any
    notes: Any
    offset: Any


_INTAKE = _Kind(IntakeRow.at_utc, IntakeRow.id, IntakeRow.notes, IntakeRow.offset_min)
_SYMPTOM = _Kind(
    SymptomEntryRow.at_utc, SymptomEntryRow.id, SymptomEntryRow.notes, SymptomEntryRow.offset_min
)
_PAIN = _Kind(PainRow.at_utc, PainRow.id, PainRow.notes, PainRow.offset_min)
#: A withdrawal check-in has no notes: words in the notes find none of them.
_WITHDRAWAL = _Kind(WithdrawalRow.at_utc, WithdrawalRow.id, literal(""), WithdrawalRow.offset_min)
_PHOTO = _Kind(PhotoRow.at_utc, PhotoRow.id, PhotoRow.notes, PhotoRow.offset_min)
_PURCHASE = _Kind(PurchaseRow.at_utc, PurchaseRow.id, PurchaseRow.notes, PurchaseRow.offset_min)
_BREAK = _Kind(
    BreakRow.start_utc,
    BreakRow.id,
    case(
        (and_(BreakRow.reason != "", BreakRow.outcome != ""), BreakRow.reason + "\n" + BreakRow.outcome),
        else_=BreakRow.reason + BreakRow.outcome,
    ),
    BreakRow.offset_min,
)


def _plain_rows(con: Any, statement: Any) -> list[Any]:
    """The rows of `statement` as the driver gives them: plain tuples, no result processing.

    For the reads here that select text and whole numbers only (times as text, see
    `rows.utc`): a hundred thousand rows come back in half the time.
    """
    result = con.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _narrow(query: Any, kind: _Kind, q: LineQuery | None) -> Any:
    """`query` narrowed to what `q` asks, in SQL (words only to a superset: see the module's note)."""
    if q is None:
        return query
    if q.first_day is not None or q.last_day is not None:
        day = func.date(func.substr(kind.time, 1, 19), func.printf("%d minutes", kind.offset))
        if q.first_day is not None:
            query = query.where(kind.time >= _midnight(q.first_day) - _MARGIN, day >= q.first_day.isoformat())
        if q.last_day is not None:
            end = _midnight(q.last_day) + timedelta(days=1) + _MARGIN
            query = query.where(kind.time < end, day <= q.last_day.isoformat())
    if q.text:
        if q.text.isascii():
            found = func.instr(func.lower(kind.notes), q.text) > 0
            query = query.where(or_(found, kind.notes.op("GLOB")(literal(_FOLDING))))
        else:
            query = query.where(kind.notes.op("GLOB")(literal(_NOT_ASCII)))
    if q.tag is not None:
        query = query.where(_tagged(kind, q.tag))
    if q.before is not None:
        if q.before_id is None:
            query = query.where(kind.time < q.before)
        else:
            query = query.where(
                or_(kind.time < q.before, and_(kind.time == q.before, kind.ident < q.before_id))
            )
    if q.limit is not None:
        query = query.order_by(kind.time.desc(), kind.ident.desc()).limit(q.limit)
    return query


def _tagged(kind: _Kind, tag: str) -> Any:
    """Entries of `kind` that carry `tag` (none of a kind that takes no tags)."""
    name = kind_of(kind.ident.class_)
    if name is None:
        return false()
    carrying = select(EntryTagRow.entry_id).where(EntryTagRow.kind == name, EntryTagRow.tag == tag)
    return kind.ident.in_(carrying)


class Lines(StoreBase):
    def _lines(
        self,
        query: Any,
        kind: _Kind,
        q: LineQuery | None,
        make: Callable[[Sequence[Any]], list[L]],
        words: Callable[[L], str],
        when: Callable[[L], tuple[datetime, int]],
    ) -> list[L]:
        """The lines `query` gives, narrowed by `q`; words checked exactly, a page read until full."""
        if q is None or (not q.text and q.limit is None):
            with self._tx() as s:
                return make(_plain_rows(s.connection(), _narrow(query, kind, q)))
        out: list[L] = []
        page = q
        while True:
            if q.limit is not None:
                page = replace(page, limit=max(q.limit - len(out), 64) if q.text else q.limit - len(out))
            with self._tx() as s:
                rows = _plain_rows(s.connection(), _narrow(query, kind, page))
            lines = make(rows)
            out += [line for line in lines if q.text in words(line).casefold()] if q.text else lines
            if q.limit is None or len(out) >= q.limit or len(rows) < (page.limit or 0):
                return out[: q.limit] if q.limit is not None else out
            at, ident = when(lines[-1])
            page = replace(page, before=at, before_id=ident)

    def intake_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[IntakeLine]:
        """Live intakes (or the one with `entry_id`) with their product names, as `query` narrows them."""
        i = IntakeRow
        select_ = (
            select(
                i.id,
                utc(i.at_utc),
                i.zone,
                i.offset_min,
                utc(i.created),
                text(i.amount),
                i.unit,
                i.form,
                i.product_id,
                ProductRow.name,
                i.leaf_mg,
                integer(i.estimate),
                integer(i.leaf_estimated),
                i.notes,
                i.findings,
            )
            .outerjoin(ProductRow, i.product_id == ProductRow.id)
            .where(i.deleted.is_(None))
        )
        if entry_id is not None:
            select_ = select_.where(i.id == entry_id)
        if query is not None and query.product_id is not None:
            select_ = select_.where(i.product_id == query.product_id)
        elif query is not None and query.no_product:
            select_ = select_.where(i.product_id.is_(None))
        return self._lines(
            select_,
            _INTAKE,
            query,
            _intake_lines,
            lambda line: line.notes,
            lambda line: (line.at_utc, line.id),
        )

    def symptom_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[SymptomLine]:
        e, t = SymptomEntryRow, SymptomTypeRow
        select_ = (
            select(
                e.id,
                utc(e.at_utc),
                e.zone,
                e.offset_min,
                utc(e.created),
                t.key,
                t.label,
                e.severity,
                e.body_area,
                e.notes,
            )
            .join(t, e.type_id == t.id)
            .where(e.deleted.is_(None))
        )
        if entry_id is not None:
            select_ = select_.where(e.id == entry_id)
        if query is not None and query.symptom_key is not None:
            select_ = select_.where(t.key == query.symptom_key)

        def make(rows: Sequence[Any]) -> list[SymptomLine]:
            return [
                SymptomLine(ident, aware(at), zone, offset, aware(created), *rest)
                for ident, at, zone, offset, created, *rest in rows
            ]

        return self._lines(
            select_, _SYMPTOM, query, make, lambda line: line.notes, lambda line: (line.at_utc, line.id)
        )

    def pain_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[PainLine]:
        p = PainRow
        select_ = select(
            p.id,
            utc(p.at_utc),
            p.zone,
            p.offset_min,
            utc(p.created),
            p.pain_now,
            p.peg_pain,
            p.peg_enjoyment,
            p.peg_activity,
            p.mood,
            p.notes,
        ).where(p.deleted.is_(None))
        if entry_id is not None:
            select_ = select_.where(p.id == entry_id)

        def make(rows: Sequence[Any]) -> list[PainLine]:
            return [
                PainLine(ident, aware(at), zone, offset, aware(created), *rest)
                for ident, at, zone, offset, created, *rest in rows
            ]

        return self._lines(
            select_, _PAIN, query, make, lambda line: line.notes, lambda line: (line.at_utc, line.id)
        )

    def withdrawal_lines(
        self, entry_id: int | None = None, query: LineQuery | None = None
    ) -> list[WithdrawalLine]:
        w = WithdrawalRow
        select_ = select(w.id, utc(w.at_utc), w.zone, w.offset_min, utc(w.created), w.items).where(
            w.deleted.is_(None)
        )
        if entry_id is not None:
            select_ = select_.where(w.id == entry_id)

        def make(rows: Sequence[Any]) -> list[WithdrawalLine]:
            return [
                WithdrawalLine(ident, aware(at), zone, offset, aware(created), items)
                for ident, at, zone, offset, created, items in rows
            ]

        return self._lines(
            select_, _WITHDRAWAL, query, make, lambda _line: "", lambda line: (line.at_utc, line.id)
        )

    def photo_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[PhotoLine]:
        """Live photos (or the one with `entry_id`), each with the symptom rating it is linked to
        (its time and words, for "with the check-in of ..."), as `query` narrows them."""
        p, e, t = PhotoRow, SymptomEntryRow, SymptomTypeRow
        select_ = (
            select(
                p.id,
                utc(p.at_utc),
                p.zone,
                p.offset_min,
                utc(p.created),
                p.area,
                p.label,
                p.notes,
                p.sha256,
                p.symptom_id,
                utc(e.at_utc),
                e.offset_min,
                t.label,
                e.severity,
            )
            .outerjoin(e, p.symptom_id == e.id)
            .outerjoin(t, e.type_id == t.id)
            .where(p.deleted.is_(None))
        )
        if entry_id is not None:
            select_ = select_.where(p.id == entry_id)

        def make(rows: Sequence[Any]) -> list[PhotoLine]:
            return [
                PhotoLine(
                    r[0],
                    aware(r[1]),
                    r[2],
                    r[3],
                    aware(r[4]),
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    None if r[10] is None else aware(r[10]),
                    r[11],
                    r[12],
                    r[13],
                )
                for r in rows
            ]

        return self._lines(
            select_, _PHOTO, query, make, lambda line: line.notes, lambda line: (line.at_utc, line.id)
        )

    def break_lines(self, entry_id: int | None = None, query: LineQuery | None = None) -> list[BreakLine]:
        b = BreakRow
        select_ = select(
            b.id,
            utc(b.start_utc),
            b.zone,
            b.offset_min,
            b.planned_end,
            utc(b.end_utc),
            b.end_offset_min,
            b.reason,
            b.outcome,
            utc(b.created),
        ).where(b.deleted.is_(None))
        if entry_id is not None:
            select_ = select_.where(b.id == entry_id)

        def make(rows: Sequence[Any]) -> list[BreakLine]:
            return [BreakLine(r[0], aware(r[9]), _break(*r[:9])) for r in rows]

        def words(line: BreakLine) -> str:
            return "\n".join(part for part in (line.brk.reason, line.brk.outcome) if part)

        return self._lines(select_, _BREAK, query, make, words, lambda line: (line.brk.start.utc, line.id))

    def purchase_lines(
        self, entry_id: int | None = None, query: LineQuery | None = None
    ) -> list[PurchaseLine]:
        """Live purchases and corrections (or the one with `entry_id`) with their product names."""
        p = PurchaseRow
        select_ = (
            select(
                p.id,
                utc(p.at_utc),
                p.zone,
                p.offset_min,
                utc(p.created),
                text(p.amount),
                p.unit,
                integer(p.correction),
                text(p.price),
                p.batch,
                p.notes,
                p.product_id,
                ProductRow.name,
            )
            .outerjoin(ProductRow, p.product_id == ProductRow.id)
            .where(p.deleted.is_(None))
        )
        if entry_id is not None:
            select_ = select_.where(p.id == entry_id)

        def make(rows: Sequence[Any]) -> list[PurchaseLine]:
            return [
                PurchaseLine(
                    r[0],
                    aware(r[1]),
                    r[2],
                    r[3],
                    aware(r[4]),
                    Decimal(r[5]),
                    r[6],
                    bool(r[7]),
                    None if r[8] is None else Decimal(r[8]),
                    *r[9:],
                )
                for r in rows
            ]

        return self._lines(
            select_, _PURCHASE, query, make, lambda line: line.notes, lambda line: (line.at_utc, line.id)
        )

    # -- counting and keys, for a History that filters what it holds -------------------------

    def line_ids(self, kind: str, query: LineQuery | None = None) -> list[int]:
        """Ids of the live entries of `kind` ("intake", "symptom", "pain", "withdrawal", "break")
        `query` matches.

        Read from the time index of intakes (it holds product and notes) or the small
        tables of the other kinds; words are checked exactly on what SQL kept.
        """
        spec, select_ = _ID_READS[kind]
        words = query.text if query is not None else ""
        if not words:
            select_ = select_.with_only_columns(spec.ident)
        select_ = self._kind_filters(select_, kind, query)
        narrowed = _narrow(select_, spec, replace(query, limit=None) if query is not None else None)
        rows = self._raw(narrowed)
        if not words:
            return [ident for (ident,) in rows]
        return [ident for ident, notes in rows if words in notes.casefold()]

    def line_count(self, kind: str, query: LineQuery | None = None) -> int:
        """How many live entries of `kind` `query` matches."""
        if query is not None and query.text:
            return len(self.line_ids(kind, query))
        spec, select_ = _ID_READS[kind]
        select_ = self._kind_filters(select_.with_only_columns(func.count()), kind, query)
        ((count,),) = self._raw(_narrow(select_, spec, replace(query, limit=None) if query else None))
        return int(count)

    @staticmethod
    def _kind_filters(select_: Any, kind: str, query: LineQuery | None) -> Any:
        if query is not None and kind == "intake":
            if query.product_id is not None:
                select_ = select_.where(IntakeRow.product_id == query.product_id)
            elif query.no_product:
                select_ = select_.where(IntakeRow.product_id.is_(None))
        if query is not None and kind == "symptom" and query.symptom_key is not None:
            select_ = select_.where(SymptomTypeRow.key == query.symptom_key)
        return select_

    def _raw(self, statement: Any) -> list[Any]:
        with self._tx() as s:
            return _plain_rows(s.connection(), statement)

    def line_choices(self) -> tuple[list[tuple[int | None, str]], list[tuple[str, str]]]:
        """(product id, name) of the products live intakes name (None: some have none), and
        (key, label) of the symptoms live ratings name: what History's filters offer."""
        used = select(IntakeRow.product_id).where(IntakeRow.deleted.is_(None)).distinct()
        symptoms = select(SymptomTypeRow.key, SymptomTypeRow.label).where(
            SymptomTypeRow.id.in_(
                select(SymptomEntryRow.type_id).where(SymptomEntryRow.deleted.is_(None)).distinct()
            )
        )
        with self._tx() as s:
            con = s.connection()
            ids = [pid for (pid,) in con.execute(used)]
            names = dict(con.execute(select(ProductRow.id, ProductRow.name)).all())
            return (
                [(pid, names.get(pid, "") if pid is not None else "") for pid in ids],
                [(key, label) for key, label in con.execute(symptoms)],
            )


_ID_READS: dict[str, tuple[_Kind, Any]] = {
    "intake": (_INTAKE, select(IntakeRow.id, IntakeRow.notes).where(IntakeRow.deleted.is_(None))),
    "symptom": (
        _SYMPTOM,
        select(SymptomEntryRow.id, SymptomEntryRow.notes)
        .join(SymptomTypeRow, SymptomEntryRow.type_id == SymptomTypeRow.id)
        .where(SymptomEntryRow.deleted.is_(None)),
    ),
    "pain": (_PAIN, select(PainRow.id, PainRow.notes).where(PainRow.deleted.is_(None))),
    "withdrawal": (
        _WITHDRAWAL,
        select(WithdrawalRow.id, _WITHDRAWAL.notes).where(WithdrawalRow.deleted.is_(None)),
    ),
    "photo": (_PHOTO, select(PhotoRow.id, PhotoRow.notes).where(PhotoRow.deleted.is_(None))),
    "break": (_BREAK, select(BreakRow.id, _BREAK.notes).where(BreakRow.deleted.is_(None))),
    "purchase": (_PURCHASE, select(PurchaseRow.id, PurchaseRow.notes).where(PurchaseRow.deleted.is_(None))),
}


def _break(
    ident: int,
    start: str,
    zone: str,
    offset: int,
    planned: str | None,
    end: str | None,
    end_offset: int | None,
    reason: str,
    outcome: str,
) -> Break:
    """A break from its columns (times as text, `rows.utc`), as `rows.brk` reads a row."""
    ended = None if end is None else Moment(aware(end), zone, end_offset or 0)
    goal = date.fromisoformat(planned) if planned else None
    return Break(Moment(aware(start), zone, offset), goal, ended, reason, outcome, ident)


def _intake_lines(rows: Sequence[Any]) -> list[IntakeLine]:
    decimals: dict[str, Decimal] = {}
    notes: dict[str, tuple[FindingNote, ...]] = {}  # intakes alike share their stored findings

    def finding_notes_of(stored: str) -> tuple[FindingNote, ...]:
        found = notes.get(stored)
        if found is None:
            found = notes[stored] = finding_notes(stored)
        return found

    return [
        IntakeLine(
            ident,
            aware(at),
            zone,
            offset,
            aware(created),
            decimals.get(amount) or decimals.setdefault(amount, Decimal(amount)),
            unit,
            form,
            product_id,
            product,
            leaf_mg,
            bool(estimate),
            bool(leaf_estimated),
            notes,
            finding_notes_of(findings),
        )
        for (
            ident,
            at,
            zone,
            offset,
            created,
            amount,
            unit,
            form,
            product_id,
            product,
            leaf_mg,
            estimate,
            leaf_estimated,
            notes,
            findings,
        ) in rows
    ]
