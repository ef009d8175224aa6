"""The floors of the import and export benchmarks: plain scripts, the standard library only.

    python bench/transfer_floor.py import-json EXPORT.json SCHEMA.sqlite3 TARGET.sqlite3
    python bench/transfer_floor.py import-csv EXPORT.zip SCHEMA.sqlite3 TARGET.sqlite3
    python bench/transfer_floor.py export-json JOURNAL.sqlite3 OUT.json
    python bench/transfer_floor.py export-csv JOURNAL.sqlite3 OUT.zip

An import floor reads the same export (`json.loads`, or `csv.reader` streaming
from the zip) and `executemany`s its rows, values as the file gives them, into
a new file with the journal's schema and indexes (copied from SCHEMA, an empty
journal) and its pragmas (WAL, synchronous=FULL, foreign keys, secure delete),
in one transaction. An export floor selects every live row with sqlite3 and
writes it with `json.dumps`, or with `csv.writer` into a deflated zip. Each
prints its peak resident memory as JSON, as the app's child does.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import sqlite3
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "secure_delete=ON")

#: (table, columns, JSON keys or CSV columns giving them); "@product" and "@type" are looked up.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "products": (
        ("name", "name"),
        ("vendor", "vendor"),
        ("strain", "strain"),
        ("usual_form", "usual_form"),
        ("capsule_g", "capsule_g"),
        ("leaf_factor", "leaf_factor"),
        ("batch", "batch"),
        ("purity_tested", "purity_tested"),
        ("notes", "notes"),
        ("archived", "archived"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
        ("deleted", "deleted_utc"),
    ),
    "symptom_types": (
        ("key", "key"),
        ("label", "label"),
        ("category", "category"),
        ("body_areas", "body_areas"),
        ("red_flag", "red_flag"),
        ("source", "source"),
        ("builtin", "builtin"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
    ),
    "intakes": (
        ("at_utc", "time_utc"),
        ("zone", "zone"),
        ("offset_min", "offset_minutes"),
        ("amount", "amount"),
        ("unit", "unit"),
        ("form", "form"),
        ("product_id", "@product"),
        ("leaf_mg", "leaf_g"),
        ("estimate", "estimate"),
        ("leaf_estimated", "leaf_estimated"),
        ("notes", "notes"),
        ("findings", "findings"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
    ),
    "symptom_entries": (
        ("type_id", "@type"),
        ("severity", "severity"),
        ("body_area", "body_area"),
        ("notes", "notes"),
        ("at_utc", "time_utc"),
        ("zone", "zone"),
        ("offset_min", "offset_minutes"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
    ),
    "pain_checkins": (
        ("pain_now", "pain_now"),
        ("peg_pain", "peg_pain"),
        ("peg_enjoyment", "peg_enjoyment"),
        ("peg_activity", "peg_activity"),
        ("mood", "mood"),
        ("notes", "notes"),
        ("at_utc", "time_utc"),
        ("zone", "zone"),
        ("offset_min", "offset_minutes"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
    ),
    "breaks": (
        ("start_utc", "start_utc"),
        ("zone", "zone"),
        ("offset_min", "offset_minutes"),
        ("planned_end", "planned_end"),
        ("end_utc", "end_utc"),
        ("end_offset_min", "end_offset_minutes"),
        ("reason", "reason"),
        ("outcome", "outcome"),
        ("created", "created_utc"),
        ("updated", "updated_utc"),
    ),
}
#: The export's names for the tables (JSON keys; CSV files are these plus .csv).
EXPORT_NAMES = {
    "products": "products",
    "symptom_types": "symptom_types",
    "intakes": "intakes",
    "symptom_entries": "symptoms",
    "pain_checkins": "pain_checkins",
    "breaks": "breaks",
}


def new_database(schema: Path, target: Path) -> sqlite3.Connection:
    """A new file with the journal's tables, indexes and pragmas."""
    with sqlite3.connect(schema) as source:
        statements = [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
                "ORDER BY type = 'index', rowid"
            )
        ]
    source.close()
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in PRAGMAS:
        con.execute(f"PRAGMA {pragma}")
    for sql in statements:
        con.execute(sql)
    return con


