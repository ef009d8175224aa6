"""Schema 2: opening a journal of schema 1 backs it up, then recomputes its stored findings once.
Schema 3: the time index of intakes covers what daily sums read."""

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


def make_schema_1_journal(folder: Path) -> Path:
    """A journal as version 1 of the app left it: schema 0001, findings as logged, some stale."""
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
            command.upgrade(cfg, "0001")
            con.execute(text(f"PRAGMA application_id = {eng.APPLICATION_ID}"))
            con.execute(text("PRAGMA user_version = 1"))
    finally:
        engine.dispose()
    stale = findings_to_json(
        (
            Finding(
                Level.CAUTION,
                "upper-limit-24h",
                "Rolling 24-hour total with this intake: 14 g, within the cited upper limit of 12 to 15 g, "
                "past its lower end.",
                "cited range",
                total_mg=14_000,
            ),
        )
    )
    rows = [  # 8 g at 08:00, 6 g at 10:00 (its finding as logged: 14 g), then 5 g back-dated to 09:00
        ("2026-03-10 07:00:00.000000", "8", 8000, "[]"),
        ("2026-03-10 09:00:00.000000", "6", 6000, stale),
        ("2026-03-10 08:00:00.000000", "5", 5000, "[]"),
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


def test_schema_2_recomputes_the_findings_of_an_older_journal_once(data_dir: Path, clock: FakeClock) -> None:
    db = make_schema_1_journal(data_dir)
    assert eng.read_header(db) == (eng.APPLICATION_ID, 1)
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        with journal._store.engine.connect() as con:  # through 0002 to the head
            version = con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == eng.HEAD_REVISION
        assert_fresh(journal)
        ten = next(i for i in journal.entries.intakes() if i.amount == 6)
        assert (ten.findings[0].level, ten.findings[0].total_mg) == (Level.WARNING, 19_000)
        assert journal.entries.intakes()[0].findings[0].total_mg == 19_000  # 08:00: a later window
        assert ten.updated == ten.created  # derived data changed; the entry did not
    finally:
        journal.close()
    (saved,) = (data_dir / "backups").iterdir()
    assert saved.name.endswith("-before-upgrade-v1.sqlite3")
    with raw(saved) as con:  # the backup is the journal as it was, stale findings and all
        assert con.execute("PRAGMA user_version").fetchone() == (1,)
        assert (
            json.loads(con.execute("SELECT findings FROM intakes WHERE amount = '6'").fetchone()[0])[0][
                "total_mg"
            ]
            == 14_000
        )
    assert eng.read_header(paths.db_path(data_dir)) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)


def test_schema_3_reads_daily_sums_from_the_time_index_alone(data_dir: Path, clock: FakeClock) -> None:
    """A journal of schema 2 is backed up and its time index widened; its entries are as they were."""
    db = make_schema_1_journal(data_dir)
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        before = journal.entries.intakes()
        with journal._store.engine.begin() as con:  # back to schema 2, as version 2 of the app left it
            con.exec_driver_sql("DROP INDEX ix_intakes_at")
            con.exec_driver_sql("CREATE INDEX ix_intakes_at ON intakes (at_utc)")
            con.exec_driver_sql("DROP TABLE withdrawal_scores")  # schema 4's, not yet there
            con.exec_driver_sql("DROP TABLE photos")  # schema 6's
            con.exec_driver_sql("DROP TABLE medications")  # schema 7's
            con.exec_driver_sql("DROP TABLE taper_plans")  # schema 7's
            con.exec_driver_sql("DROP TABLE purchases")  # schema 8's
            con.exec_driver_sql("DROP TABLE entry_tags")  # schema 8's
            con.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
            con.exec_driver_sql("PRAGMA user_version = 2")
    finally:
        journal.close()
    for old in (data_dir / "backups").iterdir():
        old.unlink()
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        assert journal.entries.intakes() == before
        with journal._store.engine.connect() as con:
            plan = con.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT at_utc, offset_min, leaf_mg, estimate, leaf_estimated"
                " FROM intakes WHERE deleted IS NULL AND at_utc >= '2026'"
            ).all()
        assert "COVERING INDEX ix_intakes_at" in " ".join(str(step[-1]) for step in plan)
    finally:
        journal.close()
    (saved,) = (data_dir / "backups").iterdir()
    assert saved.name.endswith("-before-upgrade-v2.sqlite3")
    assert eng.read_header(db) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
