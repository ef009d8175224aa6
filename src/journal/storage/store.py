"""The journal store: the one place that reads and writes the database.

Callers hand in and get back domain values; no SQL leaves this module. Deletes
are soft (a `deleted` time) so they can be undone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, Integer, String, exists, func, select, type_coerce, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from journal import paths, resources
from journal.domain.catalogue import Catalogue
from journal.domain.entities import (
    Break,
    Form,
    Intake,
    Level,
    PainCheckin,
    Product,
    Settings,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.guidance import Dose, Guidance
from journal.domain.stats import DayTotal
from journal.domain.times import Moment
from journal.storage import backups, crypto, findings, health, rekey
from journal.storage import engine as eng
from journal.storage.backups import Backup, Restored, Standing
from journal.storage.crypto import Key, Secret
from journal.storage.findings import findings_from_json, findings_to_json
from journal.storage.health import Health
from journal.storage.models import (
    BreakRow,
    IntakeRow,
    PainRow,
    ProductRow,
    SettingRow,
    Stamped,
    SymptomEntryRow,
    SymptomTypeRow,
)
from journal.storage.usage import JournalInUse, UsageLock

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Kind(StrEnum):
    """The kinds of entry a person can delete and undo."""

    INTAKE = "intake"
    SYMPTOM = "symptom"
    PAIN = "pain"
    BREAK = "break"
    PRODUCT = "product"


_ROWS: dict[Kind, type[Stamped]] = {
    Kind.INTAKE: IntakeRow,
    Kind.SYMPTOM: SymptomEntryRow,
    Kind.PAIN: PainRow,
    Kind.BREAK: BreakRow,
    Kind.PRODUCT: ProductRow,
}


class NotFound(LookupError):
    """No live entry with that id."""


#: A finding reduced to what a list of entries shows: how loud, and what it says.
FindingNote = tuple[Level, str]


class IntakeLine(NamedTuple):
    """An intake as the timeline shows it, read in bulk without building ORM objects."""

    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    amount: Decimal
    unit: str
    form: str
    product_id: int | None
    product_name: str | None
    leaf_mg: int | None
    estimate: bool
    leaf_estimated: bool
    notes: str
    findings: tuple[FindingNote, ...]


class SymptomLine(NamedTuple):
    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    key: str
    label: str
    severity: int
    body_area: str
    notes: str


class PainLine(NamedTuple):
    id: int
    at_utc: datetime
    zone: str
    offset_min: int
    created: datetime
    pain_now: int
    peg_pain: int | None
    peg_enjoyment: int | None
    peg_activity: int | None
    mood: int | None
    notes: str


class BreakLine(NamedTuple):
    id: int
    created: datetime
    brk: Break


def _connect(path: Path, key: Key | None, folder: Path, clock: Clock) -> tuple[Engine, int]:
    """Vet the file, open an engine on it and bring its schema to head.

    Returns the engine and the schema version the file had. `key` is the
    journal's derived key (None for a file that is not encrypted).
    """
    version = eng.check_file(path, key) if path.exists() else 0
    if not path.exists():
        path.touch(mode=eng.PRIVATE_FILE)
    engine = eng.make_engine(path, key)
    try:
        eng.migrate(engine, version, lambda reason: backups.take(engine, folder, reason, clock(), key).path)
    except BaseException:
        engine.dispose()
        raise
    return engine, version


#: Added to "wrong passphrase" when the open before it completed an interrupted change.
_FINISHED_CHANGE = (
    "An interrupted passphrase change was completed just now: the journal and its backups "
    "now open with the new passphrase."
)


_UNDONE_CHANGE = (
    "An interrupted passphrase change was undone: the journal and its backups keep the passphrase "
    "they had (or none). Change it again if you still want to."
)
_FILE_PROBLEMS: tuple[type[Exception], ...] = (
    OSError,
    eng.JournalFileError,
    DBAPIError,
    *crypto.database_errors(),
)


def _recovered(recovery: rekey.Recovery) -> list[str]:
    if recovery.rolled_forward:
        return [_FINISHED_CHANGE]
    return [_UNDONE_CHANGE] if recovery.rolled_back else []


def recover(folder: Path) -> list[str]:
    """Finish or undo an interrupted passphrase change in `folder`, before anything reads the journal.

    Run before asking for a passphrase: a change that was decided is finished
    (so the new passphrase is the one to ask for), one that was not is undone.
    Needs no passphrase; does nothing while another process has the journal
    open (it recovered when it opened). Returns what it did, in words.
    """
    if not paths.db_path(folder).exists() and not (folder / rekey.RECORD).exists():
        return []
    usage = UsageLock(folder)
    try:
        return _recovered(rekey.recover(folder)) if usage.exclusive() else []
    finally:
        usage.close()


def _encrypt_plain_backups(folder: Path, key: Key | None) -> list[str]:
    """Backups with no encryption beside an encrypted journal (an older version's interrupted change
    left them) are encrypted with its key, in one recoverable operation; never fatal."""
    if key is None:
        return []
    found = backups.list_backups(folder)
    plain = [b for b in found if not crypto.is_encrypted(b.path) and crypto.opens(b.path, None)]
    if not plain:
        return []
    many = len(plain) != 1
    try:
        rekey.run(folder, [rekey.Job(b.path, None) for b in plain], key)
    except _FILE_PROBLEMS as err:
        return [
            f"{len(plain)} backup{'s' if many else ''} without encryption could not be encrypted with the "
            f"journal's passphrase ({err}). Run the check (journal check) to see {'them' if many else 'it'}."
        ]
    return [
        f"{len(plain)} backup{'s' if many else ''} without encryption (left by an interrupted passphrase "
        f"change) {'were' if many else 'was'} encrypted with the journal's passphrase."
    ]


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """What a passphrase change did, counted, and the backups it could not re-key."""

    backups: int
    rekeyed: int
    left: tuple[Standing, ...]

    def summary(self, encrypted: bool) -> str:
        """What was done, counted as it was: "The journal and 3 of its 4 backups are …"."""
        n, done = self.backups, self.rekeyed
        if n == 0:
            which = "The journal (it has no backups yet) is"
        elif done == n:
            which = "The journal and its backup are" if n == 1 else f"The journal and its {n} backups are"
        else:
            which = f"The journal and {done} of its {n} backup{'' if n == 1 else 's'} are"
        state = "encrypted with the new passphrase" if encrypted else "no longer encrypted"
        rest = ""
        if self.left:
            rest = f"; {len(self.left)} {'is' if len(self.left) == 1 else 'are'} not, as said below"
        return f"{which} {state}{rest}."


class Store:
    """Read and write the journal. Open with Store.open(); close when done."""

    def __init__(
        self,
        engine: Engine,
        path: Path,
        clock: Clock = utc_now,
        secret: Secret | None = None,
        key: Key | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        #: In memory while the journal is open and unlocked: the passphrase and the key derived from it
        #: (both None for a journal that is not encrypted, or while it is locked).
        self._secret = secret if key is not None else None
        self._key = key
        self._encrypted = key is not None
        #: Why the automatic backup at start failed, if it did (shown, never fatal).
        self.backup_problem: str | None = None
        #: What opening did besides opening (an interrupted change finished, backups encrypted).
        self.notices: list[str] = []
        #: The rules stored findings are kept fresh with (the Journal sets its own).
        self.guidance: Guidance = resources.guidance()
        #: Ids of the intakes whose stored findings the latest change to an intake or a
        #: break rewrote, so a page that shows findings can update those rows too.
        self.refreshed: frozenset[int] = frozenset()
        self._usage: UsageLock | None = None
        self._use(engine)

    def _use(self, engine: Engine) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(eng.writer(engine), expire_on_commit=False)

    @classmethod
    def open(
        cls,
        folder: Path,
        catalogue: Catalogue,
        *,
        passphrase: Secret | str | None = None,
        clock: Clock = utc_now,
        auto_backup: bool = True,
    ) -> Store:
        """Vet, open and migrate the journal in `folder`, creating it if new.

        With the journal to itself, an open first finishes or rolls back an
        interrupted passphrase change (no passphrase needed for that) and
        removes what interrupted operations left. An encrypted journal needs
        its passphrase (PassphraseRequired, or WrongPassphrase, and nothing
        more is changed); its key is derived once here. Backups without
        encryption beside an encrypted journal are encrypted with its key. An
        existing journal is backed up when the newest backup is over a day old.
        """
        folder = paths.private_dir(folder)
        backups.folder_for(folder)  # created private up front, where the person can see it
        store_path = paths.db_path(folder)
        secret = crypto.as_secret(passphrase)
        usage = UsageLock(folder)
        notices: list[str] = []
        try:
            alone = usage.exclusive()
            if alone:
                notices += _recovered(rekey.recover(folder))
            else:
                usage.shared()
            key = crypto.key_for(store_path, secret)  # the one key derivation of this open
            try:
                engine, version = _connect(store_path, key, folder, clock)
            except eng.WrongPassphrase as err:
                if any(n == _FINISHED_CHANGE for n in notices):
                    raise eng.WrongPassphrase(f"{err} {_FINISHED_CHANGE}") from err
                raise
            try:
                if alone:
                    try:
                        notices += _encrypt_plain_backups(folder, key)
                    finally:
                        usage.shared()
            except BaseException:
                engine.dispose()
                raise
        except BaseException:
            usage.close()
            raise
        store = cls(engine, store_path, clock, secret, key)
        store._usage = usage
        store.notices = notices
        try:
            store.sync_catalogue(catalogue)
        except BaseException:
            store.close()
            raise
        if auto_backup and version > 0 and backups.due(folder, clock()):
            try:
                store.backup("daily")
            except _FILE_PROBLEMS as err:
                store.backup_problem = f"The daily backup could not be written ({err})."
        eng.make_private(store_path)
        return store

    def close(self) -> None:
        self.engine.dispose()
        self._forget()
        if self._usage is not None:
            self._usage.close()
            self._usage = None

    @property
    def folder(self) -> Path:
        return self.path.parent

    # -- the passphrase and the key -------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """True when the journal file is protected by a passphrase (locked or not)."""
        return self._encrypted

    @property
    def locked(self) -> bool:
        return self._encrypted and self._key is None

    def verify_passphrase(self, attempt: str) -> bool:
        """Whether `attempt` is the journal's passphrase (compared in memory, or tried on the file)."""
        if not self._encrypted:
            return False
        if self._secret is not None:
            return self._secret.matches(attempt)
        key = crypto.key_for(self.path, attempt)
        return key is not None and crypto.opens(self.path, key)

    def lock(self) -> None:
        """Drop the key and every connection (the window's lock); `unlock` derives it again.

        Until then every read or write raises JournalLocked. A journal without
        a passphrase has no key: its connections are only closed.
        """
        self.engine.dispose()
        if self._encrypted:
            self._forget()

    def unlock(self, attempt: str) -> bool:
        """Derive the key from `attempt` and take it if it opens the journal; False if it does not."""
        if not self.locked:
            return not self._encrypted or self.verify_passphrase(attempt)
        secret = Secret(attempt)
        key = crypto.key_for(self.path, secret)
        if key is None or not crypto.opens(self.path, key):
            secret.forget()
            return False
        self._secret, self._key = secret, key
        self._use(eng.make_engine(self.path, key))
        return True

    def _forget(self) -> None:
        if self._secret is not None:
            self._secret.forget()
        if self._key is not None:
            self._key.forget()
        self._secret = self._key = None

    # -- backups, checks and file replacement ---------------------------------

    def backup(self, reason: str = "manual") -> Backup:
        """A verified backup now (under the journal's key), old ones thinned."""
        return backups.take(self.engine, self.folder, reason, self.clock(), self._key)

    def backups(self) -> list[Backup]:
        return backups.list_backups(self.folder)

    def check(self) -> Health:
        return health.check(self.engine)

    def survey_backups(self) -> list[Standing]:
        """Every backup against the journal: does the journal's passphrase (or none) open it, exactly?"""
        return backups.survey(self.folder, self._secret, self._key)

    @contextmanager
    def _replacing(self) -> Iterator[None]:
        """Close every connection and hold the journal alone while its file is replaced.

        The write-ahead log is given a second name before the last connection
        closes (which checkpoints and deletes it), so its bytes are overwritten
        with zeros afterwards instead of staying behind on the disk.
        """
        assert self._usage is not None, "the journal is closed"
        wal, kept = Path(f"{self.path}-wal"), Path(f"{self.path}-wal.old")
        with suppress(OSError):
            crypto.wipe(kept, wal)
            if wal.exists():
                os.link(wal, kept)
        self.engine.dispose()
        crypto.wipe(kept, wal)  # only unlinked if the log is still there (another process has it open)
        if not self._usage.exclusive():
            self._usage.shared()
            raise JournalInUse(
                "The journal is open in another window or command. Close it there first; nothing was changed."
            )
        try:
            yield
        finally:
            self._usage.shared()
            engine, _version = _connect(self.path, self._key, self.folder, self.clock)
            self._use(engine)

    def restore(self, source: Path, passphrase: Secret | str | None = None) -> Restored:
        """Replace the journal with a backup (the current one is backed up first).

        `passphrase` opens an encrypted backup; it defaults to the journal's own.
        """
        secret = crypto.as_secret(passphrase) if passphrase is not None else self._secret
        key = crypto.key_for(source, secret)
        eng.check_file(source, key)  # a bad backup is refused before the journal is even closed
        with self._replacing():
            done = backups.restore(self.folder, source, self.clock(), key, self._key)
            if secret is not self._secret and self._secret is not None:
                self._secret.forget()
            # The restored file's key; None if it is not encrypted.
            self._secret, self._key = (secret, key) if key is not None else (None, None)
            self._encrypted = key is not None
        return done

    def change_passphrase(self, new: str | None) -> Rekeyed:
        """Encrypt, re-key or decrypt the journal and every backup it can read; None removes it.

        One operation over all the files (rekey.py): a kill at any moment leaves
        either the old passphrase for all of them or the new one for all of
        them, the next open finishing what was decided. Backups the journal's
        passphrase does not open (made under another one, or damaged) cannot be
        re-keyed: they are returned in `left`, never skipped silently. Backups
        with no encryption beside an encrypted journal are encrypted too.
        """
        new_secret = Secret(new) if new is not None else None
        new_key = new_secret.new_key() if new_secret is not None else None  # the one derivation
        with self._replacing():
            standing = self.survey_backups()
            jobs = [rekey.Job(self.path, self._key)]
            jobs += [rekey.Job(s.backup.path, s.key) for s in standing if s.readable]
            try:
                rekey.prepare(self.folder, jobs, new_key)
            except BaseException:
                if new_secret is not None:
                    new_secret.forget()
                raise
            self._forget()  # decided: from here on the new key is the journal's
            self._secret, self._key, self._encrypted = new_secret, new_key, new_key is not None
            rekey.finish(self.folder)
        # Described against the journal as it is now: under the new passphrase, or none.
        now = backups.OTHER_PASSPHRASE if new_key is not None else backups.ENCRYPTED
        left = tuple(
            s if s.problem == backups.DAMAGED else replace(s, problem=now) for s in standing if not s.readable
        )
        return Rekeyed(len(standing), len(jobs) - 1, left)

    def rekey_backup(self, path: Path, passphrase: Secret | str | None) -> None:
        """Put one backup under the journal's key (or none), opened with its own old passphrase.

        For a backup a passphrase change could not re-key: made under another
        passphrase, or encrypted beside a journal that has none. Raises
        WrongPassphrase if `passphrase` does not open it; nothing changes then.
        """
        key = crypto.key_for(path, crypto.as_secret(passphrase))
        eng.check_file(path, key)
        with self._replacing():
            rekey.run(self.folder, [rekey.Job(path, key)], self._key)

    def delete_backup(self, path: Path) -> None:
        """Remove one backup for good (its bytes overwritten first)."""
        if path.parent != self.folder / "backups":
            raise NotFound(f"{path.name} is not one of the journal's backups")
        backups.delete(path)

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction; a writing one takes the write lock when it begins.

        A write the disk refuses (full, read-only) is rolled back and raised as
        WriteFailed. A read-only refusal also drops the pooled connections: they
        stay read-only for good, and the next save should see the folder as it is then.
        """
        try:
            with (self._writer if write else self._session).begin() as session:
                yield session
        except DBAPIError as err:
            failed = eng.write_failure(err.orig or err)
            if failed is None:
                raise
            if failed.reason == eng.READ_ONLY:
                self.engine.dispose()
            raise failed from err

    def _stamp(self, row: Stamped) -> None:
        now = self.clock()
        if getattr(row, "created", None) is None:
            row.created = now
        row.updated = now

    # -- products -----------------------------------------------------------

    def add_product(self, product: Product) -> Product:
        row = ProductRow()
        _product_to_row(product, row)
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            s.flush()
            return _product(row)

    def update_product(self, product: Product) -> Product:
        with self._tx(write=True) as s:
            row = _live(s, ProductRow, product.id)
            _product_to_row(product, row)
            self._stamp(row)
            return _product(row)

    def product(self, product_id: int) -> Product:
        with self._tx() as s:
            return _product(_live(s, ProductRow, product_id))

    def products(self, *, include_archived: bool = False) -> list[Product]:
        query = select(ProductRow).where(ProductRow.deleted.is_(None)).order_by(func.lower(ProductRow.name))
        if not include_archived:
            query = query.where(ProductRow.archived.is_(False))
        with self._tx() as s:
            return [_product(r) for r in s.scalars(query)]

    def product_by_name(self, name: str) -> Product | None:
        """A live product by name, ignoring case."""
        with self._tx() as s:
            row = s.scalars(
                select(ProductRow).where(
                    ProductRow.deleted.is_(None), func.lower(ProductRow.name) == name.strip().lower()
                )
            ).first()
            return None if row is None else _product(row)

    # -- intakes -----------------------------------------------------------

    def add_intake(self, intake: Intake) -> Intake:
        """Save a new intake; its findings, and those of every intake it reaches, are worked out here."""
        row = IntakeRow()
        _intake_to_row(intake, row)
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            self._refresh(s, [row], moments=[(row.at_utc, row.offset_min)])
            return _intake(row)

    def update_intake(self, intake: Intake) -> Intake:
        """Save a corrected intake; findings around its old and its new time are worked out again."""
        with self._tx(write=True) as s:
            row = _live(s, IntakeRow, intake.id)
            before = (row.at_utc, row.offset_min)
            _intake_to_row(intake, row)
            self._stamp(row)
            self._refresh(s, [row], moments=[before, (row.at_utc, row.offset_min)])
            return _intake(row)

    def _refresh(
        self,
        s: Session,
        rows: Sequence[IntakeRow] = (),
        *,
        moments: Iterable[findings.At] = (),
        spans: Iterable[findings.Span] = (),
    ) -> None:
        """Bring stored findings up to date in this transaction, after a change at `moments` or `spans`.

        `rows` are intake rows this session holds, given the findings written for them.
        """
        s.flush()
        written = findings.refresh(s.connection(), self.guidance, moments=moments, spans=spans)
        self.refreshed = frozenset(written)
        for row in rows:
            if row.id in written:
                set_committed_value(row, "findings", written[row.id])

    def intake(self, intake_id: int) -> Intake:
        with self._tx() as s:
            return _intake(_live(s, IntakeRow, intake_id))

    def intakes(self, start: datetime | None = None, end: datetime | None = None) -> list[Intake]:
        """Live intakes with start <= time < end, oldest first."""
        query = _between(select(IntakeRow), IntakeRow, start, end).order_by(IntakeRow.at_utc)
        with self._tx() as s:
            return [_intake(r) for r in s.scalars(query)]

    def last_intake(self) -> Intake | None:
        query = (
            select(IntakeRow).where(IntakeRow.deleted.is_(None)).order_by(IntakeRow.at_utc.desc()).limit(1)
        )
        with self._tx() as s:
            row = s.scalars(query).first()
            return None if row is None else _intake(row)

    def doses(self, start: datetime | None = None, end: datetime | None = None) -> list[Dose]:
        """What the guidance and statistics need of intakes in [start, end), cheaply."""
        cols = (
            _utc(IntakeRow.at_utc),
            IntakeRow.leaf_mg,
            IntakeRow.estimate,
            IntakeRow.leaf_estimated,
            IntakeRow.offset_min,
            IntakeRow.id,
        )
        query = _between(select(*cols), IntakeRow, start, end).order_by(IntakeRow.at_utc)
        with self._tx() as s:
            rows = s.connection().execute(query).all()  # Core rows, times read as text: fast
        return [Dose(_aware(at), mg, bool(e1 or e2), off, i) for at, mg, e1, e2, off, i in rows]

    def doses_near(self, at: datetime, offset_min: int, settings: Settings) -> list[Dose]:
        """The intakes the rules read for an intake at `at`: 24 hours either side and its run of use days."""
        with self._tx() as s:
            return findings.context(s.connection(), at, offset_min, settings)

    def daily_totals(
        self, day_start_hour: int = 0, start: date | None = None, end: date | None = None
    ) -> dict[date, DayTotal]:
        """Totals per local journal day, summed in SQL (only days with intakes)."""
        shift = IntakeRow.offset_min - day_start_hour * 60
        # Whole seconds only: SQLite rounds fractions to milliseconds, which would
        # move 23:59:59.9996 to the next day where Python keeps it on this one.
        whole_seconds = func.substr(IntakeRow.at_utc, 1, 19)
        day = func.date(whole_seconds, func.printf("%d minutes", shift))
        query = (
            select(
                day,
                func.coalesce(func.sum(IntakeRow.leaf_mg), 0),
                func.count(),
                func.count() - func.count(IntakeRow.leaf_mg),
                func.max(IntakeRow.estimate | IntakeRow.leaf_estimated),
            )
            .where(IntakeRow.deleted.is_(None))
            .group_by(day)
            .order_by(day)
        )
        # A local day lies within a day and a half of the UTC day of the same date
        # (offsets reach ±14 h, the day start 12 h): bound the scan by the time index first.
        margin = timedelta(days=2)
        if start is not None:
            begin = datetime.combine(start, datetime.min.time(), UTC) - margin
            query = query.where(IntakeRow.at_utc >= begin).having(day >= start.isoformat())
        if end is not None:
            finish = datetime.combine(end, datetime.min.time(), UTC) + margin
            query = query.where(IntakeRow.at_utc < finish).having(day <= end.isoformat())
        with self._tx() as s:
            return {
                date.fromisoformat(d): DayTotal(date.fromisoformat(d), mg, n, unc, bool(est))
                for d, mg, n, unc, est in s.execute(query)
            }

    # -- symptoms ----------------------------------------------------------

    def sync_catalogue(self, catalogue: Catalogue) -> None:
        """Insert built-in symptom types the file does not have yet."""
        with self._tx(write=True) as s:
            have = set(s.scalars(select(SymptomTypeRow.key)))
            for stype in catalogue.types:
                if stype.key not in have:
                    row = _symptom_type_row(stype)
                    self._stamp(row)
                    s.add(row)

    def symptom_types(self) -> list[SymptomType]:
        with self._tx() as s:
            rows = s.scalars(
                select(SymptomTypeRow).where(SymptomTypeRow.deleted.is_(None)).order_by(SymptomTypeRow.id)
            )
            return [_symptom_type(r) for r in rows]

    def add_symptom_type(self, stype: SymptomType) -> SymptomType:
        row = _symptom_type_row(replace(stype, builtin=False))
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            s.flush()
            return _symptom_type(row)

    def add_symptom(self, entry: SymptomEntry) -> SymptomEntry:
        with self._tx(write=True) as s:
            type_id = s.scalars(
                select(SymptomTypeRow.id).where(SymptomTypeRow.key == entry.type_key)
            ).one_or_none()
            if type_id is None:
                raise NotFound(f"unknown symptom {entry.type_key!r}")
            row = SymptomEntryRow(
                type_id=type_id, severity=int(entry.severity), body_area=entry.body_area, notes=entry.notes
            )
            _set_moment(row, entry.at)
            self._stamp(row)
            s.add(row)
            s.flush()
            return replace(entry, id=row.id, created=row.created)

    def symptoms(self, start: datetime | None = None, end: datetime | None = None) -> list[SymptomEntry]:
        query = _between(
            select(SymptomEntryRow, SymptomTypeRow.key).join(SymptomTypeRow), SymptomEntryRow, start, end
        ).order_by(SymptomEntryRow.at_utc)
        with self._tx() as s:
            return [_symptom_entry(r, key) for r, key in s.execute(query)]

    # -- pain --------------------------------------------------------------

    def add_pain(self, checkin: PainCheckin) -> PainCheckin:
        row = PainRow()
        _pain_to_row(checkin, row)
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            s.flush()
            return replace(checkin, id=row.id, created=row.created)

    def pain(self, start: datetime | None = None, end: datetime | None = None) -> list[PainCheckin]:
        query = _between(select(PainRow), PainRow, start, end).order_by(PainRow.at_utc)
        with self._tx() as s:
            return [_pain(r) for r in s.scalars(query)]

    # -- breaks ------------------------------------------------------------

    def start_break(self, brk: Break) -> Break:
        if self.running_break() is not None:
            raise ValueError("A break is already running; end it first.")
        row = BreakRow(
            reason=brk.reason,
            outcome=brk.outcome,
            planned_end=brk.planned_end.isoformat() if brk.planned_end else None,
            start_utc=brk.start.utc,
            zone=brk.start.zone,
            offset_min=brk.start.offset_min,
        )
        self._stamp(row)
        with self._tx(write=True) as s:
            s.add(row)
            self._refresh(s, spans=[(row.start_utc, None)])
            return _break(row)

    def end_break(self, break_id: int, end: Moment, outcome: str = "") -> Break:
        with self._tx(write=True) as s:
            row = _live(s, BreakRow, break_id)
            if end.utc < row.start_utc:
                raise ValueError("A break cannot end before it started.")
            before = (row.start_utc, row.end_utc)
            row.end_utc, row.end_offset_min, row.outcome = end.utc, end.offset_min, outcome
            self._stamp(row)
            self._refresh(s, spans=[before, (row.start_utc, row.end_utc)])
            return _break(row)

    def running_break(self) -> Break | None:
        with self._tx() as s:
            row = s.scalars(
                select(BreakRow)
                .where(BreakRow.deleted.is_(None), BreakRow.end_utc.is_(None))
                .order_by(BreakRow.start_utc.desc())
            ).first()
            return None if row is None else _break(row)

    def break_at(self, at: datetime) -> Break | None:
        """The break holding `at`, running or ended, as `guidance.break_at` picks it from `breaks()`."""
        b = BreakRow
        query = (
            select(b)
            .where(b.deleted.is_(None), b.start_utc <= at, (b.end_utc.is_(None)) | (b.end_utc > at))
            .order_by(b.start_utc.desc(), b.id.desc())
            .limit(1)
        )
        with self._tx() as s:
            row = s.scalars(query).first()
            return None if row is None else _break(row)

    def breaks(self) -> list[Break]:
        with self._tx() as s:
            return [
                _break(r)
                for r in s.scalars(
                    select(BreakRow)
                    .where(BreakRow.deleted.is_(None))
                    .order_by(BreakRow.start_utc, BreakRow.id)
                )
            ]

    def get_break(self, break_id: int) -> Break:
        with self._tx() as s:
            return _break(_live(s, BreakRow, break_id))

    def update_break(self, brk: Break) -> Break:
        """Save a corrected break: its start, goal date, end, reason and outcome."""
        if brk.actual_end is not None and brk.actual_end.utc < brk.start.utc:
            raise ValueError("A break cannot end before it started.")
        with self._tx(write=True) as s:
            row = _live(s, BreakRow, brk.id)
            before = (row.start_utc, row.end_utc)
            row.start_utc, row.zone, row.offset_min = brk.start.utc, brk.start.zone, brk.start.offset_min
            row.planned_end = brk.planned_end.isoformat() if brk.planned_end else None
            row.end_utc = brk.actual_end.utc if brk.actual_end else None
            row.end_offset_min = brk.actual_end.offset_min if brk.actual_end else None
            row.reason, row.outcome = brk.reason, brk.outcome
            self._stamp(row)
            self._refresh(s, spans=[before, (row.start_utc, row.end_utc)])
            return _break(row)

    # -- corrections ---------------------------------------------------------

    def symptom_entry(self, entry_id: int) -> SymptomEntry:
        with self._tx() as s:
            row = _live(s, SymptomEntryRow, entry_id)
            key = s.scalars(select(SymptomTypeRow.key).where(SymptomTypeRow.id == row.type_id)).one()
            return _symptom_entry(row, key)

    def update_symptom(self, entry: SymptomEntry) -> SymptomEntry:
        """Save a corrected symptom entry (its symptom, severity, body area, note and time)."""
        with self._tx(write=True) as s:
            row = _live(s, SymptomEntryRow, entry.id)
            type_id = s.scalars(
                select(SymptomTypeRow.id).where(SymptomTypeRow.key == entry.type_key)
            ).one_or_none()
            if type_id is None:
                raise NotFound(f"unknown symptom {entry.type_key!r}")
            row.type_id, row.severity = type_id, int(entry.severity)
            row.body_area, row.notes = entry.body_area, entry.notes
            _set_moment(row, entry.at)
            self._stamp(row)
            return _symptom_entry(row, entry.type_key)

    def pain_checkin(self, entry_id: int) -> PainCheckin:
        with self._tx() as s:
            return _pain(_live(s, PainRow, entry_id))

    def update_pain(self, checkin: PainCheckin) -> PainCheckin:
        """Save a corrected pain check-in."""
        with self._tx(write=True) as s:
            row = _live(s, PainRow, checkin.id)
            _pain_to_row(checkin, row)
            self._stamp(row)
            return _pain(row)

    # -- the timeline ----------------------------------------------------------

    def intake_lines(self, entry_id: int | None = None) -> list[IntakeLine]:
        """Every live intake (or the one with `entry_id`) with its product name, in bulk.

        Times and amounts are read as their stored text and converted here: the
        column types' per-value conversion would cost several times as much.
        """
        i = IntakeRow
        query = (
            select(
                i.id,
                _utc(i.at_utc),
                i.zone,
                i.offset_min,
                _utc(i.created),
                _text(i.amount),
                i.unit,
                i.form,
                i.product_id,
                ProductRow.name,
                i.leaf_mg,
                _int(i.estimate),
                _int(i.leaf_estimated),
                i.notes,
                i.findings,
            )
            .outerjoin(ProductRow, i.product_id == ProductRow.id)
            .where(i.deleted.is_(None))
        )
        if entry_id is not None:
            query = query.where(i.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()  # Core rows: no ORM loading step
        decimals: dict[str, Decimal] = {}
        return [
            IntakeLine(
                ident,
                _aware(at),
                zone,
                offset,
                _aware(created),
                decimals.get(amount) or decimals.setdefault(amount, Decimal(amount)),
                unit,
                form,
                product_id,
                product,
                leaf_mg,
                bool(estimate),
                bool(leaf_estimated),
                notes,
                finding_notes(findings),
            )
            for (
                ident,
                at,
                zone,
                offset,
                created,
                amount,
                unit,
                form,
                product_id,
                product,
                leaf_mg,
                estimate,
                leaf_estimated,
                notes,
                findings,
            ) in rows
        ]

    def symptom_ratings(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[tuple[datetime, int, str, int]]:
        """(UTC time, offset, symptom key, severity) of live ratings in [start, end), cheaply."""
        e, t = SymptomEntryRow, SymptomTypeRow
        query = _between(
            select(_utc(e.at_utc), e.offset_min, t.key, e.severity).join(t, e.type_id == t.id),
            e,
            start,
            end,
        )
        with self._tx() as s:
            rows = s.connection().execute(query).all()
        return [(_aware(at), offset, key, severity) for at, offset, key, severity in rows]

    def symptom_lines(self, entry_id: int | None = None) -> list[SymptomLine]:
        e, t = SymptomEntryRow, SymptomTypeRow
        query = (
            select(
                e.id,
                _utc(e.at_utc),
                e.zone,
                e.offset_min,
                _utc(e.created),
                t.key,
                t.label,
                e.severity,
                e.body_area,
                e.notes,
            )
            .join(t, e.type_id == t.id)
            .where(e.deleted.is_(None))
        )
        if entry_id is not None:
            query = query.where(e.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()  # Core rows: no ORM loading step
        return [
            SymptomLine(ident, _aware(at), zone, offset, _aware(created), *rest)
            for ident, at, zone, offset, created, *rest in rows
        ]

    def pain_lines(self, entry_id: int | None = None) -> list[PainLine]:
        p = PainRow
        query = select(
            p.id,
            _utc(p.at_utc),
            p.zone,
            p.offset_min,
            _utc(p.created),
            p.pain_now,
            p.peg_pain,
            p.peg_enjoyment,
            p.peg_activity,
            p.mood,
            p.notes,
        ).where(p.deleted.is_(None))
        if entry_id is not None:
            query = query.where(p.id == entry_id)
        with self._tx() as s:
            rows = s.connection().execute(query).all()  # Core rows: no ORM loading step
        return [
            PainLine(ident, _aware(at), zone, offset, _aware(created), *rest)
            for ident, at, zone, offset, created, *rest in rows
        ]

    def break_lines(self, entry_id: int | None = None) -> list[BreakLine]:
        query = select(BreakRow).where(BreakRow.deleted.is_(None))
        if entry_id is not None:
            query = query.where(BreakRow.id == entry_id)
        with self._tx() as s:
            return [BreakLine(r.id, r.created, _break(r)) for r in s.scalars(query)]

    # -- settings ----------------------------------------------------------

    def settings(self) -> Settings:
        with self._tx() as s:
            return findings.read_settings(s.connection())

    def save_settings(self, settings: Settings) -> None:
        """Save the settings; a change to one the rules read refreshes every stored finding."""
        with self._tx(write=True) as s:
            before = findings.read_settings(s.connection())
            for key, value in asdict(settings).items():
                text = json.dumps(str(value) if isinstance(value, Decimal) else value)
                s.merge(SettingRow(key=key, value=text))
            if findings.rules_changed(before, settings):
                s.flush()
                findings.refresh_all(s.connection(), self.guidance)

    # -- delete and undo ---------------------------------------------------

    def delete(self, kind: Kind, entry_id: int) -> None:
        """Soft-delete: hidden everywhere, restorable with undo_delete."""
        self._set_deleted(kind, entry_id, self.clock())

    def undo_delete(self, kind: Kind, entry_id: int) -> None:
        self._set_deleted(kind, entry_id, None)

    def _set_deleted(self, kind: Kind, entry_id: int, when: datetime | None) -> None:
        """Delete or restore; an intake or a break changes the findings around it, refreshed here."""
        model = _ROWS[kind]
        with self._tx(write=True) as s:
            result = s.execute(
                update(model)
                .where(model.id == entry_id)  # type: ignore[attr-defined]
                .values(deleted=when, updated=self.clock())
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise NotFound(f"no {kind} with id {entry_id}")
            if kind is Kind.INTAKE:
                at = s.execute(select(IntakeRow.at_utc, IntakeRow.offset_min).where(IntakeRow.id == entry_id))
                self._refresh(s, moments=[(t, offset) for t, offset in at])
            elif kind is Kind.BREAK:
                span = s.execute(select(BreakRow.start_utc, BreakRow.end_utc).where(BreakRow.id == entry_id))
                self._refresh(s, spans=[(start, end) for start, end in span])

    def purge_deleted(self) -> int:
        """Remove every soft-deleted row for good; returns how many rows went.

        Only for when undo can no longer bring them back (the window closed, its
        undo history emptied). secure_delete, set on every connection, zeroes the
        freed bytes in the file; the checkpoint then copies the zeroed pages into
        the file and empties the write-ahead log, which still held the old ones.
        Entries go first; a deleted product or symptom type that a kept entry still
        names stays (soft-deleted) so that entry keeps its name.
        """
        removed = 0
        with self._tx(write=True) as s:
            for model in (IntakeRow, SymptomEntryRow, PainRow, BreakRow):
                result = s.execute(sql_delete(model).where(model.deleted.is_not(None)))
                removed += result.rowcount  # type: ignore[attr-defined]
            for parent, child_ref in (
                (ProductRow, IntakeRow.product_id == ProductRow.id),
                (SymptomTypeRow, SymptomEntryRow.type_id == SymptomTypeRow.id),
            ):
                named = exists().where(child_ref)
                query = sql_delete(parent).where(parent.deleted.is_not(None), ~named)
                removed += s.execute(query).rowcount  # type: ignore[attr-defined]
        self.checkpoint()
        return removed

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the file and truncate it; False if a reader held it back."""
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            busy: int = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            raw.close()
        return busy == 0


