"""Rows and domain values: the conversions each way, and what a change touches.

One `Family` per kind of entry names its table, how an entity fills a row, how
a row reads back as an entity, and what the stored findings rest on in it (an
intake's moment, a break's span), so adding, correcting and reading are
written once (`base.py`) for all of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, String, type_coerce
from sqlalchemy.orm import Session

from journal.domain.entities import (
    Break,
    Form,
    Intake,
    Level,
    PainCheckin,
    Product,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import NotFound
from journal.domain.lines import FindingNote
from journal.domain.medications import Medication
from journal.domain.photos import Photo
from journal.domain.taper import Pause, TableRow, TaperPlan
from journal.domain.times import Moment
from journal.domain.withdrawal import WithdrawalScore
from journal.storage import findings
from journal.storage.findings import findings_from_json, findings_to_json
from journal.storage.models import (
    BreakRow,
    IntakeRow,
    MedicationRow,
    PainRow,
    PhotoRow,
    ProductRow,
    Stamped,
    SymptomTypeRow,
    TaperPlanRow,
    WithdrawalRow,
)

E = TypeVar("E")
R = TypeVar("R", bound=Stamped)


@dataclass(frozen=True, slots=True)
class Touched:
    """What stored findings rest on in a row: intake moments, break spans."""

    moments: tuple[findings.At, ...] = ()
    spans: tuple[findings.Span, ...] = ()

    def __add__(self, other: Touched) -> Touched:
        return Touched(self.moments + other.moments, self.spans + other.spans)


@dataclass(frozen=True, slots=True)
class Family(Generic[E, R]):
    """One kind of entry: its table, entity -> row, row -> entity, and what findings rest on."""

    model: type[R]
    fill: Callable[[E, R], None]
    read: Callable[[R], E]
    touches: Callable[[R], Touched] | None = None


def live(s: Session, model: type[Any], entry_id: int | None) -> Any:
    """The row with `entry_id`, unless it is deleted (NotFound then)."""
    row = s.get(model, entry_id) if entry_id is not None else None
    if row is None or row.deleted is not None:
        raise NotFound(f"no {model.__tablename__} entry with id {entry_id}")
    return row


def between(query: Any, model: Any, start: datetime | None, end: datetime | None) -> Any:
    """Live rows with start <= at_utc < end (either bound may be left open)."""
    query = query.where(model.deleted.is_(None))
    if start is not None:
        query = query.where(model.at_utc >= start)
    if end is not None:
        query = query.where(model.at_utc < end)
    return query


# -- columns read as text: several times faster than the column types' conversions ------------


def text(column: Any) -> Any:
    """A column read as its stored text, skipping the column type's conversion."""
    return type_coerce(column, String)


def integer(column: Any) -> Any:
    return type_coerce(column, Integer)


#: Reads what `utc` selects.
aware = datetime.fromisoformat


def utc(column: Any) -> Any:
    """A UTC time column read as ISO text with its offset ("2026-03-10 12:00:00.000000+00:00").

    `datetime.fromisoformat` turns that into an aware datetime several times
    faster than the column type's conversion does.
    """
    return type_coerce(column, String).concat("+00:00")


# -- each kind of entry ---------------------------------------------------------------------


def moment(row: Any) -> Moment:
    return Moment(row.at_utc, row.zone, row.offset_min)


def set_moment(row: Any, at: Moment) -> None:
    row.at_utc, row.zone, row.offset_min = at.utc, at.zone, at.offset_min


def _product_to_row(p: Product, row: ProductRow) -> None:
    row.name, row.vendor, row.strain = p.name.strip(), p.vendor, p.strain
    row.usual_form, row.capsule_g, row.leaf_factor = p.usual_form.value, p.capsule_g, p.leaf_factor
    row.batch, row.purity_tested, row.notes, row.archived = (p.batch, p.purity_tested, p.notes, p.archived)


def product(r: ProductRow) -> Product:
    return Product(
        r.name,
        r.vendor,
        r.strain,
        Form(r.usual_form),
        r.capsule_g,
        r.leaf_factor,
        r.batch,
        r.purity_tested,
        r.notes,
        r.archived,
        r.id,
    )


