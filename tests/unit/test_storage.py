"""The journal file: created private, vetted before use, exact, migrated after a backup."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from journal import paths, resources
from journal.domain import errors
from journal.domain.entities import (
    Break,
    Citation,
    Finding,
    Form,
    Intake,
    Kind,
    Level,
    PainCheckin,
    Product,
    Settings,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import NotFound
from journal.domain.times import Moment, resolve_local
from journal.service.journal import Journal
from journal.storage import engine as eng
from journal.storage import usage
from journal.storage.findings import findings_from_json, findings_to_json
from journal.storage.store import Store
from tests.conftest import ZONE, FakeClock

T = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def intake(at: datetime = T, grams: str = "2.5", **kw: Any) -> Intake:
    amount = Decimal(grams)
    return Intake(Moment.from_utc(at, ZONE), amount, Unit.G, Form.POWDER, int(amount * 1000), **kw)


def open_store(folder: Path) -> Store:
    return Store.open(folder, resources.catalogue())


@contextlib.contextmanager
def opened(folder: Path) -> Iterator[Store]:
    store = open_store(folder)
    try:
        yield store
    finally:
        store.close()


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the empty lock file any opening attempt holds (it says who has it open)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != usage.NAME}


# -- creating and opening -----------------------------------------------------


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_fresh_journal_is_private_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    folder = tmp_path / "new" / "data"
    with umask(mask), opened(folder) as store:
        store.add_intake(intake())
        db = paths.db_path(folder)
        assert mode(folder) == 0o700
        assert mode(db) == 0o600
        for side in ("-wal", "-shm"):
            side_file = Path(f"{db}{side}")
            if side_file.exists():
                assert mode(side_file) == 0o600, side
        assert mode(folder / "backups") == 0o700


def test_existing_loose_folder_is_made_private(data_dir: Path) -> None:
    data_dir.chmod(0o755)
    with opened(data_dir):
        assert mode(data_dir) == 0o700


def test_paths_data_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "explicit"
    assert paths.data_dir(explicit) == explicit.resolve()
    assert mode(explicit) == 0o700
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert paths.data_dir() == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(paths.ENV_VAR)
    assert paths.data_dir() == (tmp_path / "xdg-data" / paths.APP_NAME).resolve()


def test_shared_sticky_folder_is_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    paths.private_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_reopen_keeps_data(data_dir: Path) -> None:
    with opened(data_dir) as store:
        saved = store.add_intake(intake(notes="first"))
        store.add_product(Product("Green Maeng Da", vendor="Shop", capsule_g=Decimal("0.5")))
    with opened(data_dir) as store:
        (again,) = store.intakes()
        assert again == saved
        assert [p.name for p in store.products()] == ["Green Maeng Da"]
        # Built-in symptoms are not duplicated on reopen.
        keys = [t.key for t in store.symptom_types()]
        assert len(keys) == len(set(keys)) == len(resources.catalogue().types)


def test_pragmas_on_every_connection(journal: Journal) -> None:
    engine = journal._store.engine
    with engine.connect() as one, engine.connect() as two:
        for con in (one, two):
            assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert con.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert con.exec_driver_sql("PRAGMA application_id").scalar() == eng.APPLICATION_ID
            assert con.exec_driver_sql("PRAGMA user_version").scalar() == eng.SCHEMA_VERSION


def test_foreign_keys_are_enforced(journal: Journal) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"):
        journal._store.add_intake(intake(product_id=999))
    assert journal.entries.intakes() == []


def test_header_has_application_id_and_version(data_dir: Path) -> None:
    with opened(data_dir):
        pass
    assert eng.read_header(paths.db_path(data_dir)) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
    assert eng.APPLICATION_ID.to_bytes(4, "big") == b"KJRN"


def test_journal_open_elsewhere_is_not_taken_for_a_foreign_file(data_dir: Path) -> None:
    # While one process has the journal open, its header changes may sit in the
    # write-ahead log; a second process (the command line) must still open it.
    with opened(data_dir) as first:
        first.add_intake(intake())
        with opened(data_dir) as second:
            assert len(second.intakes()) == 1
            second.add_intake(intake(T + timedelta(hours=1)))
        assert len(first.intakes()) == 2


def test_two_writers_at_once_both_succeed(data_dir: Path) -> None:
    # The window and the command line may write at the same moment; each update
    # reads its row first, which must not make the other writer's commit fail.
    with opened(data_dir) as a, opened(data_dir) as b:
        rows = [a.add_intake(intake(T - timedelta(hours=h))) for h in (1, 2)]
        errors: list[BaseException] = []

        def work(store: Store, row: Intake) -> None:
            try:
                for i in range(60):
                    store.update_intake(replace(row, notes=str(i)))
            except BaseException as err:  # pragma: no cover - reported below
                errors.append(err)

        threads = [threading.Thread(target=work, args=(s, r)) for s, r in zip((a, b), rows, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        assert [i.notes for i in a.intakes()] == ["59", "59"]


def test_journal_of_a_killed_process_reopens(data_dir: Path) -> None:
    code = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, UTC
        from decimal import Decimal
        from pathlib import Path
        from journal import resources
        from journal.domain.entities import Form, Intake, Unit
        from journal.domain.times import Moment
        from journal.storage.store import Store
        store = Store.open(Path({str(data_dir)!r}), resources.catalogue())
        at = Moment.from_utc(datetime(2026, 3, 10, 12, tzinfo=UTC), "Europe/Berlin")
        store.add_intake(Intake(at, Decimal("2.5"), Unit.G, Form.POWDER, 2500))
        os._exit(0)  # no close, no checkpoint: as if killed
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert Path(f"{paths.db_path(data_dir)}-wal").exists()
    with opened(data_dir) as store:
        assert [i.leaf_mg for i in store.intakes()] == [2500]


def test_blank_file_from_an_interrupted_creation_opens_as_new(data_dir: Path) -> None:
    db = paths.db_path(data_dir)
    with contextlib.closing(raw(db)) as con:
        con.execute("PRAGMA journal_mode=WAL")
    with opened(data_dir) as store:
        assert store.intakes() == []
    assert eng.read_header(db) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)


def test_empty_file_opens_as_new(data_dir: Path) -> None:
    paths.db_path(data_dir).touch()
    with opened(data_dir) as store:
        assert store.settings() == Settings()


# -- refusing files -----------------------------------------------------------


def _set_user_version(db: Path, version: int) -> None:
    with contextlib.closing(raw(db)) as con:
        con.execute(f"PRAGMA user_version = {version}")
        con.commit()


def test_refuses_a_newer_journal_untouched(data_dir: Path) -> None:
    with opened(data_dir) as store:
        store.add_intake(intake())
    db = paths.db_path(data_dir)
    _set_user_version(db, eng.SCHEMA_VERSION + 1)
    before = snapshot(data_dir)
    with pytest.raises(errors.NewerJournalError, match="newer version"):
        open_store(data_dir)
    with pytest.raises(errors.NewerJournalError):
        Journal.open(data_dir, zone=ZONE)
    assert snapshot(data_dir) == before
    assert not list((data_dir / "backups").iterdir())


def test_refuses_a_newer_journal_whose_version_is_still_in_the_wal(data_dir: Path) -> None:
    with opened(data_dir):
        pass
    db = paths.db_path(data_dir)
    with contextlib.closing(raw(db)) as newer_app:
        newer_app.execute("PRAGMA journal_mode=WAL")
        newer_app.execute("PRAGMA wal_autocheckpoint=0")
        newer_app.execute(f"PRAGMA user_version = {eng.SCHEMA_VERSION + 1}")
        newer_app.commit()
        # The header bytes still say the old version; SQLite knows better.
        assert eng.read_header(db) == (eng.APPLICATION_ID, eng.SCHEMA_VERSION)
        with pytest.raises(errors.NewerJournalError):
            open_store(data_dir)


def test_refuses_a_file_that_is_not_sqlite_untouched(data_dir: Path) -> None:
    db = paths.db_path(data_dir)
    db.write_bytes(b"my shopping list\n" * 20)
    before = snapshot(data_dir)
    with pytest.raises(errors.NotAJournalError, match="not an SQLite database"):
        open_store(data_dir)
    assert snapshot(data_dir) == before
    db.write_bytes(b"SQLite format 3\x00short")
    with pytest.raises(errors.NotAJournalError):
        open_store(data_dir)


@pytest.mark.parametrize("app_id", [0, 0x12345678])
def test_refuses_a_foreign_sqlite_file_untouched(data_dir: Path, app_id: int) -> None:
    db = paths.db_path(data_dir)
    with contextlib.closing(raw(db)) as con:
        con.execute(f"PRAGMA application_id = {app_id}")
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.execute("INSERT INTO recipes VALUES ('soup')")
        con.commit()
    before = snapshot(data_dir)
    with pytest.raises(errors.NotAJournalError, match="another application"):
        open_store(data_dir)
    assert snapshot(data_dir) == before
    with contextlib.closing(raw(db)) as con:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]


def test_refuses_a_damaged_file_untouched(data_dir: Path) -> None:
    with opened(data_dir) as store:
        for i in range(300):
            store.add_intake(intake(T - timedelta(hours=i), notes="x" * 200))
    db = paths.db_path(data_dir)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 6 * page
    for n in (2, 3, 4, 5):
        data[n * page : n * page + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    before = snapshot(data_dir)
    with pytest.raises(errors.DamagedJournalError, match="damaged"):
        open_store(data_dir)
    assert snapshot(data_dir) == before


# -- values round trip ---------------------------------------------------------


def test_exact_amounts_round_trip_as_text(journal: Journal) -> None:
    amount = Decimal("0.1") + Decimal("0.2")
    assert amount == Decimal("0.3")
    saved = journal._store.add_intake(replace(intake(), amount=amount, leaf_mg=300))
    product = journal.products.add(Product("P", capsule_g=Decimal("0.333"), leaf_factor=Decimal("12.5")))
    (back,) = journal.entries.intakes()
    assert back.amount == Decimal("0.3")
    assert str(back.amount) == "0.3"
    assert journal.products.get(product.id or 0).capsule_g == Decimal("0.333")
    assert journal.products.get(product.id or 0).leaf_factor == Decimal("12.5")
    with contextlib.closing(raw(journal.path)) as con:
        row = con.execute("SELECT amount, typeof(amount), leaf_mg, typeof(leaf_mg) FROM intakes").fetchone()
        assert row == ("0.3", "text", 300, "integer")
        assert con.execute("SELECT capsule_g, typeof(capsule_g) FROM products").fetchone() == (
            "0.333",
            "text",
        )
    assert saved.id == back.id


def test_time_zone_and_offset_round_trip(journal: Journal) -> None:
    summer = resolve_local(datetime(2026, 7, 1, 8, 30), ZONE)
    kolkata = Moment.from_utc(datetime(2026, 3, 1, 3, 0, 0, 123456, tzinfo=UTC), "Asia/Kolkata")
    journal._store.add_intake(replace(intake(), at=summer))
    journal._store.add_intake(replace(intake(), at=kolkata))
    back = {i.at.zone: i.at for i in journal.entries.intakes()}
    assert back[ZONE] == summer
    assert back[ZONE].offset_min == 120
    assert back[ZONE].local == datetime(2026, 7, 1, 8, 30)
    assert back["Asia/Kolkata"] == kolkata
    assert back["Asia/Kolkata"].offset_min == 330
    assert back["Asia/Kolkata"].utc.tzinfo is not None
    with contextlib.closing(raw(journal.path)) as con:
        stored = {z: (a, o) for a, z, o in con.execute("SELECT at_utc, zone, offset_min FROM intakes")}
    assert stored[ZONE] == ("2026-07-01 06:30:00.000000", 120)


def test_created_and_updated_come_from_the_clock(journal: Journal, clock: FakeClock) -> None:
    saved = journal._store.add_intake(intake(T - timedelta(hours=20)))
    assert saved.created == saved.updated == T
    clock.now = T + timedelta(hours=2)
    edited = journal._store.update_intake(replace(saved, notes="edited"))
    assert edited.created == T
    assert edited.updated == T + timedelta(hours=2)
    back = journal.entries.intake(saved.id or 0)
    assert (back.created, back.updated, back.notes) == (T, T + timedelta(hours=2), "edited")
    entry = journal._store.add_symptom(SymptomEntry("nausea", Moment.from_utc(T, ZONE), Severity.MILD))
    assert entry.created == T + timedelta(hours=2)


def test_findings_are_stored_with_the_intake_as_the_rules_give_them(journal: Journal) -> None:
    finding = Finding(
        Level.WARNING,
        "upper-limit-24h",
        "Rolling 24-hour total: 16 g – über",
        "cited range",
        (Citation("002.txt", "Section", "quote “here”"),),
        16_000,
        True,
    )
    assert findings_from_json(findings_to_json((finding,))) == (finding,)
    # What the store keeps is what the rules give, whatever the caller brought along.
    saved = journal._store.add_intake(intake(grams="16", findings=(finding,)))
    stored = journal.entries.intake(saved.id or 0).findings
    assert stored == saved.findings
    assert [(f.level, f.rule_id, f.total_mg) for f in stored] == [
        (Level.WARNING, "upper-limit-24h", 16_000),
        (Level.NOTICE, "starting-dose", 16_000),
    ]


def test_soft_delete_and_undo(journal: Journal) -> None:
    keep = journal._store.add_intake(intake(T - timedelta(hours=3), "2"))
    gone = journal._store.add_intake(intake(T - timedelta(hours=1), "3"))
    assert gone.id is not None

    journal.delete(Kind.INTAKE, gone.id)
    assert [i.id for i in journal.entries.intakes()] == [keep.id]
    assert [d.id for d in journal.entries.doses()] == [keep.id]
    assert [t.mg for t in journal.entries.daily_totals().values()] == [2000]
    assert journal.entries.last_intake() == keep
    with pytest.raises(NotFound):
        journal.entries.intake(gone.id)
    with pytest.raises(NotFound):
        journal._store.update_intake(replace(gone, notes="x"))
    # Still in the file until emptied.
    with contextlib.closing(raw(journal.path)) as con:
        assert con.execute("SELECT count(*) FROM intakes").fetchone() == (2,)

    journal.undo_delete(Kind.INTAKE, gone.id)
    assert [i.id for i in journal.entries.intakes()] == [keep.id, gone.id]
    assert [t.mg for t in journal.entries.daily_totals().values()] == [5000]
    assert journal.entries.intake(gone.id) == replace(gone, updated=journal.entries.intake(gone.id).updated)

    with pytest.raises(NotFound):
        journal.delete(Kind.INTAKE, 12345)


def test_soft_delete_other_kinds(journal: Journal) -> None:
    at = Moment.from_utc(T, ZONE)
    entry = journal._store.add_symptom(SymptomEntry("nausea", at, Severity.MILD))
    pain = journal._store.add_pain(PainCheckin(at, 4))
    product = journal.products.add(Product("P"))
    for kind, item in ((Kind.SYMPTOM, entry), (Kind.PAIN, pain), (Kind.PRODUCT, product)):
        assert item.id is not None
        journal.delete(kind, item.id)
    assert journal.entries.symptoms() == []
    assert journal.entries.pain() == []
    assert journal.products.all() == []
    assert journal.products.by_name("p") is None
    journal.undo_delete(Kind.PRODUCT, product.id or 0)
    assert journal.products.by_name(" p ") == product


def test_intakes_between(journal: Journal) -> None:
    for h in (0, 1, 2, 3):
        journal._store.add_intake(intake(T + timedelta(hours=h)))
    got = journal.entries.intakes(T + timedelta(hours=1), T + timedelta(hours=3))
    assert [i.at.utc for i in got] == [T + timedelta(hours=1), T + timedelta(hours=2)]
    assert len(journal.entries.doses(T + timedelta(hours=1))) == 3


def test_settings_round_trip(journal: Journal) -> None:
    assert journal.settings == Settings()
    mine = Settings(
        day_start_hour=4,
        personal_intake_limit_g=Decimal("3.5"),
        personal_daily_limit_g=Decimal("0.1") + Decimal("0.2"),
        max_use_days_in_row=5,
        theme="dark",
        welcomed=True,
    )
    journal.save_settings(mine)
    assert journal.settings == mine
    assert journal.settings.personal_daily_limit_g == Decimal("0.3")
    journal.save_settings(replace(mine, personal_intake_limit_g=None))
    assert journal.settings.personal_intake_limit_g is None


def test_products(journal: Journal) -> None:
    a = journal.products.add(Product(" Red Bali ", vendor="V", strain="Bali", purity_tested=True))
    assert a.name == "Red Bali"
    b = journal.products.add(Product("apple", archived=True))
    assert [p.name for p in journal.products.all()] == ["Red Bali"]
    assert [p.name for p in journal.products.all(include_archived=True)] == ["apple", "Red Bali"]
    updated = journal.products.update(replace(a, batch="B-7"))
    assert journal.products.get(a.id or 0) == updated
    assert updated.batch == "B-7"
    assert b.archived


def test_custom_symptom_type(journal: Journal) -> None:
    custom = journal.add_symptom_type(SymptomType("jaw-ache", "Jaw ache", "general", ("jaw",), builtin=True))
    assert not custom.builtin
    assert custom.id is not None
    types = {t.key: t for t in journal.entries.symptom_types()}
    assert types["jaw-ache"] == custom
    assert types["nausea"].builtin
    assert types["jaundice"].red_flag
    entry = journal._store.add_symptom(
        SymptomEntry("jaw-ache", Moment.from_utc(T, ZONE), Severity.SEVERE, "jaw", "after lunch ☕")
    )
    (back,) = journal.entries.symptoms()
    assert back == entry
    assert back.severity is Severity.SEVERE
    with pytest.raises(NotFound):
        journal._store.add_symptom(SymptomEntry("no-such", Moment.from_utc(T, ZONE), Severity.MILD))


def test_pain_round_trip(journal: Journal) -> None:
    with_peg = journal._store.add_pain(PainCheckin(Moment.from_utc(T, ZONE), 6, (7, 5, 6), 4, "knee"))
    plain = journal._store.add_pain(PainCheckin(Moment.from_utc(T + timedelta(hours=1), ZONE), 2))
    assert journal.entries.pain() == [with_peg, plain]
    assert journal.entries.pain()[0].peg_score == Decimal("6.0")


def test_breaks_start_end_running(journal: Journal, clock: FakeClock) -> None:
    assert journal.entries.running_break() is None
    start = Moment.from_utc(T, ZONE)
    brk = journal._store.start_break(Break(start, date(2026, 3, 17), reason="tolerance"))
    assert brk.running
    assert journal.entries.running_break() == brk
    with pytest.raises(ValueError, match="already running"):
        journal._store.start_break(Break(start))
    with pytest.raises(ValueError, match="before it started"):
        journal._store.end_break(brk.id or 0, Moment.from_utc(T - timedelta(hours=1), ZONE))
    end = Moment.from_utc(T + timedelta(days=8), ZONE)
    ended = journal._store.end_break(brk.id or 0, end, "kept it")
    assert not ended.running
    assert ended.actual_end == end
    assert ended.outcome == "kept it"
    assert ended.kept() is True
    assert journal.entries.running_break() is None
    assert journal.entries.breaks() == [ended]
    second = journal._store.start_break(Break(Moment.from_utc(T + timedelta(days=9), ZONE)))
    assert journal.entries.running_break() == second
    assert [b.id for b in journal.entries.breaks()] == [brk.id, second.id]


# -- backups and migrations ---------------------------------------------------------


def test_backup_is_a_verified_private_copy(journal: Journal, tmp_path: Path) -> None:
    journal._store.add_intake(intake(notes="in the backup"))
    dest = tmp_path / "copy.sqlite3"
    with umask(0):
        assert eng.backup(journal._store.engine, dest) == dest
    assert mode(dest) == 0o600
    assert not dest.with_name(dest.name + ".part").exists()
    assert eng.check_file(dest) == eng.SCHEMA_VERSION
    with contextlib.closing(raw(dest)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT notes FROM intakes").fetchall() == [("in the backup",)]
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert con.execute("PRAGMA application_id").fetchone() == (eng.APPLICATION_ID,)


def test_migrate_at_head_does_nothing(journal: Journal) -> None:
    def save(reason: str) -> Path:
        raise AssertionError(f"no backup is needed at head ({reason})")

    assert eng.migrate(journal._store.engine, eng.SCHEMA_VERSION, save) is None


def test_upgrade_backs_up_first(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with opened(data_dir) as store:
        store.add_intake(intake(notes="before the upgrade"))
    # Pretend this app knows a newer schema: opening the current file must back it up first.
    current = eng.SCHEMA_VERSION
    monkeypatch.setattr(eng, "SCHEMA_VERSION", current + 1)
    with opened(data_dir) as store:
        assert [i.notes for i in store.intakes()] == ["before the upgrade"]
    (saved,) = (data_dir / "backups").iterdir()
    assert saved.name.startswith("journal-") and saved.name.endswith(f"-before-upgrade-v{current}.sqlite3")
    assert mode(saved) == 0o600
    with contextlib.closing(raw(saved)) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (current,)
        assert con.execute("SELECT notes FROM intakes").fetchall() == [("before the upgrade",)]
    assert eng.check_file(paths.db_path(data_dir)) == eng.SCHEMA_VERSION


def test_failed_migration_changes_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    with opened(data_dir) as store:
        store.add_intake(intake())
    current = eng.SCHEMA_VERSION
    monkeypatch.setattr(eng, "SCHEMA_VERSION", current + 1)

    def broken_upgrade(cfg: Any, revision: str) -> None:
        con = cfg.attributes["connection"]
        con.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        con.exec_driver_sql("ALTER TABLE intakes ADD COLUMN extra TEXT")
        raise RuntimeError("migration failed half way")

    monkeypatch.setattr(command, "upgrade", broken_upgrade)
    with pytest.raises(RuntimeError, match="half way"):
        open_store(data_dir)
    db = paths.db_path(data_dir)
    with contextlib.closing(raw(db)) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {r[1] for r in con.execute("PRAGMA table_info(intakes)")}
        assert con.execute("PRAGMA user_version").fetchone() == (current,)
    assert "half_done" not in tables
    assert "extra" not in columns
    assert len(list((data_dir / "backups").iterdir())) == 1


def test_a_stored_setting_no_longer_valid_falls_back_to_its_default(journal: Journal) -> None:
    journal.save_settings(Settings(day_start_hour=5, personal_daily_limit_g=Decimal(8)))
    with contextlib.closing(raw(journal.path)) as con:
        con.execute("UPDATE settings SET value = '\"0\"' WHERE key = 'personal_daily_limit_g'")
        con.execute("UPDATE settings SET value = '400' WHERE key = 'max_use_days_in_row'")
        con.commit()
    assert journal.settings == Settings(day_start_hour=5)


def test_symptom_ratings_in_a_time_range(journal: Journal, clock: FakeClock) -> None:
    def rated(key: str, hours_ago: int, severity: int) -> int:
        at = Moment.from_utc(clock.now - timedelta(hours=hours_ago), ZONE)
        entry = journal.log_symptom(key, severity, at)
        assert entry.id is not None
        return entry.id

    rated("nausea", 50, 3)
    rated("itching", 10, 2)
    gone = rated("dizziness", 5, 1)
    journal.delete(Kind.SYMPTOM, gone)
    since = clock.now - timedelta(hours=24)
    got = journal.entries.symptom_ratings(since, clock.now)
    assert got == [(clock.now - timedelta(hours=10), 60, "itching", 2)]
    assert [key for _, _, key, _ in journal.entries.symptom_ratings()] == ["nausea", "itching"]
