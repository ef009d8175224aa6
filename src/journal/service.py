"""Use cases shared by the window and the command line.

Each function validates what a person typed, applies the cited guidance and
writes through the store. Nothing here knows about Qt or argparse.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from journal import resources
from journal.domain.amounts import IMPLAUSIBLE_G, format_amount, parse_amount, to_mg
from journal.domain.entities import (
    Break,
    Finding,
    Form,
    Intake,
    LeafAmount,
    PainCheckin,
    Product,
    Settings,
    Severity,
    SymptomEntry,
    Unit,
    check_note,
    leaf_amount,
)
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.domain.guidance import WINDOW, Dose, Guidance, evaluate, rolling_total
from journal.domain.stats import UseSummary, use_summary
from journal.domain.times import FUTURE_TOLERANCE, Moment, check_not_future, local_day
from journal.storage.backups import Standing
from journal.storage.crypto import Secret
from journal.storage.store import Clock, NotFound, Rekeyed, Store, utc_now
from journal.storage.store import recover as recover_folder

IMPLAUSIBLE_CAPS = 100
#: No single intake can be this large in any unit, confirmed or not: it is a typo
#: (and it keeps milligram sums far inside SQLite's integers).
IMPOSSIBLE_AMOUNT = Decimal(10_000)


def local_zone() -> str:
    """The computer's IANA zone name (TZ is honoured), or UTC when it cannot be told."""
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or "UTC"
    except Exception:
        return "UTC"


@dataclass(frozen=True, slots=True)
class IntakeDraft:
    """An intake as typed into a form or on the command line."""

    amount_text: str
    at: Moment
    unit: Unit = Unit.G
    form: Form = Form.POWDER
    product_id: int | None = None
    estimate: bool = False
    notes: str = ""
    confirm_large: bool = False
    decimal_sep: str = "."
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Preset:
    """A product's usual amount, offered as a one-click entry."""

    product: Product
    amount: Decimal
    unit: Unit
    form: Form

    @property
    def label(self) -> str:
        unit = "g" if self.unit is Unit.G else "caps"
        return f"{format_amount(self.amount)} {unit} {self.product.name}"


@dataclass(frozen=True, slots=True)
class IntakeCheck:
    """A checked intake: its conversion, its findings, and the rolling total at its time."""

    intake: Intake
    leaf: LeafAmount
    rolling: int
    rolling_estimate: bool

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.intake.findings


@dataclass(frozen=True, slots=True)
class Today:
    """What the Today page and `journal today` show."""

    now: datetime
    last_intake: Intake | None
    today_mg: int
    today_estimate: bool
    rolling_mg: int
    rolling_estimate: bool
    running_break: Break | None
    streaks: UseSummary
    latest_symptoms: tuple[SymptomEntry, ...]
    latest_pain: PainCheckin | None

    @property
    def since_last(self) -> timedelta | None:
        if self.last_intake is None:
            return None
        # An intake logged a few minutes ahead (allowed) is "just now", not negative.
        return max(timedelta(0), self.now - self.last_intake.at.utc)

    @property
    def break_day(self) -> tuple[int, int | None] | None:
        """(day N, of M planned) for a running break."""
        brk = self.running_break
        if brk is None:
            return None
        today = Moment.from_utc(self.now, brk.start.zone).local.date()
        day_n = (today - brk.start.local.date()).days + 1
        planned = (brk.planned_end - brk.start.local.date()).days if brk.planned_end else None
        return day_n, planned


