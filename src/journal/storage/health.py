"""A full check of the journal file, reported in plain words.

quick_check at every start catches most damage cheaply; this runs SQLite's
complete integrity_check and foreign_key_check on demand (`journal check`,
File → Check the journal).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from journal.storage.backups import size_text

_ENTRY_TABLES = {
    "intakes": "intake",
    "symptom_entries": "symptom rating",
    "pain_checkins": "pain check-in",
    "breaks": "break",
    "products": "product",
}


@dataclass(frozen=True, slots=True)
class Health:
    problems: tuple[str, ...]
    counts: dict[str, int]
    size_bytes: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One or two sentences for a person."""
        held = ", ".join(f"{n:,} {word}{'' if n == 1 else 's'}" for word, n in self.counts.items() if n)
        size = size_text(self.size_bytes)
        held = f"{held}; {size}" if held else size
        if self.ok:
            return (
                f"The journal is healthy: the full integrity check passed and every link is intact ({held})."
            )
        shown = "; ".join(self.problems[:5]) + ("; …" if len(self.problems) > 5 else "")
        return (
            f"The journal has {len(self.problems)} problem{'' if len(self.problems) == 1 else 's'}: {shown}. "
            "Restore the newest good backup, or export what can still be read."
        )


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
