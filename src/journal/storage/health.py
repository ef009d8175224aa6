"""A full check of the journal file, reported in plain words.

quick_check at every start catches most damage cheaply; this runs SQLite's
complete integrity_check and foreign_key_check on demand (`journal check`,
File → Check the journal).
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from journal.domain.safety import Health

_ENTRY_TABLES = {
    "intakes": "intake",
    "symptom_entries": "symptom rating",
    "pain_checkins": "pain check-in",
    "withdrawal_scores": "withdrawal check-in",
    "breaks": "break",
    "products": "product",
}


def check(engine: Engine) -> Health:
    """Run integrity_check and foreign_key_check on a read transaction."""
    with engine.connect() as con:
        integrity = [str(r[0]) for r in con.execute(text("PRAGMA integrity_check"))]
        problems = [] if integrity == ["ok"] else [f"the file is damaged ({line})" for line in integrity]
        for table, _rowid, parent, _fk in con.execute(text("PRAGMA foreign_key_check")):
            problems.append(f"an entry in {table} points to a missing {parent} row")
        tables = {r[0] for r in con.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        counts = {}
        for table, word in _ENTRY_TABLES.items():
            if table in tables:
                live = f"SELECT count(*) FROM {table} WHERE deleted IS NULL"
                counts[word] = int(con.execute(text(live)).scalar_one())
        pages = int(con.execute(text("PRAGMA page_count")).scalar_one())
        page_size = int(con.execute(text("PRAGMA page_size")).scalar_one())
    return Health(tuple(problems), counts, pages * page_size)