def _intake_to_row(i: Intake, row: IntakeRow) -> None:
    set_moment(row, i.at)
    row.amount, row.unit, row.form = i.amount, i.unit.value, i.form.value
    row.product_id, row.leaf_mg, row.estimate = i.product_id, i.leaf_mg, i.estimate
    row.leaf_estimated, row.notes = i.leaf_estimated, i.notes
    row.findings = findings_to_json(i.findings)


def intake(r: IntakeRow) -> Intake:
    return Intake(
        moment(r),
        r.amount,
        Unit(r.unit),
        Form(r.form),
        r.leaf_mg,
        r.product_id,
        r.estimate,
        r.leaf_estimated,
        r.notes,
        findings_from_json(r.findings),
        r.id,
        r.created,
        r.updated,
    )


def symptom_type_row(t: SymptomType) -> SymptomTypeRow:
    return SymptomTypeRow(
        key=t.key,
        label=t.label,
        category=t.category,
        body_areas=json.dumps(list(t.body_areas)),
        red_flag=t.red_flag,
        source=t.source,
        builtin=t.builtin,
    )


def symptom_type(r: SymptomTypeRow) -> SymptomType:
    return SymptomType(
        r.key, r.label, r.category, tuple(json.loads(r.body_areas)), r.red_flag, r.source, r.builtin, r.id
    )


def symptom_entry(r: Any, key: str) -> SymptomEntry:
    return SymptomEntry(key, moment(r), Severity(r.severity), r.body_area, r.notes, r.id, r.created)


def _pain_to_row(checkin: PainCheckin, row: PainRow) -> None:
    peg: tuple[int | None, int | None, int | None] = checkin.peg or (None, None, None)
    row.pain_now = checkin.pain_now
    row.peg_pain, row.peg_enjoyment, row.peg_activity = peg
    row.mood, row.notes = checkin.mood, checkin.notes
    set_moment(row, checkin.at)


def pain(r: PainRow) -> PainCheckin:
    peg = None
    if r.peg_pain is not None and r.peg_enjoyment is not None and r.peg_activity is not None:
        peg = (r.peg_pain, r.peg_enjoyment, r.peg_activity)
    return PainCheckin(moment(r), r.pain_now, peg, r.mood, r.notes, r.id, r.created)


def items_text(items: tuple[int, ...]) -> str:
    """The 16 SOWS answers as the 16 digits stored."""
    return "".join(str(v) for v in items)


def _withdrawal_to_row(score: WithdrawalScore, row: WithdrawalRow) -> None:
    row.items = items_text(score.items)
    set_moment(row, score.at)


def withdrawal(r: WithdrawalRow) -> WithdrawalScore:
    return WithdrawalScore(moment(r), tuple(int(c) for c in r.items), r.id, r.created)


def _photo_to_row(p: Photo, row: PhotoRow) -> None:
    set_moment(row, p.at)
    row.area, row.label, row.notes = p.area, p.label, p.notes
    row.sha256, row.width, row.height, row.symptom_id = p.sha256, p.width, p.height, p.symptom_id


def photo(r: PhotoRow) -> Photo:
    return Photo(
        moment(r), r.area, r.sha256, r.width, r.height, r.label, r.notes, r.symptom_id, r.id, r.created
    )


def _break_to_row(brk: Break, row: BreakRow) -> None:
    row.start_utc, row.zone, row.offset_min = brk.start.utc, brk.start.zone, brk.start.offset_min
    row.planned_end = brk.planned_end.isoformat() if brk.planned_end else None
    row.end_utc = brk.actual_end.utc if brk.actual_end else None
    row.end_offset_min = brk.actual_end.offset_min if brk.actual_end else None
    row.reason, row.outcome = brk.reason, brk.outcome


def brk(r: BreakRow) -> Break:
    end = None
    if r.end_utc is not None:
        end = Moment(r.end_utc, r.zone, r.end_offset_min or 0)
    planned = date.fromisoformat(r.planned_end) if r.planned_end else None
    return Break(Moment(r.start_utc, r.zone, r.offset_min), planned, end, r.reason, r.outcome, r.id)


