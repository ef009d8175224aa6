"""Writing many entries at once: SQLAlchemy Core inserts in one transaction.

ORM `add_all` is about 40 times slower than raw sqlite3 for many rows; Core
`insert()` with a list of dicts is within about 2.5 times of it (DESIGN.md,
section 8). Rows get the same column values the Store gives them one by one,
so what the Store reads back is what was generated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from journal.domain.batch import NewEntries
from journal.domain.entities import Break, Intake, PainCheckin, Product, Stamp, SymptomEntry
from journal.domain.guidance import Guidance
from journal.storage import engine as eng
from journal.storage import findings
from journal.storage.findings import findings_to_json
from journal.storage.models import (
    BreakRow,
    IntakeRow,
    PainRow,
    ProductRow,
    SettingRow,
    SymptomEntryRow,
    SymptomTypeRow,
)
from journal.storage.store import Store
from journal.storage.store.rows import product

#: The tables a person's entries live in, with the words used to count them.
_ENTRY_TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("intakes", IntakeRow),
    ("symptom ratings", SymptomEntryRow),
    ("pain check-ins", PainRow),
    ("breaks", BreakRow),
    ("products", ProductRow),
)


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
    """Write entries into an empty journal, all or nothing; every finding is worked out after.

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
        _insert_entries(con, new)
        # The entries' findings were worked out elsewhere; this journal's settings may differ.
        findings.refresh_all(con, store.guidance)


def _insert(con: Connection, model: type[Any], rows: Iterable[dict[str, Any]]) -> None:
    batch = list(rows)
    if batch:
        con.execute(insert(model), batch)


def _created(created: datetime | None, what: str) -> datetime:
    if created is None:
        raise ValueError(f"every {what} needs its created time")
    return created


def _stamps(created: datetime, updated: datetime | None = None) -> dict[str, Any]:
    return {"created": created, "updated": updated or created, "deleted": None}


# The mappings below give the columns the values the Store gives them one by one
# (store/rows.py); tests read the rows back through the Store and compare.


def _product_row(p: Product, stamp: Stamp) -> dict[str, Any]:
    return {
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
        **_stamps(stamp.created, stamp.updated),
    }


def _intake_row(i: Intake, product_ids: Mapping[int | None, int]) -> dict[str, Any]:
    if i.product_id is not None and i.product_id not in product_ids:
        raise ValueError(f"an intake refers to product {i.product_id}, which is not among the new ones")
    created = _created(i.created, "intake")
    return {
        "at_utc": i.at.utc,
        "zone": i.at.zone,
        "offset_min": i.at.offset_min,
        "amount": i.amount,
        "unit": i.unit.value,
        "form": i.form.value,
        "product_id": None if i.product_id is None else product_ids[i.product_id],
        "leaf_mg": i.leaf_mg,
        "estimate": i.estimate,
        "leaf_estimated": i.leaf_estimated,
        "notes": i.notes,
        "findings": findings_to_json(i.findings),
        **_stamps(created, i.updated),
    }


def _break_row(b: Break, stamp: Stamp) -> dict[str, Any]:
    return {
        "start_utc": b.start.utc,
        "zone": b.start.zone,
        "offset_min": b.start.offset_min,
        "planned_end": b.planned_end.isoformat() if b.planned_end else None,
        "end_utc": b.actual_end.utc if b.actual_end is not None else None,
        "end_offset_min": b.actual_end.offset_min if b.actual_end is not None else None,
        "reason": b.reason,
        "outcome": b.outcome,
        **_stamps(stamp.created, stamp.updated),
    }


def _symptom_row(e: SymptomEntry, type_ids: Mapping[str, int]) -> dict[str, Any]:
    return {
        "type_id": type_ids[e.type_key],
        "severity": int(e.severity),
        "body_area": e.body_area,
        "notes": e.notes,
        "at_utc": e.at.utc,
        "zone": e.at.zone,
        "offset_min": e.at.offset_min,
        **_stamps(_created(e.created, "symptom entry")),
    }


