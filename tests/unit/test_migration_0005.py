"""Schema 5: the starting-dose notice of a schema 4 journal is kept only where the person was starting."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from journal import paths
from journal.domain.entities import Finding, Level
from journal.service.journal import Journal
from journal.storage import engine as eng
from journal.storage.findings import findings_to_json
from tests.conftest import ZONE, FakeClock
from tests.unit.test_stored_findings import assert_fresh, raw


def make_schema_4_journal(folder: Path) -> Path:
    """A journal as schema 4 left it: a starting-dose notice on every intake over 5 g."""
    from alembic import command
    from alembic.config import Config

    folder.mkdir(parents=True, exist_ok=True)
    db = paths.db_path(folder)
    db.touch(mode=eng.PRIVATE_FILE)
    engine = eng.make_engine(db)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(eng.__file__).with_name("migrations")))
    try:
        with eng.writer(engine).begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, "0004")
            con.execute(text(f"PRAGMA application_id = {eng.APPLICATION_ID}"))
            con.execute(text("PRAGMA user_version = 4"))
    finally:
        engine.dispose()

    def notice(grams: int) -> str:
        return findings_to_json(
            (
                Finding(
                    Level.NOTICE,
                    "starting-dose",
                    f"{grams} g in one intake is above the cited starting dose of 1 to 5 g.",
                    "cited range",
                    total_mg=grams * 1000,
                ),
            )
        )

    rows = [  # three days apart, so no 24-hour window joins them
        ("2026-03-01 07:00:00.000000", "6", 6000, notice(6)),
        ("2026-03-04 07:00:00.000000", "7", 7000, notice(7)),
        ("2026-03-07 07:00:00.000000", "8", 8000, notice(8)),
    ]
    with raw(db) as con:
        for at, amount, mg, found in rows:
            con.execute(
                "INSERT INTO intakes (at_utc, zone, offset_min, amount, unit, form, leaf_mg, estimate,"
                " leaf_estimated, notes, findings, created, updated) VALUES"
                " (?, ?, 60, ?, 'g', 'powder', ?, 0, 0, '', ?, ?, ?)",
                (at, ZONE, amount, mg, found, at, at),
            )
    return db


def test_schema_5_keeps_the_starting_dose_for_the_first_intake_only(data_dir: Path, clock: FakeClock) -> None:
    db = make_schema_4_journal(data_dir)
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        with journal._store.engine.connect() as con:
            version = con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == eng.HEAD_REVISION
        first, second, third = journal.entries.intakes()
        assert [f.rule_id for f in first.findings] == ["starting-dose"]
        assert "first intake in the journal" in first.findings[0].message
        assert second.findings == () and third.findings == ()
        assert_fresh(journal)
    finally:
        journal.close()
    (saved,) = (data_dir / "backups").iterdir()
    assert saved.name.endswith("-before-upgrade-v4.sqlite3")
    with raw(saved) as con:  # the backup keeps what schema 4 stored
        stored = [json.loads(f)[0]["rule_id"] for (f,) in con.execute("SELECT findings FROM intakes")]
        assert stored == ["starting-dose"] * 3
    assert eng.read_header(db) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