def _medication_to_row(m: Medication, row: MedicationRow) -> None:
    row.name, row.dose, row.how_often, row.reason = (
        m.name.strip(),
        m.dose.strip(),
        m.how_often.strip(),
        m.reason,
    )
    row.started = m.started.isoformat() if m.started else None
    row.stopped = m.stopped.isoformat() if m.stopped else None
    row.notes = m.notes


def medication(r: MedicationRow) -> Medication:
    started = date.fromisoformat(r.started) if r.started else None
    stopped = date.fromisoformat(r.stopped) if r.stopped else None
    return Medication(r.name, r.dose, r.how_often, r.reason, started, stopped, r.notes, r.id, r.created)


PRODUCTS = Family(ProductRow, _product_to_row, product)
MEDICATIONS = Family(MedicationRow, _medication_to_row, medication)


def pauses_text(pauses: tuple[Pause, ...]) -> str:
    return json.dumps([[p.start.isoformat(), p.end.isoformat() if p.end else None] for p in pauses])


def pauses_from(text: str) -> tuple[Pause, ...]:
    return tuple(
        Pause(date.fromisoformat(a), date.fromisoformat(b) if b else None) for a, b in json.loads(text)
    )


def table_text(table: tuple[TableRow, ...]) -> str | None:
    """A plan's day-by-day table as stored (migration 0008): JSON pairs [ISO day, grams as decimal
    text]; None for a plan that steps."""
    if not table:
        return None
    return json.dumps([[day.isoformat(), format(grams, "f")] for day, grams in table])


def table_from(text: str | None) -> tuple[TableRow, ...]:
    if not text:
        return ()
    return tuple((date.fromisoformat(day), Decimal(grams)) for day, grams in json.loads(text))


def _plan_to_row(p: TaperPlan, row: TaperPlanRow) -> None:
    row.start_g, row.target_g, row.step_g, row.every_days = p.start_g, p.target_g, p.step_g, p.every_days
    row.first_day = p.first_day.isoformat()
    row.pauses = pauses_text(p.pauses)
    row.ended = p.ended.isoformat() if p.ended else None
    row.notes = p.notes
    row.days = table_text(p.table)


def taper_plan(r: TaperPlanRow) -> TaperPlan:
    ended = date.fromisoformat(r.ended) if r.ended else None
    return TaperPlan(
        r.start_g,
        r.target_g,
        r.step_g,
        r.every_days,
        date.fromisoformat(r.first_day),
        pauses_from(r.pauses),
        ended,
        r.notes,
        r.id,
        r.created,
        table_from(r.days),
    )


PLANS = Family(TaperPlanRow, _plan_to_row, taper_plan)
INTAKES = Family(IntakeRow, _intake_to_row, intake, lambda r: Touched(moments=((r.at_utc, r.offset_min),)))
PAIN = Family(PainRow, _pain_to_row, pain)
WITHDRAWAL = Family(WithdrawalRow, _withdrawal_to_row, withdrawal)
PHOTOS = Family(PhotoRow, _photo_to_row, photo)
BREAKS = Family(BreakRow, _break_to_row, brk, lambda r: Touched(spans=((r.start_utc, r.end_utc),)))


_LEVELS = {level.word: level for level in Level}
#: The start of each stored finding as `findings.findings_to_json` writes it. Its quotes are
#: bare, which they never are inside a JSON string: the pattern only matches a finding's start.
_NOTE = re.compile(r'\{"level": "(\w+)", "rule_id": "(?:[^"\\]|\\.)*", "message": "((?:[^"\\]|\\.)*)"')


def finding_notes(stored: str) -> tuple[FindingNote, ...]:
    """Only the level and message of stored findings, loudest first: cheap enough for 100,000 rows.

    Read off the stored text without decoding the cited passages (most of it); a
    test holds it to the full decoding.
    """
    if stored == "[]":
        return ()
    found = _NOTE.findall(stored)
    if not found:
        notes = [(_LEVELS[d["level"]], d["message"]) for d in json.loads(stored)]
    else:
        notes = [
            (_LEVELS[level], json.loads(f'"{message}"') if "\\" in message else message)
            for level, message in found
        ]
    if len(notes) > 1:
        notes.sort(key=lambda note: -note[0])
    return tuple(notes)