def _live(s: Session, model: type[Any], entry_id: int | None) -> Any:
    row = s.get(model, entry_id) if entry_id is not None else None
    if row is None or row.deleted is not None:
        raise NotFound(f"no {model.__tablename__} entry with id {entry_id}")
    return row


def _between(query: Any, model: Any, start: datetime | None, end: datetime | None) -> Any:
    query = query.where(model.deleted.is_(None))
    if start is not None:
        query = query.where(model.at_utc >= start)
    if end is not None:
        query = query.where(model.at_utc < end)
    return query


def _text(column: Any) -> Any:
    """A column read as its stored text, skipping the column type's conversion."""
    return type_coerce(column, String)


def _int(column: Any) -> Any:
    return type_coerce(column, Integer)


#: Reads what `_utc` selects.
_aware = datetime.fromisoformat


def _utc(column: Any) -> Any:
    """A UTC time column read as ISO text with its offset ("2026-03-10 12:00:00.000000+00:00").

    `datetime.fromisoformat` turns that into an aware datetime several times
    faster than the column type's conversion does.
    """
    return type_coerce(column, String).concat("+00:00")


def _moment(row: Any) -> Moment:
    return Moment(row.at_utc, row.zone, row.offset_min)


def _set_moment(row: Any, at: Moment) -> None:
    row.at_utc, row.zone, row.offset_min = at.utc, at.zone, at.offset_min


