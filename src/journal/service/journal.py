"""The one door to a journal, shared by the window and the command line.

`Journal` keeps its store to itself. Each change a person makes is a method
here that validates what they typed, applies the cited guidance and writes;
reading, products, photos, backups and the transfer of whole journals are areas of it
(`journal.entries`, `journal.products`, `journal.photos`, `journal.backups`, `journal.transfer`),
each in its own module. Nothing here knows about Qt or argparse; opening a
journal, with its passphrase and a damaged file's backups, is `opening.py`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from journal import resources
from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import (
    Break,
    Finding,
    Form,
    Intake,
    Kind,
    PainCheckin,
    Product,
    Settings,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
    check_note,
    leaf_amount,
)
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.guidance import WINDOW, Dose, Guidance, evaluate, rolling_total
from journal.domain.safety import Health, Rekeyed
from journal.domain.tags import Tagged, check_tags
from journal.domain.times import Moment, check_not_future, local_day
from journal.domain.withdrawal import WithdrawalScore
from journal.service.backups import Backups
from journal.service.entries import Entries
from journal.service.intakes import IntakeCheck, IntakeDraft, Preset, check_plausible
from journal.service.medications import Medications
from journal.service.photos import Photos
from journal.service.products import Products
from journal.service.reminders import Reminders
from journal.service.stash import Stash
from journal.service.taper import Taper
from journal.service.today import Today, read_today
from journal.service.transfer import Transfer
from journal.storage import erase
from journal.storage.crypto import Secret
from journal.storage.store import Clock, Store, utc_now
from journal.storage.store.tagged import TAGGED


def _checked_tags(tags: Iterable[str] | None) -> tuple[str, ...] | None:
    """Tags as typed, checked and in their stored form; None stays None (leave them as they are)."""
    return None if tags is None else check_tags(tags)


def local_zone() -> str:
    """The computer's IANA zone name (TZ is honoured), or UTC when it cannot be told."""
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or "UTC"
    except Exception:
        return "UTC"


