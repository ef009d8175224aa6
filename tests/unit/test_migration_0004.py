"""Schema 4: a journal at the previous head (0003) gains the withdrawal check-ins' table, backed up first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from journal import paths
from journal.domain.withdrawal import WithdrawalScore
from journal.service.journal import Journal
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock
from tests.unit.test_stored_findings import raw

PREVIOUS_HEAD = "0003"


def make_schema_3_journal(folder: Path) -> Path:
    """A journal as the app left it before withdrawal check-ins: schema 0003, one intake in it."""
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
            command.upgrade(cfg, PREVIOUS_HEAD)
            con.execute(text(f"PRAGMA application_id = {eng.APPLICATION_ID}"))
            con.execute(text("PRAGMA user_version = 3"))
    finally:
        engine.dispose()
    with raw(db) as con:
        con.execute(
            "INSERT INTO intakes (at_utc, zone, offset_min, amount, unit, form, leaf_mg, estimate,"
            " leaf_estimated, notes, findings, created, updated) VALUES"
            " ('2026-03-10 07:00:00.000000', ?, 60, '4', 'g', 'powder', 4000, 0, 0, 'kept', '[]',"
            " '2026-03-10 07:00:00.000000', '2026-03-10 07:00:00.000000')",
            (ZONE,),
        )
    return db


def test_opening_a_schema_3_journal_adds_the_table_and_keeps_everything(
    data_dir: Path, clock: FakeClock
) -> None:
    db = make_schema_3_journal(data_dir)
    assert eng.read_header(db) == (eng.APPLICATION_ID, 3)
    with raw(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "withdrawal_scores" not in tables

    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        with journal._store.engine.connect() as con:
            version = con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == eng.HEAD_REVISION
        assert [i.notes for i in journal.entries.intakes()] == ["kept"]
        assert journal.entries.withdrawal() == []
        saved = journal.log_withdrawal(WithdrawalScore(journal.now(), (1,) * 16))
        assert journal.entries.withdrawal() == [saved]
    finally:
        journal.close()
    assert eng.read_header(paths.db_path(data_dir)) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
    (backup,) = (data_dir / "backups").iterdir()
    assert backup.name.endswith("-before-upgrade-v3.sqlite3")
    with raw(backup) as con:  # the backup is the journal as it was
        assert con.execute("PRAGMA user_version").fetchone() == (3,)
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "withdrawal_scores" not in names


def _tables(con: Connection) -> set[str]:
    return {r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")}


def test_the_downgrade_removes_the_table_again(data_dir: Path) -> None:
    from alembic import command
    from alembic.config import Config

    db = make_schema_3_journal(data_dir)
    engine = eng.make_engine(db)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(eng.__file__).with_name("migrations")))
    try:
        with eng.writer(engine).begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, "0004")
            assert "withdrawal_scores" in {
                r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")
            }
            command.downgrade(cfg, PREVIOUS_HEAD)
            assert "withdrawal_scores" not in {
                r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")
            }
    finally:
        engine.dispose()