def _pain_row(c: PainCheckin) -> dict[str, Any]:
    peg = c.peg or (None, None, None)
    return {
        "pain_now": c.pain_now,
        "peg_pain": peg[0],
        "peg_enjoyment": peg[1],
        "peg_activity": peg[2],
        "mood": c.mood,
        "notes": c.notes,
        "at_utc": c.at.utc,
        "zone": c.at.zone,
        "offset_min": c.at.offset_min,
        **_stamps(_created(c.created, "pain check-in")),
    }


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
}


def stamps(store: Store, table: str) -> dict[int, Stamp]:
    """Created and updated time of every row of `table` (one of STAMPED_TABLES), by id."""
    model = STAMPED_TABLES[table]
    with store.engine.connect() as con:
        rows = con.execute(select(model.id, model.created, model.updated))
        return {ident: Stamp(created, updated) for ident, created, updated in rows}


def deleted_products_in_use(store: Store) -> list[tuple[Product, datetime]]:
    """Deleted products a live intake still names, with their deleted time.

    A deleted product stays behind the intakes logged with it (the timeline still
    shows its name), so an export keeps it, marked deleted.
    """
    used = select(IntakeRow.product_id).where(IntakeRow.deleted.is_(None), IntakeRow.product_id.is_not(None))
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


@contextmanager
def write_lock(store: Store) -> Iterator[Connection]:
    """One writing transaction that holds the journal's write lock from its start.

    Reads through the store meanwhile (other connections) see the journal as
    committed, which nobody else can change until this transaction ends.
    """
    with eng.writer(store.engine).begin() as con:
        yield con


def insert_entries(con: Connection, new: NewEntries, guidance: Guidance | None = None) -> None:
    """Insert `new` inside a transaction from `write_lock`; the caller has validated it.

    Findings the entries carry are not kept: those of every intake the new
    entries reach are worked out with this journal's rules (`guidance`, by
    default the app's) before the transaction ends.
    """
    before = findings.read_settings(con)
    _insert_entries(con, new)
    if new.settings is not None and findings.rules_changed(before, new.settings):
        findings.refresh_all(con, guidance)
    else:
        findings.refresh(
            con,
            guidance,
            moments=[(i.at.utc, i.at.offset_min) for i in new.intakes],
            spans=[(b.start.utc, b.actual_end.utc if b.actual_end else None) for b, _ in new.breaks],
        )


def _insert_entries(con: Connection, new: NewEntries) -> None:
    """The rows of `new`, and its settings; their findings are left to the caller."""
    product_ids: dict[int | None, int] = {}
    for p, stamp, deleted in new.products:
        if p.id is None or p.id >= 0:
            raise ValueError("new products need negative placeholder ids")
        row = {**_product_row(p, stamp), "deleted": deleted}
        product_ids[p.id] = con.execute(insert(ProductRow).values(row)).inserted_primary_key[0]  # type: ignore[index]
    for intake in new.intakes:
        if intake.product_id is not None and intake.product_id > 0:
            product_ids.setdefault(intake.product_id, intake.product_id)
    _insert(
        con,
        SymptomTypeRow,
        (
            {
                "key": t.key,
                "label": t.label,
                "category": t.category,
                "body_areas": json.dumps(list(t.body_areas)),
                "red_flag": t.red_flag,
                "source": t.source,
                "builtin": t.builtin,
                **_stamps(stamp.created, stamp.updated),
            }
            for t, stamp in new.symptom_types
        ),
    )
    type_ids = {key: tid for key, tid in con.execute(select(SymptomTypeRow.key, SymptomTypeRow.id))}
    _insert(con, IntakeRow, (_intake_row(i, product_ids) for i in new.intakes))
    _insert(con, BreakRow, (_break_row(b, s) for b, s in new.breaks))
    _insert(
        con,
        SymptomEntryRow,
        (
            {**_symptom_row(replace(e, created=s.created), type_ids), "updated": s.updated}
            for e, s in new.symptoms
        ),
    )
    _insert(
        con,
        PainRow,
        ({**_pain_row(replace(c, created=s.created)), "updated": s.updated} for c, s in new.pain),
    )
    if new.settings is not None:
        for key, value in asdict(new.settings).items():
            text = findings.stored_setting(value)
            con.execute(
                sqlite_insert(SettingRow)
                .values(key=key, value=text)
                .on_conflict_do_update(index_elements=[SettingRow.key], set_={"value": text})
            )