def _product_to_row(p: Product, row: ProductRow) -> None:
    row.name, row.vendor, row.strain = p.name.strip(), p.vendor, p.strain
    row.usual_form, row.capsule_g, row.leaf_factor = p.usual_form.value, p.capsule_g, p.leaf_factor
    row.batch, row.purity_tested, row.notes, row.archived = (p.batch, p.purity_tested, p.notes, p.archived)


def _product(r: ProductRow) -> Product:
    return Product(
        r.name,
        r.vendor,
        r.strain,
        Form(r.usual_form),
        r.capsule_g,
        r.leaf_factor,
        r.batch,
        r.purity_tested,
        r.notes,
        r.archived,
        r.id,
    )


def _intake_to_row(i: Intake, row: IntakeRow) -> None:
    _set_moment(row, i.at)
    row.amount, row.unit, row.form = i.amount, i.unit.value, i.form.value
    row.product_id, row.leaf_mg, row.estimate = i.product_id, i.leaf_mg, i.estimate
    row.leaf_estimated, row.notes = i.leaf_estimated, i.notes
    row.findings = findings_to_json(i.findings)


def _intake(r: IntakeRow) -> Intake:
    return Intake(
        _moment(r),
        r.amount,
        Unit(r.unit),
        Form(r.form),
        r.leaf_mg,
        r.product_id,
        r.estimate,
        r.leaf_estimated,
        r.notes,
        findings_from_json(r.findings),
        r.id,
        r.created,
        r.updated,
    )


