"""The journal's entities as plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum, StrEnum

from journal.domain.amounts import to_mg
from journal.domain.errors import InvalidInput, PassphraseError
from journal.domain.times import Moment

MAX_NOTE_CHARS = 10_000
#: The longest idle time before the window locks itself (4 hours).
MAX_LOCK_AFTER_MIN = 240
#: The shortest passphrase the journal accepts.
MIN_PASSPHRASE_CHARS = 8


class Form(StrEnum):
    """How the kratom was taken."""

    POWDER = "powder"
    CAPSULES = "capsules"
    TEA = "tea"
    EXTRACT = "extract"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _FORM_LABELS[self]

    @property
    def is_leaf(self) -> bool:
        """Leaf forms are measured in grams of leaf and are what the cited ranges cover."""
        return self in (Form.POWDER, Form.CAPSULES, Form.TEA)


_FORM_LABELS = {
    Form.POWDER: "Leaf powder",
    Form.CAPSULES: "Capsules",
    Form.TEA: "Tea (grams of leaf brewed)",
    Form.EXTRACT: "Extract",
    Form.OTHER: "Other",
}


class Unit(StrEnum):
    """Unit of an amount as entered: grams, or a count of capsules."""

    G = "g"
    CAPS = "caps"


class Level(IntEnum):
    """How loud a finding is. None of them ever blocks saving."""

    NOTICE = 1
    CAUTION = 2
    WARNING = 3

    @property
    def word(self) -> str:
        return self.name.lower()


class Severity(IntEnum):
    """Symptom severity on the 0-4 scale with its words."""

    NONE = 0
    MILD = 1
    MODERATE = 2
    SEVERE = 3
    EXTREME = 4

    @property
    def word(self) -> str:
        return self.name.lower()


class Kind(StrEnum):
    """The kinds of entry a person can delete and undo."""

    INTAKE = "intake"
    SYMPTOM = "symptom"
    PAIN = "pain"
    WITHDRAWAL = "withdrawal"
    PHOTO = "photo"
    BREAK = "break"
    PRODUCT = "product"
    MEDICATION = "medication"
    PLAN = "plan"
    PURCHASE = "purchase"


@dataclass(frozen=True, slots=True)
class Stamp:
    """When an entry was first saved and last changed (kept by exports, imports and the demo)."""

    created: datetime
    updated: datetime


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Refuse a new passphrase that is too short, or typed differently twice."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise PassphraseError(f"Use at least {MIN_PASSPHRASE_CHARS} characters.")
    if "\x00" in passphrase:
        raise PassphraseError("A passphrase cannot contain a NUL character.")
    if passphrase != repeated:
        raise PassphraseError("The two passphrases are not the same.")


def check_note(text: str, field_name: str = "notes") -> str:
    """Notes hold any Unicode up to 10,000 characters."""
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(
            field_name, f"Notes can be up to {MAX_NOTE_CHARS:,} characters ({len(text):,} typed)."
        )
    return text


@dataclass(frozen=True, slots=True)
class Product:
    """A product a person uses; capsule content and extract factor drive conversions."""

    name: str
    vendor: str = ""
    strain: str = ""
    usual_form: Form = Form.POWDER
    capsule_g: Decimal | None = None
    leaf_factor: Decimal | None = None
    batch: str = ""
    purity_tested: bool = False
    notes: str = ""
    archived: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput("name", "Give the product a name.")
        if self.capsule_g is not None and not Decimal(0) < self.capsule_g <= Decimal(5):
            raise InvalidInput("capsule_g", "Capsule content is in grams, between 0 and 5.")
        if self.leaf_factor is not None and not Decimal(0) < self.leaf_factor <= Decimal(100):
            raise InvalidInput("leaf_factor", "The leaf-equivalent factor must be between 0 and 100.")
        check_note(self.notes)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a cited rule comes from: source file, section heading, quoted passage."""

    file: str
    section: str
    quote: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of guidance about an intake.

    `basis` says what the finding rests on: "cited range" (then `citations` is
    not empty), "your personal limit", "your break plan" or "a pattern in your data".
    """

    level: Level
    rule_id: str
    message: str
    basis: str
    citations: tuple[Citation, ...] = ()
    total_mg: int | None = None
    estimate: bool = False


@dataclass(frozen=True, slots=True)
class LeafAmount:
    """An intake converted to grams of leaf, or None with the reason it cannot be."""

    mg: int | None
    estimate: bool
    reason: str = ""


def leaf_amount(amount: Decimal, unit: Unit, form: Form, product: Product | None) -> LeafAmount:
    """Convert an amount as entered to milligrams of leaf (or leaf equivalent)."""
    grams = amount
    if unit is Unit.CAPS:
        if product is None or product.capsule_g is None:
            return LeafAmount(None, False, "capsule content unknown")
        grams = amount * product.capsule_g
    if form.is_leaf:
        return LeafAmount(to_mg(grams), False)
    if product is not None and product.leaf_factor is not None:
        return LeafAmount(to_mg(grams * product.leaf_factor), True)
    return LeafAmount(None, False, "not covered by the cited ranges")


@dataclass(frozen=True, slots=True)
class Intake:
    """One intake as recorded, with its leaf-equivalent amount and its findings."""

    at: Moment
    amount: Decimal
    unit: Unit
    form: Form
    leaf_mg: int | None
    product_id: int | None = None
    estimate: bool = False
    leaf_estimated: bool = False
    notes: str = ""
    findings: tuple[Finding, ...] = ()
    id: int | None = None
    created: datetime | None = None
    updated: datetime | None = None

    @property
    def counts_as_estimate(self) -> bool:
        return self.estimate or self.leaf_estimated


@dataclass(frozen=True, slots=True)
class Break:
    """A planned pause: started, meant to last until `planned_end`, maybe ended."""

    start: Moment
    planned_end: date | None = None
    actual_end: Moment | None = None
    reason: str = ""
    outcome: str = ""
    id: int | None = None

    @property
    def running(self) -> bool:
        return self.actual_end is None

    def kept(self) -> bool | None:
        """True if it lasted to its planned end, False if ended early, None if open or unplanned."""
        if self.planned_end is None or self.actual_end is None:
            return None
        return self.actual_end.local.date() >= self.planned_end


@dataclass(frozen=True, slots=True)
class SymptomType:
    """A catalogue entry: built in from the sources, or added by the person."""

    key: str
    label: str
    category: str
    body_areas: tuple[str, ...] = ()
    red_flag: bool = False
    source: str | None = None
    builtin: bool = True
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SymptomEntry:
    """A symptom rated at a time, 0 (none) to 4 (extreme)."""

    type_key: str
    at: Moment
    severity: Severity
    body_area: str = ""
    notes: str = ""
    id: int | None = None
    created: datetime | None = None


def check_scale(value: int, field_name: str, top: int = 10) -> int:
    if not 0 <= value <= top:
        raise InvalidInput(field_name, f"Choose a number from 0 to {top}.")
    return value


@dataclass(frozen=True, slots=True)
class PainCheckin:
    """Pain now (0-10), optionally the three PEG items (0-10) and mood (0-10)."""

    at: Moment
    pain_now: int
    peg: tuple[int, int, int] | None = None
    mood: int | None = None
    notes: str = ""
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        check_scale(self.pain_now, "pain_now")
        if self.peg is not None and len(self.peg) != 3:
            raise InvalidInput("peg", "The PEG scale has three items: pain, enjoyment of life, activity.")
        for name, value in zip(("peg_pain", "peg_enjoyment", "peg_activity"), self.peg or (), strict=False):
            check_scale(value, name)
        if self.mood is not None:
            check_scale(self.mood, "mood")
        check_note(self.notes)

    @property
    def peg_score(self) -> Decimal | None:
        """Mean of the three PEG items, to one decimal, as the PEG scale is scored."""
        if self.peg is None:
            return None
        return (Decimal(sum(self.peg)) / 3).quantize(Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class Settings:
    """The person's own choices; limits and plans here are labelled as theirs."""

    day_start_hour: int = 0
    personal_intake_limit_g: Decimal | None = None
    personal_daily_limit_g: Decimal | None = None
    #: Break plan: at most this many days of use in a row (6 = one dose-free day in 7).
    max_use_days_in_row: int | None = None
    theme: str = "system"
    welcomed: bool = False
    #: Lock the window after this many minutes without input; None = only on demand (Ctrl+L).
    lock_after_min: int | None = None
    #: "I'm starting or restarting", from this journal day on: the cited starting dose applies to
    #: each intake from then (None: only to the journal's first intake). The sources give a
    #: starting dose but not when starting ends, so the person says so.
    starting_since: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.day_start_hour <= 12:
            raise InvalidInput("day_start_hour", "A day can start between midnight and noon.")
        if self.lock_after_min is not None and not 1 <= self.lock_after_min <= MAX_LOCK_AFTER_MIN:
            raise InvalidInput("lock_after_min", f"Lock after 1 to {MAX_LOCK_AFTER_MIN} minutes, or never.")
        if self.max_use_days_in_row is not None and not 1 <= self.max_use_days_in_row <= 365:
            raise InvalidInput("max_use_days_in_row", "Choose between 1 and 365 days.")
        for name in ("personal_intake_limit_g", "personal_daily_limit_g"):
            limit = getattr(self, name)
            if limit is not None and not (limit.is_finite() and limit > 0):
                raise InvalidInput(name, "A personal limit must be more than zero grams.")
