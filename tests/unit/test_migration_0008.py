"""Schema 8: a journal at the previous head (0007) gains the purchases' and the tags' tables and the
plans' day table column, backed up first, its plans kept; the downgrade removes them again."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import text

from journal import paths
from journal.service.journal import Journal
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock
from tests.unit.test_stored_findings import raw

PREVIOUS_HEAD = "0007"
NEW_TABLES = {"purchases", "entry_tags"}


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(eng.__file__).with_name("migrations")))
    return cfg


def make_schema_7_journal(folder: Path) -> Path:
    """A journal as the app left it before the stash: schema 0007, one taper plan in it."""
    from alembic import command

    folder.mkdir(parents=True, exist_ok=True)
    db = paths.db_path(folder)
    db.touch(mode=eng.PRIVATE_FILE)
    engine = eng.make_engine(db)
    cfg = _config()
    try:
        with eng.writer(engine).begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, PREVIOUS_HEAD)
            con.execute(text(f"PRAGMA application_id = {eng.APPLICATION_ID}"))
            con.execute(text("PRAGMA user_version = 7"))
    finally:
        engine.dispose()
    with raw(db) as con:
        con.execute(
            "INSERT INTO taper_plans (start_g, target_g, step_g, every_days, first_day, pauses, ended,"
            " notes, created, updated) VALUES ('8', '4', '0.5', 7, '2026-03-01', '[]', NULL, 'kept',"
            " '2026-03-01 07:00:00.000000', '2026-03-01 07:00:00.000000')"
        )
    return db


def _tables(db: Path) -> set[str]:
    with raw(db) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _plan_columns(con: object) -> set[str]:
    return {r[1] for r in con.exec_driver_sql("PRAGMA table_info(taper_plans)")}  # type: ignore[attr-defined]


def test_opening_a_schema_7_journal_adds_the_tables_and_keeps_the_plan(
    data_dir: Path, clock: FakeClock
) -> None:
    db = make_schema_7_journal(data_dir)
    assert not NEW_TABLES & _tables(db)

    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        with journal._store.engine.connect() as con:
            assert con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0008"
            assert "days" in _plan_columns(con)
            assert con.exec_driver_sql("SELECT days FROM taper_plans").scalar() is None
        (plan,) = journal.taper.all()
        assert (plan.notes, str(plan.start_g), plan.every_days) == ("kept", "8", 7)
    finally:
        journal.close()
    assert _tables(db) >= NEW_TABLES
    assert eng.read_header(db) == (eng.APPLICATION_ID, 8)
    (backup,) = sorted((data_dir / "backups").iterdir())
    assert backup.name.endswith("-before-upgrade-v7.sqlite3")
    assert not NEW_TABLES & _tables(backup)


def test_the_downgrade_removes_the_tables_and_the_column_again(data_dir: Path) -> None:
    from alembic import command

    db = make_schema_7_journal(data_dir)
    engine = eng.make_engine(db)
    cfg = _config()
    try:
        with eng.writer(engine).begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, "0008")
            assert {r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")} >= NEW_TABLES
            command.downgrade(cfg, PREVIOUS_HEAD)
            assert not NEW_TABLES & {r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert "days" not in _plan_columns(con)
            assert con.exec_driver_sql("SELECT notes FROM taper_plans").scalar() == "kept"
    finally:
        engine.dispose()