def _symptom_type_row(t: SymptomType) -> SymptomTypeRow:
    return SymptomTypeRow(
        key=t.key,
        label=t.label,
        category=t.category,
        body_areas=json.dumps(list(t.body_areas)),
        red_flag=t.red_flag,
        source=t.source,
        builtin=t.builtin,
    )


def _symptom_type(r: SymptomTypeRow) -> SymptomType:
    return SymptomType(
        r.key, r.label, r.category, tuple(json.loads(r.body_areas)), r.red_flag, r.source, r.builtin, r.id
    )


def _symptom_entry(r: SymptomEntryRow, key: str) -> SymptomEntry:
    return SymptomEntry(key, _moment(r), Severity(r.severity), r.body_area, r.notes, r.id, r.created)


def _pain_to_row(checkin: PainCheckin, row: PainRow) -> None:
    peg: tuple[int | None, int | None, int | None] = checkin.peg or (None, None, None)
    row.pain_now = checkin.pain_now
    row.peg_pain, row.peg_enjoyment, row.peg_activity = peg
    row.mood, row.notes = checkin.mood, checkin.notes
    _set_moment(row, checkin.at)


def _pain(r: PainRow) -> PainCheckin:
    peg = None
    if r.peg_pain is not None and r.peg_enjoyment is not None and r.peg_activity is not None:
        peg = (r.peg_pain, r.peg_enjoyment, r.peg_activity)
    return PainCheckin(_moment(r), r.pain_now, peg, r.mood, r.notes, r.id, r.created)


def _break(r: BreakRow) -> Break:
    end = None
    if r.end_utc is not None:
        end = Moment(r.end_utc, r.zone, r.end_offset_min or 0)
    planned = date.fromisoformat(r.planned_end) if r.planned_end else None
    return Break(Moment(r.start_utc, r.zone, r.offset_min), planned, end, r.reason, r.outcome, r.id)


_LEVELS = {level.word: level for level in Level}


def finding_notes(text: str) -> tuple[FindingNote, ...]:
    """Only the level and message of stored findings: cheap enough for thousands of rows."""
    if text == "[]":
        return ()
    return tuple((_LEVELS[d["level"]], d["message"]) for d in json.loads(text))