class Journal:
    """An open journal: its store (private), the cited guidance, the person's zone and a clock."""

    def __init__(self, store: Store, guidance: Guidance, zone: str, clock: Clock = utc_now):
        self._store = store
        self.guidance = guidance
        store.guidance = guidance  # stored findings are kept fresh with the same rules
        self.zone = zone
        self.clock = clock
        self.entries = Entries(store)
        self.products = Products(store)
        self.backups = Backups(store)
        self.transfer = Transfer(store, guidance)
        self.reminders = Reminders(store, clock, zone)
        self.photos = Photos(store, clock, lambda: self.zone)
        self.medications = Medications(store, lambda: self.now().local.date())
        self.taper = Taper(store, self.journal_day)
        self.stash = Stash(store, clock, self.journal_day)

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        zone: str | None = None,
        clock: Clock = utc_now,
        passphrase: Secret | str | None = None,
    ) -> Journal:
        """Open (or create) the journal in `folder`; an encrypted one needs its passphrase.

        Raises what stands in the way (JournalFileError and its kinds, OSError);
        `opening.Opening` turns that into an outcome to show. `passphrase` may be
        one `Opening` already tried, so its key is not derived a second time.
        """
        store = Store.open(folder, resources.catalogue(), clock=clock, passphrase=passphrase)
        return cls(store, resources.guidance(), zone or local_zone(), clock)

    def close(self) -> None:
        self._store.close()

    # -- the journal as a whole ---------------------------------------------------------

    @property
    def path(self) -> Path:
        """The journal's file."""
        return self._store.path

    @property
    def folder(self) -> Path:
        """The data folder: the journal's file, its backups, its settings."""
        return self._store.folder

    @property
    def notices(self) -> list[str]:
        """What opening did besides opening (an interrupted change finished, backups encrypted)."""
        return self._store.notices

    @property
    def backup_problem(self) -> str | None:
        """Why the automatic backup at start failed, if it did (shown, never fatal)."""
        return self._store.backup_problem

    @property
    def refreshed(self) -> frozenset[int]:
        """Ids of the intakes whose findings the latest change rewrote (their rows show them anew)."""
        return self._store.refreshed

    def now(self) -> Moment:
        return Moment.from_utc(self.clock(), self.zone)

    def journal_day(self) -> date:
        """Today's journal day (days start at the "day starts at" hour of the settings)."""
        here = self.now()
        return local_day(here.utc, here.offset_min, self._store.settings().day_start_hour)

    @property
    def settings(self) -> Settings:
        return self._store.settings()

    def save_settings(self, settings: Settings) -> None:
        """Save the settings; a change to one the rules read refreshes every stored finding."""
        self._store.save_settings(settings)

    def check(self) -> Health:
        """SQLite's full integrity and link checks, in words."""
        return self._store.check()

    def purge_deleted(self) -> int:
        """Erase deleted entries from the file for good, once undo can no longer restore them."""
        return self._store.purge_deleted()

    def erase(self) -> list[Path]:
        """Close the journal, then overwrite and remove its files and backups; returns what went.

        Raises EraseIncomplete (with what did go) if the disk refuses part-way.
        """
        self.close()
        return erase.erase_journal(self.folder)

    # -- the passphrase ---------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """True when the journal file is protected by a passphrase."""
        return self._store.encrypted

    @property
    def locked(self) -> bool:
        """True while the window's lock has dropped the key."""
        return self._store.locked

    def change_passphrase(self, new: str | None) -> Rekeyed:
        """Encrypt the journal and its backups under `new`, or decrypt them (None).

        Returns what was done, counted, and the backups that could not be
        re-keyed (another passphrase's, or damaged) for the caller to name.
        """
        return self._store.change_passphrase(new)

    def verify_passphrase(self, attempt: str) -> bool:
        """Whether `attempt` is the journal's passphrase."""
        return self._store.verify_passphrase(attempt)

    def lock(self) -> None:
        """Drop the key and close every connection until `unlock` (the window's lock)."""
        self._store.lock()

    def unlock(self, attempt: str) -> bool:
        """Derive the key again from `attempt`; True once it opens the journal (always, without one)."""
        return self._store.unlock(attempt)

    # -- intakes ---------------------------------------------------------------------

    def check_intake(self, draft: IntakeDraft) -> IntakeCheck:
        """Validate a draft and find what the guidance says; raises InvalidInput.

        The findings are those saving it would store: the store works them out
        again as it saves, from the journal as it then is.
        """
        return self._check(draft, preview=True)

    def _check(self, draft: IntakeDraft, *, preview: bool) -> IntakeCheck:
        """Validate a draft; with `preview`, also work out its findings (saving does that itself)."""
        amount = parse_amount(draft.amount_text, decimal_sep=draft.decimal_sep)
        check_not_future(draft.at, self.clock())
        notes = check_note(draft.notes)
        product = self._product(draft.product_id)
        leaf = leaf_amount(amount, draft.unit, draft.form, product)
        check_plausible(amount, draft.unit, leaf, draft.confirm_large)
        at = draft.at.utc
        estimate = draft.estimate or leaf.estimate
        dose = Dose(at, leaf.mg, estimate, draft.at.offset_min, draft.id)
        findings: tuple[Finding, ...] = ()
        if preview:
            settings = self._store.settings()
            history = self._store.doses_near(at, draft.at.offset_min, settings)
            findings = evaluate(
                dose,
                draft.form,
                history,
                self.guidance,
                settings,
                uncounted_reason=leaf.reason,
                in_break=self._store.break_at(at),
                earlier_use=self._store.used_before(at, draft.id),
            )
        else:  # only what the rolling total at its time needs
            history = self._store.doses(at - WINDOW, at + timedelta(microseconds=1))
        others = [d for d in history if draft.id is None or d.id != draft.id]
        window = rolling_total(draft.at.utc, [*others, dose])
        intake = Intake(
            draft.at,
            amount,
            draft.unit,
            draft.form,
            leaf.mg,
            draft.product_id,
            draft.estimate,
            leaf.estimate,
            notes,
            findings,
            draft.id,
        )
        return IntakeCheck(intake, leaf, window.total_mg, window.estimate)

    def _product(self, product_id: int | None) -> Product | None:
        if product_id is None:
            return None
        try:
            return self._store.product(product_id)
        except NotFound as err:
            raise InvalidInput("product", "That product no longer exists. Choose another one.") from err

    def log_intake(self, draft: IntakeDraft) -> IntakeCheck:
        """Check and save a new intake; its findings are stored with it, never blocking it.

        Saving works out its findings and those of every intake it reaches, in one transaction.
        """
        tags = _checked_tags(draft.tags)
        checked = self._check(replace(draft, id=None), preview=False)
        return replace(checked, intake=self._store.add_intake(checked.intake, tags))

    def edit_intake(self, draft: IntakeDraft) -> IntakeCheck:
        """Check and save a corrected intake; findings around its old and new time are worked out again."""
        if draft.id is None:
            raise ValueError("edit_intake needs the id of the intake")
        tags = _checked_tags(draft.tags)
        checked = self._check(draft, preview=False)
        return replace(checked, intake=self._store.update_intake(checked.intake, tags))

    def presets(self, limit: int = 3) -> list[Preset]:
        """The usual amount of each product used in the last 90 days, most used first.

        The most frequent (amount, unit, form) of a product's recent intakes, so the
        Today page can offer it as a one-click entry.
        """
        since = self.clock() - timedelta(days=90)
        products = {p.id: p for p in self._store.products()}
        counts: dict[int, Counter[tuple[Decimal, Unit, Form]]] = defaultdict(Counter)
        for product_id, amount, unit, form, times in self._store.usual_amounts(since):
            if product_id in products:
                counts[product_id][(amount, unit, form)] += times
        ranked = sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
        return [Preset(products[pid], *usual.most_common(1)[0][0]) for pid, usual in ranked]

    def log_preset(self, preset: Preset, *, confirm_large: bool = False) -> IntakeCheck:
        """Log a preset with the time now (an unusually large one only once confirmed, as typed ones)."""
        return self.log_intake(
            IntakeDraft(
                format_amount(preset.amount),
                self.now(),
                preset.unit,
                preset.form,
                preset.product.id,
                confirm_large=confirm_large,
            )
        )

    # -- symptoms -------------------------------------------------------------------------

    def symptom_key(self, name: str) -> str:
        """Match a typed symptom name to the catalogue by key or label, ignoring case."""
        wanted = name.strip().lower()
        for stype in self._store.symptom_types():
            if wanted in (stype.key, stype.label.lower()):
                return stype.key
        raise InvalidInput("symptom", f"Unknown symptom “{name}”. Run `journal symptoms` to list them.")

    def add_symptom_type(self, stype: SymptomType) -> SymptomType:
        """Add a symptom of the person's own to rate from now on."""
        return self._store.add_symptom_type(stype)

    def log_symptom(
        self,
        key: str,
        severity: int,
        at: Moment,
        area: str = "",
        notes: str = "",
        tags: Iterable[str] | None = None,
    ) -> SymptomEntry:
        self._check_symptom(key, severity, area)
        check_not_future(at, self.clock())
        entry = SymptomEntry(key, at, Severity(severity), area, check_note(notes))
        return self._store.add_symptom(entry, _checked_tags(tags))

    def edit_symptom(self, entry: SymptomEntry, tags: Iterable[str] | None = None) -> SymptomEntry:
        """Check and save a corrected symptom entry (and its tags, unless None), as logging one is checked."""
        if entry.id is None:
            raise ValueError("edit_symptom needs the id of the entry")
        self._check_symptom(entry.type_key, entry.severity, entry.body_area)
        check_not_future(entry.at, self.clock())
        check_note(entry.notes)
        checked = _checked_tags(tags)
        return self._store.update_symptom(replace(entry, severity=Severity(entry.severity)), checked)

    def _check_symptom(self, key: str, severity: int, area: str) -> None:
        if not 0 <= severity <= 4:
            raise InvalidInput("severity", "Severity is 0 (none) to 4 (extreme).")
        stype = {t.key: t for t in self._store.symptom_types()}.get(key)
        if stype is None:
            raise InvalidInput("symptom", f"Unknown symptom “{key}”.")
        if area and stype.body_areas and area not in stype.body_areas:
            raise InvalidInput("area", f"Body area for {stype.label}: one of {', '.join(stype.body_areas)}.")

    # -- pain, breaks ---------------------------------------------------------------------

    def log_pain(self, checkin: PainCheckin, tags: Iterable[str] | None = None) -> PainCheckin:
        check_not_future(checkin.at, self.clock())
        return self._store.add_pain(checkin, _checked_tags(tags))

    def edit_pain(self, checkin: PainCheckin, tags: Iterable[str] | None = None) -> PainCheckin:
        """Check and save a corrected pain check-in (its scales are checked when it is built) and its
        tags (unless None)."""
        if checkin.id is None:
            raise ValueError("edit_pain needs the id of the check-in")
        check_not_future(checkin.at, self.clock())
        return self._store.update_pain(checkin, _checked_tags(tags))

    # -- scored withdrawal check-ins (SOWS) ------------------------------------------------

    def log_withdrawal(self, score: WithdrawalScore, tags: Iterable[str] | None = None) -> WithdrawalScore:
        """Save a scored withdrawal check-in (its 16 answers are checked when it is built)."""
        check_not_future(score.at, self.clock())
        return self._store.add_withdrawal(replace(score, id=None, created=None), _checked_tags(tags))

    def edit_withdrawal(self, score: WithdrawalScore, tags: Iterable[str] | None = None) -> WithdrawalScore:
        """Check and save a corrected withdrawal check-in: its answers, its time, its tags (unless None)."""
        if score.id is None:
            raise ValueError("edit_withdrawal needs the id of the check-in")
        check_not_future(score.at, self.clock())
        return self._store.update_withdrawal(score, _checked_tags(tags))

    def start_break(self, until: date | None, reason: str = "", tags: Iterable[str] | None = None) -> Break:
        checked = _checked_tags(tags)
        start = self.now()
        if until is not None and until <= start.local.date():
            raise InvalidInput("until", "The goal date must be after today.")
        if self._store.running_break() is not None:
            raise InvalidInput("break", "A break is already running. End it before starting another.")
        return self._store.start_break(Break(start, until, reason=check_note(reason, "reason")), checked)

    def end_break(self, outcome: str = "") -> Break:
        running = self._store.running_break()
        if running is None or running.id is None:
            raise InvalidInput("break", "No break is running.")
        return self._store.end_break(running.id, self.now(), check_note(outcome, "outcome"))

    def edit_break(self, brk: Break, tags: Iterable[str] | None = None) -> Break:
        """Check and save a corrected break: goal date after its start, notes within limits (its tags,
        unless None)."""
        if brk.id is None:
            raise ValueError("edit_break needs the id of the break")
        if brk.planned_end is not None and brk.planned_end <= brk.start.local.date():
            raise InvalidInput("until", "The goal date must be after the day the break started.")
        check_note(brk.reason, "reason")
        check_note(brk.outcome, "outcome")
        check_not_future(brk.start, self.clock())
        return self._store.update_break(brk, _checked_tags(tags))

    # -- deleting and undoing ---------------------------------------------------------------

    def delete(self, kind: Kind, entry_id: int) -> None:
        """Delete an entry so that `undo_delete` can bring it back (until `purge_deleted`)."""
        self._store.delete(kind, entry_id)

    def undo_delete(self, kind: Kind, entry_id: int) -> None:
        self._store.undo_delete(kind, entry_id)

    def put_back(self, kind: Kind, entry: Any, tags: Iterable[str] | None = None) -> None:
        """Save an entry exactly as it was before a correction: undoing the correction (its tags
        too, when given, or when `entry` is `Tagged`).

        No checks: it was saved like this before (a time that was "now" then is fine).
        """
        if isinstance(entry, Tagged):  # a correction of the entry and its tags together
            entry, tags = entry.entry, entry.tags
        kept = None if tags is None else tuple(tags)
        if kind is Kind.INTAKE:
            self._store.update_intake(entry, kept)
        elif kind is Kind.SYMPTOM:
            self._store.update_symptom(entry, kept)
        elif kind is Kind.PAIN:
            self._store.update_pain(entry, kept)
        elif kind is Kind.WITHDRAWAL:
            self._store.update_withdrawal(entry, kept)
        elif kind is Kind.PHOTO:
            self._store.update_photo(entry, kept)
        elif kind is Kind.BREAK:
            self._store.update_break(entry, kept)
        elif kind is Kind.MEDICATION:
            self._store.update_medication(entry)
        elif kind is Kind.PLAN:
            self._store.update_plan(entry)
        elif kind is Kind.PURCHASE:
            self._store.update_purchase(entry)
        else:
            raise ValueError(f"{kind} entries are not corrected this way")

    # -- context tags ------------------------------------------------------------------------

    def set_tags(self, kind: Kind, entry_id: int, tags: Iterable[str]) -> tuple[str, ...]:
        """Check `tags` and make them the context tags of a live entry; returns them as stored."""
        checked = check_tags(tags)
        if kind.value not in TAGGED:
            raise InvalidInput("tags", f"{kind.value.capitalize()} entries take no tags.")
        self._store.set_entry_tags(kind.value, entry_id, checked)
        return checked

    # -- today -------------------------------------------------------------------------------

    def today(self) -> Today:
        return read_today(self._store, self.clock(), self.zone, upper_low_mg=self.guidance.upper.low_mg)
