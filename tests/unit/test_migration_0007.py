"""Schema 7: a journal at the previous head (0006) gains the medications' and the taper plans' tables,
backed up first; the downgrade removes them again."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import text

from journal import paths
from journal.domain.medications import Medication
from journal.service.journal import Journal
from journal.storage import engine as eng
from tests.conftest import ZONE, FakeClock
from tests.unit.test_stored_findings import raw

PREVIOUS_HEAD = "0006"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(eng.__file__).with_name("migrations")))
    return cfg


def make_schema_6_journal(folder: Path) -> Path:
    """A journal as the app left it before medications: schema 0006, one intake in it."""
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
            con.execute(text("PRAGMA user_version = 6"))
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


def _tables(db: Path) -> set[str]:
    with raw(db) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_opening_a_schema_6_journal_adds_the_table_and_keeps_everything(
    data_dir: Path, clock: FakeClock
) -> None:
    db = make_schema_6_journal(data_dir)
    assert eng.read_header(db) == (eng.APPLICATION_ID, 6)
    assert "medications" not in _tables(db)

    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        with journal._store.engine.connect() as con:
            version = con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == eng.HEAD_REVISION
        assert [i.notes for i in journal.entries.intakes()] == ["kept"]
        assert journal.medications.all() == []
        added = journal.medications.add(Medication("Ibuprofen", "400 mg"))
        assert journal.medications.all() == [added]
        assert journal.taper.all() == []
        plan = journal.taper.set("8", "4", "0.5", 7)
        assert journal.taper.active() == plan
    finally:
        journal.close()
    assert eng.read_header(paths.db_path(data_dir)) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
    (backup,) = sorted((data_dir / "backups").iterdir())
    assert backup.name.endswith("-before-upgrade-v6.sqlite3")
    with raw(backup) as con:  # the backup is the journal as it was
        assert con.execute("PRAGMA user_version").fetchone() == (6,)
    assert not {"medications", "taper_plans"} & _tables(backup)


def test_the_downgrade_removes_the_table_again(data_dir: Path) -> None:
    from alembic import command

    db = make_schema_6_journal(data_dir)
    engine = eng.make_engine(db)
    cfg = _config()
    try:
        with eng.writer(engine).begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, "0007")
            names = {r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert {"medications", "taper_plans"} <= names
            command.downgrade(cfg, PREVIOUS_HEAD)
            names = {r[0] for r in con.exec_driver_sql("SELECT name FROM sqlite_master")}
            assert not {"medications", "taper_plans"} & names
            assert "photos" in names
            assert con.exec_driver_sql("SELECT count(*) FROM intakes").scalar() == 1
    finally:
        engine.dispose()