class Journal:
    """An open journal: the store, the cited guidance, the person's zone and a clock."""

    def __init__(self, store: Store, guidance: Guidance, zone: str, clock: Clock = utc_now):
        self.store = store
        self.guidance = guidance
        store.guidance = guidance  # stored findings are kept fresh with the same rules
        self.zone = zone
        self.clock = clock

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

        `passphrase` may be a Secret the caller already tried (the window's
        passphrase dialog), so its key is not derived a second time.
        """
        store = Store.open(folder, resources.catalogue(), clock=clock, passphrase=passphrase)
        return cls(store, resources.guidance(), zone or local_zone(), clock)

    @staticmethod
    def recover(folder: Path) -> list[str]:
        """Finish or undo an interrupted passphrase change, before asking for a passphrase.

        Returns what was done, in words (nothing, usually).
        """
        return recover_folder(folder)

    def close(self) -> None:
        self.store.close()

    @property
    def encrypted(self) -> bool:
        """True when the journal file is protected by a passphrase."""
        return self.store.encrypted

    def change_passphrase(self, new: str | None) -> Rekeyed:
        """Encrypt the journal and its backups under `new`, or decrypt them (None).

        Returns what was done, counted, and the backups that could not be
        re-keyed (another passphrase's, or damaged) for the caller to name.
        """
        return self.store.change_passphrase(new)

    def verify_passphrase(self, attempt: str) -> bool:
        """Whether `attempt` is the journal's passphrase."""
        return self.store.verify_passphrase(attempt)

    def lock(self) -> None:
        """Drop the key and close every connection until `unlock` (the window's lock)."""
        self.store.lock()

    def unlock(self, attempt: str) -> bool:
        """Derive the key again from `attempt`; True once it opens the journal (always, without one)."""
        return self.store.unlock(attempt)

    def backup_standing(self) -> list[Standing]:
        """Each backup against the rule "it opens with exactly the journal's passphrase"."""
        return self.store.survey_backups()

    def rekey_backup(self, backup: Path, passphrase: Secret | str | None) -> None:
        """Put a backup under the journal's passphrase, opened with its own (None if it has none)."""
        self.store.rekey_backup(backup, passphrase)

    def delete_backup(self, backup: Path) -> None:
        """Remove one backup for good."""
        self.store.delete_backup(backup)

    def purge_deleted(self) -> int:
        """Erase deleted entries from the file for good, once undo can no longer restore them."""
        return self.store.purge_deleted()

    def now(self) -> Moment:
        return Moment.from_utc(self.clock(), self.zone)

    @property
    def settings(self) -> Settings:
        return self.store.settings()

    # -- intakes -----------------------------------------------------------

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
        _check_plausible(amount, draft.unit, leaf, draft.confirm_large)
        at = draft.at.utc
        estimate = draft.estimate or leaf.estimate
        dose = Dose(at, leaf.mg, estimate, draft.at.offset_min, draft.id)
        findings: tuple[Finding, ...] = ()
        if preview:
            settings = self.store.settings()
            history = self.store.doses_near(at, draft.at.offset_min, settings)
            findings = evaluate(
                dose,
                draft.form,
                history,
                self.guidance,
                settings,
                uncounted_reason=leaf.reason,
                in_break=self.store.break_at(at),
            )
        else:  # only what the rolling total at its time needs
            history = self.store.doses(at - WINDOW, at + timedelta(microseconds=1))
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

    def log_intake(self, draft: IntakeDraft) -> IntakeCheck:
        """Check and save a new intake; its findings are stored with it, never blocking it.

        Saving works out its findings and those of every intake it reaches, in one transaction.
        """
        checked = self._check(replace(draft, id=None), preview=False)
        return replace(checked, intake=self.store.add_intake(checked.intake))

    def edit_intake(self, draft: IntakeDraft) -> IntakeCheck:
        """Check and save a corrected intake; findings around its old and new time are worked out again."""
        if draft.id is None:
            raise ValueError("edit_intake needs the id of the intake")
        checked = self._check(draft, preview=False)
        return replace(checked, intake=self.store.update_intake(checked.intake))

    # -- products ----------------------------------------------------------

    def _product(self, product_id: int | None) -> Product | None:
        if product_id is None:
            return None
        try:
            return self.store.product(product_id)
        except NotFound as err:
            raise InvalidInput("product", "That product no longer exists. Choose another one.") from err

    def product_named(self, name: str, form: Form = Form.POWDER) -> Product:
        """A product by name, created with `form` as its usual form if it is new."""
        found = self.store.product_by_name(name)
        if found is not None:
            return found
        return self.store.add_product(Product(name.strip(), usual_form=form))

    def presets(self, limit: int = 3) -> list[Preset]:
        """The usual amount of each product used in the last 90 days, most used first.

        The most frequent (amount, unit, form) of a product's recent intakes, so the
        Today page can offer it as a one-click entry.
        """
        since = self.clock() - timedelta(days=90)
        products = {p.id: p for p in self.store.products()}
        counts: dict[int, Counter[tuple[Decimal, Unit, Form]]] = defaultdict(Counter)
        for intake in self.store.intakes(since):
            if intake.product_id is not None and intake.product_id in products:
                counts[intake.product_id][(intake.amount, intake.unit, intake.form)] += 1
        ranked = sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
        return [Preset(products[pid], *usual.most_common(1)[0][0]) for pid, usual in ranked]

    def log_preset(self, preset: Preset) -> IntakeCheck:
        """Log a preset with the time now."""
        return self.log_intake(
            IntakeDraft(format_amount(preset.amount), self.now(), preset.unit, preset.form, preset.product.id)
        )

    # -- symptoms, pain, breaks -----------------------------------------------

    def symptom_key(self, name: str) -> str:
        """Match a typed symptom name to the catalogue by key or label, ignoring case."""
        wanted = name.strip().lower()
        for stype in self.store.symptom_types():
            if wanted in (stype.key, stype.label.lower()):
                return stype.key
        raise InvalidInput("symptom", f"Unknown symptom “{name}”. Run `journal symptoms` to list them.")

    def log_symptom(
        self, key: str, severity: int, at: Moment, area: str = "", notes: str = ""
    ) -> SymptomEntry:
        if not 0 <= severity <= 4:
            raise InvalidInput("severity", "Severity is 0 (none) to 4 (extreme).")
        stype = {t.key: t for t in self.store.symptom_types()}.get(key)
        if stype is None:
            raise InvalidInput("symptom", f"Unknown symptom “{key}”.")
        if area and stype.body_areas and area not in stype.body_areas:
            raise InvalidInput("area", f"Body area for {stype.label}: one of {', '.join(stype.body_areas)}.")
        check_not_future(at, self.clock())
        entry = SymptomEntry(key, at, Severity(severity), area, check_note(notes))
        return self.store.add_symptom(entry)

    def log_pain(self, checkin: PainCheckin) -> PainCheckin:
        check_not_future(checkin.at, self.clock())
        return self.store.add_pain(checkin)

    def start_break(self, until: date | None, reason: str = "") -> Break:
        start = self.now()
        if until is not None and until <= start.local.date():
            raise InvalidInput("until", "The goal date must be after today.")
        if self.store.running_break() is not None:
            raise InvalidInput("break", "A break is already running. End it before starting another.")
        return self.store.start_break(Break(start, until, reason=check_note(reason, "reason")))

    def end_break(self, outcome: str = "") -> Break:
        running = self.store.running_break()
        if running is None or running.id is None:
            raise InvalidInput("break", "No break is running.")
        return self.store.end_break(running.id, self.now(), check_note(outcome, "outcome"))

    # -- today ----------------------------------------------------------------

    def today(self) -> Today:
        now = self.clock()
        settings = self.store.settings()
        here = Moment.from_utc(now, self.zone)
        today = local_day(now, here.offset_min, settings.day_start_hour)
        totals = self.store.daily_totals(settings.day_start_hour, today - timedelta(days=400), today)
        # Up to the future tolerance: an intake logged a few minutes ahead counts already.
        window = rolling_total(
            now, self.store.doses(now - WINDOW, now + FUTURE_TOLERANCE + timedelta(seconds=1))
        )
        use_days = set(totals)
        first = min(use_days, default=today)
        todays = totals.get(today)
        streaks = use_summary(use_days, first, today)
        symptoms = self.store.symptoms(now - timedelta(days=7))
        pains = self.store.pain(now - timedelta(days=30))
        return Today(
            now=now,
            last_intake=self.store.last_intake(),
            today_mg=todays.mg if todays else 0,
            today_estimate=bool(todays and todays.estimate),
            rolling_mg=window.total_mg,
            rolling_estimate=window.estimate,
            running_break=self.store.running_break(),
            streaks=streaks,
            latest_symptoms=_latest_per_type(symptoms),
            latest_pain=pains[-1] if pains else None,
        )


def _latest_per_type(entries: list[SymptomEntry], limit: int = 6) -> tuple[SymptomEntry, ...]:
    """The latest rating above "none" of each symptom, newest first."""
    latest = {e.type_key: e for e in entries if e.severity > 0}
    return tuple(sorted(latest.values(), key=lambda e: e.at.utc, reverse=True)[:limit])


def _check_plausible(amount: Decimal, unit: Unit, leaf: LeafAmount, confirmed: bool) -> None:
    if amount > IMPOSSIBLE_AMOUNT:
        raise InvalidInput("amount", f"{amount:f} {unit.value} cannot be one intake. Check the amount.")
    if confirmed:
        return
    large = (
        (leaf.mg is not None and leaf.mg > to_mg(IMPLAUSIBLE_G))
        or (unit is Unit.G and amount > IMPLAUSIBLE_G)
        or (unit is Unit.CAPS and amount > IMPLAUSIBLE_CAPS)
    )
    if large:
        raise NeedsConfirmation(
            "amount",
            f"{amount:f} {unit.value} in one intake is unusually large. Check the amount; "
            "if it is right, confirm it to save.",
        )
