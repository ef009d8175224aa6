"""Writing many entries at once (an import, a demonstration journal) in one transaction.

Rows go through one prepared `executemany` per table on the driver's own
cursor, with values already in the form the columns store (UTC times as
"YYYY-MM-DD HH:MM:SS.ffffff" text, decimals as text, booleans as 0 or 1): what
the Store writes one by one, without SQLAlchemy's per-row parameter processing
(DESIGN.md, section 8; tests read the rows back through the Store and compare).
The rows are made as the cursor asks for them, so none is held twice.

Findings are worked out before the intakes are written, over the new intakes
and those of the journal they reach, in one sweep (`findings.refresh` with
the new ones pending), and written with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from journal.domain.batch import NewEntries
from journal.domain.entities import (
    Finding,
    Form,
    Intake,
    PainCheckin,
    Product,
    Severity,
    Stamp,
    SymptomEntry,
    Unit,
)
from journal.domain.guidance import Dose, Guidance
from journal.domain.progress import Meter, Progress
from journal.domain.times import Moment
from journal.storage import engine as eng
from journal.storage import findings
from journal.storage.findings import findings_to_json
from journal.storage.models import (
    BreakRow,
    IntakeRow,
    MedicationRow,
    PainRow,
    PhotoRow,
    ProductRow,
    PurchaseRow,
    SettingRow,
    SymptomEntryRow,
    SymptomTypeRow,
    TaperPlanRow,
    WithdrawalRow,
)
from journal.storage.store import Store
from journal.storage.store.rows import aware, items_text, pauses_text, product, table_text, utc
from journal.storage.store.tagged import TAGGED

#: The tables a person's entries live in, with the words used to count them.
_ENTRY_TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("intakes", IntakeRow),
    ("symptom ratings", SymptomEntryRow),
    ("pain check-ins", PainRow),
    ("withdrawal check-ins", WithdrawalRow),
    ("photos", PhotoRow),
    ("breaks", BreakRow),
    ("medications", MedicationRow),
    ("taper plans", TaperPlanRow),
    ("purchases", PurchaseRow),
    ("products", ProductRow),
)
#: Rows handed to `executemany` between two progress reports.
_EVERY = 500


def existing_entries(store: Store) -> dict[str, int]:
    """How many entries of each kind the journal holds (deleted ones included), if any."""
    with store.engine.connect() as con:
        return _existing(con)


def _existing(con: Connection) -> dict[str, int]:
    out = {}
    for name, model in _ENTRY_TABLES:
        n = con.execute(select(func.count()).select_from(model)).scalar_one()
        if n:
            out[name] = int(n)
    return out


def describe(counts: Mapping[str, int]) -> str:
    """ "12 intakes, 3 breaks" """
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


class NotEmpty(ValueError):
    """The journal already has entries (deleted ones count); `have` counts them by kind."""

    def __init__(self, have: Mapping[str, int]) -> None:
        super().__init__(f"the journal already has entries ({describe(have)})")
        self.have = dict(have)


def fill_empty(store: Store, new: NewEntries) -> None:
    """Write entries into an empty journal, all or nothing; every finding is worked out as they go in.

    Raises NotEmpty, writing nothing, if the journal already has entries (so a
    demonstration never mixes with a person's own records), and ValueError for
    a symptom the catalogue lacks.
    """
    with eng.writer(store.engine).begin() as con:
        have = _existing(con)
        if have:
            raise NotEmpty(have)
        type_ids = {key: tid for key, tid in con.execute(select(SymptomTypeRow.key, SymptomTypeRow.id))}
        missing = sorted({e.type_key for e, _stamp in new.symptoms} - type_ids.keys())
        if missing:
            raise ValueError(f"symptoms not in the catalogue: {', '.join(missing)}")
        # The entries' findings were worked out elsewhere; this journal's settings may differ.
        _write(con, new, store.guidance, None, every=True)


# -- values in the form the columns store -----------------------------------------------------


def utc_text(value: datetime) -> str:
    """An aware time as the UTC column stores it: "2026-03-10 12:00:00.000000"."""
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if value.utcoffset():
            value = value.astimezone(UTC)
    # Formatted from its fields: isoformat would also work out and write the offset, cut off again.
    return _UTC_TEXT % (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )


_UTC_TEXT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"


def _maybe_utc(value: datetime | None) -> str | None:
    return None if value is None else utc_text(value)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


#: The columns of an intake row as `_intake_rows` gives them.
INTAKE_COLUMNS = (
    "at_utc",
    "zone",
    "offset_min",
    "created",
    "updated",
    "deleted",
    "amount",
    "unit",
    "form",
    "product_id",
    "leaf_mg",
    "estimate",
    "leaf_estimated",
    "notes",
    "findings",
)


def _columns(model: type[Any]) -> tuple[str, ...]:
    return tuple(c.name for c in model.__table__.columns if c.name != "id")


def _many(
    con: Connection,
    model: type[Any],
    rows: Iterable[dict[str, Any]] | Iterable[tuple[Any, ...]],
    columns: tuple[str, ...] | None = None,
    *,
    total: int = 0,
    progress: Progress | None = None,
) -> None:
    """One prepared INSERT for all `rows`: tuples in the order of `columns`, or dicts by column name.

    With `progress`, the rows go to the driver a batch at a time and (done, `total`)
    is reported after each, so nothing is wrapped around each row.
    """
    names = columns or _columns(model)
    sql = f"INSERT INTO {model.__tablename__} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    values: Iterator[Any] = iter(rows) if columns is not None else map(itemgetter(*names), rows)
    cursor = con.connection.cursor()
    try:
        if progress is None:
            cursor.executemany(sql, values)  # type: ignore[arg-type]
            return
        done = 0
        while batch := list(islice(values, _EVERY)):
            cursor.executemany(sql, batch)
            done += len(batch)
            progress(min(done, total), total)
        progress(total, total)
    finally:
        cursor.close()


# -- import and export ---------------------------------------------------------------------
#
# Exports need the created and updated times the entities do not all carry, and
# imports write many entries, with their own times, in one transaction.

#: Tables by the names exports use for them.
STAMPED_TABLES: dict[str, type[Any]] = {
    "products": ProductRow,
    "intakes": IntakeRow,
    "breaks": BreakRow,
    "symptom_types": SymptomTypeRow,
    "symptom_entries": SymptomEntryRow,
    "pain_checkins": PainRow,
    "withdrawal_scores": WithdrawalRow,
    "photos": PhotoRow,
    "medications": MedicationRow,
    "taper_plans": TaperPlanRow,
    "purchases": PurchaseRow,
}


def stamps(store: Store, table: str) -> dict[int, Stamp]:
    """Created and updated time of every row of `table` (one of STAMPED_TABLES), by id."""
    model = STAMPED_TABLES[table]
    with store.engine.connect() as con:
        rows = con.execute(select(model.id, model.created, model.updated))
        return {ident: Stamp(created, updated) for ident, created, updated in rows}


def deleted_products_in_use(store: Store) -> list[tuple[Product, datetime]]:
    """Deleted products a live intake or purchase still names, with their deleted time.

    A deleted product stays behind the intakes logged with it (the timeline still
    shows its name), so an export keeps it, marked deleted.
    """
    used = (
        select(IntakeRow.product_id)
        .where(IntakeRow.deleted.is_(None), IntakeRow.product_id.is_not(None))
        .union(
            select(PurchaseRow.product_id).where(
                PurchaseRow.deleted.is_(None), PurchaseRow.product_id.is_not(None)
            )
        )
    )
    query = (
        select(ProductRow)
        .where(ProductRow.deleted.is_not(None), ProductRow.id.in_(used))
        .order_by(ProductRow.id)
    )
    with Session(store.engine) as s:
        return [(product(r), _aware(r.deleted)) for r in s.scalars(query)]


def _aware(value: datetime | None) -> datetime:
    assert value is not None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


_COUNTS = text(
    " UNION ALL ".join(
        f"SELECT count(*), max(id), max(updated), max(deleted) FROM {model.__tablename__}"
        for model in (*STAMPED_TABLES.values(),)
    )
    + " UNION ALL SELECT count(*), group_concat(key || '=' || value, ';'), NULL, NULL FROM settings"
)


def fingerprint(store: Store) -> tuple[Any, ...]:
    """What tells whether the journal changed: commits seen since the store opened, and counts.

    Cheap (a pragma and a few aggregates); compared before writing an import
    planned earlier, so the plan is never made twice.
    """
    commits = store.commits()
    with store.engine.connect() as con:
        counts = tuple(tuple(row) for row in con.execute(_COUNTS))
    return (commits, counts)


@contextmanager
def write_lock(store: Store) -> Iterator[Connection]:
    """One writing transaction that holds the journal's write lock from its start.

    Reads through the store meanwhile (other connections) see the journal as
    committed, which nobody else can change until this transaction ends.
    """
    with eng.writer(store.engine).begin() as con:
        yield con


def insert_entries(
    con: Connection, new: NewEntries, guidance: Guidance | None = None, progress: Progress | None = None
) -> None:
    """Insert `new` inside a transaction from `write_lock`; the caller has validated it.

    Findings the entries carry are not kept: those of the new intakes, and of
    every intake they reach, are worked out with this journal's rules
    (`guidance`, by default the app's) and written in the same transaction.
    `progress` gets (done, total) as findings are worked out and rows written.
    """
    _write(con, new, guidance, progress, every=False)


def _write(
    con: Connection, new: NewEntries, guidance: Guidance | None, progress: Progress | None, *, every: bool
) -> None:
    """The rows of `new` and its settings, with findings: of every intake (`every`), or those reached."""
    meter = Meter(progress)
    n_intakes, n_others = len(new.intakes), len(new.symptoms) + len(new.pain)
    weight = max(1, 3 * n_intakes + 2 * n_intakes + n_others)
    sweeping = meter.stage(meter.total * 3 * n_intakes // weight)
    writing = meter.stage(meter.total * 2 * n_intakes // weight)
    others = meter.stage(meter.total)
    before = findings.read_settings(con)
    marks = _id_marks(con, new)
    product_ids = _products(con, new)
    _many(con, SymptomTypeRow, _symptom_type_rows(new))
    _many(con, BreakRow, _break_rows(new))
    if new.settings is not None:
        _settings(con, new.settings)
    # New intakes take ids -1, -2, ... until they are written; their findings come back by those.
    pending = [
        (Dose(i.at.utc, i.leaf_mg, i.estimate or i.leaf_estimated, i.at.offset_min, -n), i.form)
        for n, i in enumerate(new.intakes, 1)
    ]
    found: dict[int, tuple[Finding, ...]] = {}
    if every or (new.settings is not None and findings.rules_changed(before, new.settings)):
        findings.refresh_all(con, guidance, pending=pending, into=found, progress=sweeping)
    else:
        findings.refresh(
            con,
            guidance,
            moments=[(dose.at, dose.offset_min) for dose, _form in pending],
            spans=[(b.start.utc, b.actual_end.utc if b.actual_end else None) for b, _ in new.breaks],
            pending=pending,
            into=found,
            progress=sweeping,
        )
    del pending
    sweeping.finish()
    rows = _intake_rows(new.intakes, product_ids, found)
    _many(con, IntakeRow, rows, INTAKE_COLUMNS, total=n_intakes, progress=writing)
    writing.finish()
    type_ids = {key: tid for key, tid in con.execute(select(SymptomTypeRow.key, SymptomTypeRow.id))}
    _many(con, SymptomEntryRow, _symptom_rows(new, type_ids), total=n_others, progress=others)
    _many(con, PainRow, _pain_rows(new))
    _many(con, WithdrawalRow, _withdrawal_rows(new))
    if new.photos:
        _many(con, PhotoRow, _photo_rows(con, new))
    _many(con, MedicationRow, _medication_rows(new))
    _many(con, TaperPlanRow, _plan_rows(new))
    _write_tags(con, new, marks)
    _many(con, PurchaseRow, _purchase_rows(new, product_ids))
    meter.finish()


def _id_marks(con: Connection, new: NewEntries) -> dict[str, int]:
    """The highest id of each table whose new entries carry tags, before they are written: the new
    rows are those above it, in the order written (each new row's id is above every earlier one)."""
    return {
        kind: con.execute(select(func.coalesce(func.max(TAGGED[kind].id), 0))).scalar_one()
        for kind in new.tags
    }


_ADD_TAG = "INSERT OR IGNORE INTO entry_tags (kind, entry_id, tag) VALUES (?, ?, ?)"


def _write_tags(con: Connection, new: NewEntries, marks: Mapping[str, int]) -> None:
    """The context tags of the new entries (by the ids they were given) and those added to entries
    already there (kept once: a tag an entry has is not written again)."""
    rows: list[tuple[str, int, str]] = []
    for kind, tags in new.tags.items():
        model = TAGGED[kind]
        ids = list(con.execute(select(model.id).where(model.id > marks[kind]).order_by(model.id)).scalars())
        if len(ids) != len(tags):
            raise RuntimeError(f"{len(ids)} new {kind} entries written, {len(tags)} expected")
        rows += [
            (kind, ident, tag) for ident, entry_tags in zip(ids, tags, strict=True) for tag in entry_tags
        ]
    rows += [(kind, ident, tag) for kind, ident, tags in new.more_tags for tag in tags]
    if rows:
        cursor = con.connection.cursor()
        try:
            cursor.executemany(
                "INSERT OR IGNORE INTO entry_tags (kind, entry_id, tag) VALUES (?, ?, ?)", rows
            )
        finally:
            cursor.close()


def _products(con: Connection, new: NewEntries) -> dict[int | None, int]:
    """New products one by one (their ids are needed); placeholder id -> journal id."""
    product_ids: dict[int | None, int] = {}
    for p, stamp, deleted in new.products:
        if p.id is None or p.id >= 0:
            raise ValueError("new products need negative placeholder ids")
        row = {
            "name": p.name.strip(),
            "vendor": p.vendor,
            "strain": p.strain,
            "usual_form": p.usual_form.value,
            "capsule_g": p.capsule_g,
            "leaf_factor": p.leaf_factor,
            "batch": p.batch,
            "purity_tested": p.purity_tested,
            "notes": p.notes,
            "archived": p.archived,
            "created": stamp.created,
            "updated": stamp.updated,
            "deleted": deleted,
        }
        product_ids[p.id] = con.execute(insert(ProductRow).values(row)).inserted_primary_key[0]  # type: ignore[index]
    return product_ids


def _settings(con: Connection, settings: Any) -> None:
    for key, value in asdict(settings).items():
        stored = findings.stored_setting(value)  # decimals and dates as text
        con.execute(
            sqlite_insert(SettingRow)
            .values(key=key, value=stored)
            .on_conflict_do_update(index_elements=[SettingRow.key], set_={"value": stored})
        )


def _created(created: datetime | None, what: str) -> datetime:
    if created is None:
        raise ValueError(f"every {what} needs its created time")
    return created


# The rows below give the columns the values the Store gives them one by one
# (store/rows.py), in the columns' order (`_columns`); tests read them back through
# the Store and compare.


def _intake_rows(
    intakes: Sequence[Intake], product_ids: Mapping[int | None, int], found: Mapping[int, tuple[Finding, ...]]
) -> Iterator[tuple[Any, ...]]:
    """Intake rows in the order of INTAKE_COLUMNS; findings from `found` by placeholder id (-1, -2, ...)."""
    amounts: dict[Decimal, str] = {}
    texts: dict[int, tuple[tuple[Finding, ...], str]] = {}  # intakes alike share their findings
    units, forms = _UNITS, _FORMS
    for n, i in enumerate(intakes, 1):
        pid = i.product_id
        if pid is not None and pid < 0:
            if pid not in product_ids:
                raise ValueError(f"an intake refers to product {pid}, which is not among the new ones")
            pid = product_ids[pid]
        created = _created(i.created, "intake")
        amount = amounts.get(i.amount)
        if amount is None:
            amount = amounts[i.amount] = format(i.amount, "f")
        at = i.at
        instant = at.utc
        at_text = utc_text(instant)
        # Entries are often stamped at the instant they were logged for: one text, made once.
        created_text = at_text if created == instant else utc_text(created)
        updated = i.updated
        # The stored text of the findings, made once for each tuple the sweep shares among intakes.
        findings = found.get(-n, ())
        text = texts.get(id(findings))
        if text is None or text[0] is not findings:
            text = texts[id(findings)] = (findings, findings_to_json(findings))
        yield (
            at_text,
            at.zone,
            at.offset_min,
            created_text,
            created_text if updated is None or updated == created else utc_text(updated),
            None,
            amount,
            units[i.unit],
            forms[i.form],
            pid,
            i.leaf_mg,
            int(i.estimate),
            int(i.leaf_estimated),
            i.notes,
            text[1],
        )


#: Stored values of the enums, looked up rather than read through the enum's descriptor per row.
_UNITS = {u: u.value for u in Unit}
_FORMS = {f: f.value for f in Form}


def _symptom_type_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for t, stamp in new.symptom_types:
        yield {
            "key": t.key,
            "label": t.label,
            "category": t.category,
            "body_areas": json.dumps(list(t.body_areas)),
            "red_flag": int(t.red_flag),
            "source": t.source,
            "builtin": int(t.builtin),
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _break_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for b, stamp in new.breaks:
        end = b.actual_end
        yield {
            "start_utc": utc_text(b.start.utc),
            "zone": b.start.zone,
            "offset_min": b.start.offset_min,
            "planned_end": b.planned_end.isoformat() if b.planned_end else None,
            "end_utc": None if end is None else utc_text(end.utc),
            "end_offset_min": None if end is None else end.offset_min,
            "reason": b.reason,
            "outcome": b.outcome,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _symptom_rows(new: NewEntries, type_ids: Mapping[str, int]) -> Iterator[dict[str, Any]]:
    for e, stamp in new.symptoms:
        yield {
            "type_id": type_ids[e.type_key],
            "severity": int(e.severity),
            "body_area": e.body_area,
            "notes": e.notes,
            "at_utc": utc_text(e.at.utc),
            "zone": e.at.zone,
            "offset_min": e.at.offset_min,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _withdrawal_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for w, stamp in new.withdrawal:
        yield {
            "items": items_text(w.items),
            "at_utc": utc_text(w.at.utc),
            "zone": w.at.zone,
            "offset_min": w.at.offset_min,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _medication_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for m, stamp in new.medications:
        yield {
            "name": m.name.strip(),
            "dose": m.dose.strip(),
            "how_often": m.how_often.strip(),
            "reason": m.reason,
            "started": m.started.isoformat() if m.started else None,
            "stopped": m.stopped.isoformat() if m.stopped else None,
            "notes": m.notes,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _plan_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for p, stamp in new.plans:
        yield {
            "start_g": format(p.start_g, "f"),
            "target_g": format(p.target_g, "f"),
            "step_g": format(p.step_g, "f"),
            "every_days": p.every_days,
            "first_day": p.first_day.isoformat(),
            "pauses": pauses_text(p.pauses),
            "ended": p.ended.isoformat() if p.ended else None,
            "days": table_text(p.table),
            "notes": p.notes,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _purchase_rows(new: NewEntries, product_ids: Mapping[int | None, int]) -> Iterator[dict[str, Any]]:
    """Purchases and corrections; a negative product id is a new product's placeholder."""
    for p, stamp in new.purchases:
        pid = p.product_id
        if pid is not None and pid < 0:
            if pid not in product_ids:
                raise ValueError(f"a purchase refers to product {pid}, which is not among the new ones")
            pid = product_ids[pid]
        yield {
            "at_utc": utc_text(p.at.utc),
            "zone": p.at.zone,
            "offset_min": p.at.offset_min,
            "product_id": pid,
            "amount": format(p.amount, "f"),
            "unit": p.unit.value,
            "correction": int(p.correction),
            "price": None if p.price is None else format(p.price, "f"),
            "batch": p.batch.strip(),
            "notes": p.notes,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def _photo_rows(con: Connection, new: NewEntries) -> Iterator[dict[str, Any]]:
    """Photo entries (their pictures are in the photo store by now), each link resolved to the live
    rating of that symptom at that UTC time, written just before."""
    find = text(
        "SELECT e.id FROM symptom_entries e JOIN symptom_types t ON t.id = e.type_id"
        " WHERE e.at_utc = :at AND t.key = :key AND e.deleted IS NULL ORDER BY e.id LIMIT 1"
    )
    links: dict[tuple[str, str], int | None] = {}
    for item in new.photos:
        symptom_id = None
        if item.symptom is not None:
            key = (utc_text(item.symptom[0]), item.symptom[1])
            if key not in links:
                links[key] = con.execute(find, {"at": key[0], "key": key[1]}).scalar()
            symptom_id = links[key]
        p = item.photo
        yield {
            "area": p.area,
            "label": p.label,
            "notes": p.notes,
            "sha256": item.image.sha256,
            "width": item.image.width,
            "height": item.image.height,
            "symptom_id": symptom_id,
            "at_utc": utc_text(p.at.utc),
            "zone": p.at.zone,
            "offset_min": p.at.offset_min,
            "created": utc_text(item.created),
            "updated": utc_text(item.updated),
            "deleted": None,
        }


def _pain_rows(new: NewEntries) -> Iterator[dict[str, Any]]:
    for c, stamp in new.pain:
        peg = c.peg or (None, None, None)
        yield {
            "pain_now": c.pain_now,
            "peg_pain": peg[0],
            "peg_enjoyment": peg[1],
            "peg_activity": peg[2],
            "mood": c.mood,
            "notes": c.notes,
            "at_utc": utc_text(c.at.utc),
            "zone": c.at.zone,
            "offset_min": c.at.offset_min,
            "created": utc_text(stamp.created),
            "updated": utc_text(stamp.updated),
            "deleted": None,
        }


def stamped_symptoms(store: Store) -> list[tuple[SymptomEntry, Stamp]]:
    """Every live symptom rating with its stamp, oldest first, read through Core (an export)."""
    e, t = SymptomEntryRow, SymptomTypeRow
    query = (
        select(
            e.id,
            t.key,
            utc(e.at_utc),
            e.zone,
            e.offset_min,
            e.severity,
            e.body_area,
            e.notes,
            utc(e.created),
            utc(e.updated),
        )
        .join(t, e.type_id == t.id)
        .where(e.deleted.is_(None))
        .order_by(e.at_utc, e.id)
    )
    severities = {int(s): s for s in Severity}
    with store.engine.connect() as con:
        rows = con.execute(query).all()
    out = []
    for ident, key, at, zone, offset, severity, area, notes, created, updated in rows:
        stamp = Stamp(aware(created), aware(updated))
        moment = Moment(aware(at), zone, offset)
        out.append(
            (SymptomEntry(key, moment, severities[severity], area, notes, ident, stamp.created), stamp)
        )
    return out


def stamped_pain(store: Store) -> list[tuple[PainCheckin, Stamp]]:
    """Every live pain check-in with its stamp, oldest first, read through Core (an export)."""
    p = PainRow
    query = (
        select(
            p.id,
            utc(p.at_utc),
            p.zone,
            p.offset_min,
            p.pain_now,
            p.peg_pain,
            p.peg_enjoyment,
            p.peg_activity,
            p.mood,
            p.notes,
            utc(p.created),
            utc(p.updated),
        )
        .where(p.deleted.is_(None))
        .order_by(p.at_utc, p.id)
    )
    with store.engine.connect() as con:
        rows = con.execute(query).all()
    out = []
    for ident, at, zone, offset, now, peg_pain, joy, activity, mood, notes, created, updated in rows:
        peg = None if peg_pain is None or joy is None or activity is None else (peg_pain, joy, activity)
        stamp = Stamp(aware(created), aware(updated))
        moment = Moment(aware(at), zone, offset)
        out.append((PainCheckin(moment, now, peg, mood, notes, ident, stamp.created), stamp))
    return out


def all_intakes(store: Store) -> list[Intake]:
    """Every live intake with its findings, oldest first, read through Core (an export)."""
    return store.plain_intakes(with_findings=True)


def intakes_between(store: Store, start: datetime, end: datetime) -> list[Intake]:
    """Live intakes with start <= time < end, without their findings (what matching compares)."""
    return store.plain_intakes(start, end)