def insert(con: sqlite3.Connection, table: str, rows: Iterable[Sequence[Any]]) -> None:
    columns = [name for name, _ in COLUMNS[table]]
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def insert_products(con: sqlite3.Connection, products: Iterable[dict[str, Any]]) -> dict[Any, int]:
    """Products one by one (the intakes refer to their new ids); their refs to those ids."""
    columns = [name for name, _ in COLUMNS["products"]]
    sql = f"INSERT INTO products ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    row = _getter("products", {}, {})
    refs = {}
    for product in products:
        refs[product["ref"]] = con.execute(sql, row(product.get)).lastrowid or 0
    return refs


def _getter(table: str, refs: dict[Any, int], types: dict[str, int]) -> Any:
    keys = [key for _, key in COLUMNS[table]]

    def row(get: Any) -> list[Any]:
        out = []
        for key in keys:
            if key == "@product":
                ref = get("product_ref")
                out.append(refs.get(ref) if ref not in (None, "") else None)
            elif key == "@type":
                out.append(types[get("symptom")])
            else:
                value = get(key)
                out.append(json.dumps(value) if isinstance(value, list) else value)
        return out

    return row


def import_json(export: Path, schema: Path, target: Path) -> None:
    doc = json.loads(export.read_bytes())
    con = new_database(schema, target)
    con.execute("BEGIN IMMEDIATE")
    refs = insert_products(con, doc["products"])
    row = _getter("symptom_types", refs, {})
    insert(con, "symptom_types", (row(t.get) for t in doc["symptom_types"]))
    types = dict(con.execute("SELECT key, id FROM symptom_types"))
    for table in ("intakes", "symptom_entries", "pain_checkins", "breaks"):
        row = _getter(table, refs, types)
        insert(con, table, (row(item.get) for item in doc[EXPORT_NAMES[table]]))
    con.execute("COMMIT")
    con.close()


def _csv_rows(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, str]]:
    with archive.open(name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        yield from csv.DictReader(text)


def import_csv(export: Path, schema: Path, target: Path) -> None:
    con = new_database(schema, target)
    con.execute("BEGIN IMMEDIATE")
    with zipfile.ZipFile(export) as archive:
        refs = insert_products(con, _csv_rows(archive, "products.csv"))
        row = _getter("symptom_types", refs, {})
        insert(con, "symptom_types", (row(t.get) for t in _csv_rows(archive, "symptom_types.csv")))
        types = dict(con.execute("SELECT key, id FROM symptom_types"))
        for table in ("intakes", "symptom_entries", "pain_checkins", "breaks"):
            row = _getter(table, refs, types)
            name = f"{EXPORT_NAMES[table]}.csv"
            insert(con, table, (row(item.get) for item in _csv_rows(archive, name)))
    con.execute("COMMIT")
    con.close()


def _live_rows(con: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cur = con.execute(f"SELECT * FROM {table} WHERE deleted IS NULL")
    return [d[0] for d in cur.description], cur.fetchall()


def export_json(journal: Path, out: Path) -> None:
    con = sqlite3.connect(journal)
    doc: dict[str, Any] = {}
    for table, name in EXPORT_NAMES.items():
        columns, rows = _live_rows(con, table)
        doc[name] = [dict(zip(columns, r, strict=True)) for r in rows]
    con.close()
    out.write_bytes((json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def export_csv(journal: Path, out: Path) -> None:
    con = sqlite3.connect(journal)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, name in EXPORT_NAMES.items():
            cur = con.execute(f"SELECT * FROM {table} WHERE deleted IS NULL")
            with archive.open(f"{name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow([d[0] for d in cur.description])
                writer.writerows(cur)
                text.flush()
                text.detach()
    con.close()


def peak_kb() -> int:
    """This process's peak resident memory in kB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the process that
    forked this one, so a child of a large benchmark process would report its parent's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: Sequence[str]) -> None:
    mode, *paths = argv
    args = [Path(p) for p in paths]
    {
        "import-json": import_json,
        "import-csv": import_csv,
        "export-json": export_json,
        "export-csv": export_csv,
    }[mode](*args)
    print(json.dumps({"maxrss_kb": peak_kb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
