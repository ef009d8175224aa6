"""What the demonstration's story is made of: times of day, how hair and skin follow use, breaks,
and the notes people write (in English and German, some with emoji)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from journal.domain.entities import (
    Form,
    LeafAmount,
    Unit,
)
from journal.domain.times import Moment


@dataclass(frozen=True, slots=True)
class Raw:
    """An intake before its findings are known."""

    at: Moment
    amount: Decimal
    unit: Unit
    form: Form
    product_id: int | None
    leaf: LeafAmount
    estimate: bool
    notes: str
    created: datetime


@dataclass(slots=True)
class OpenBreak:
    start: Moment
    start_day: date
    planned_end: date | None
    end_day: date
    kept: bool
    reason: str
    level: float  # tolerance when it began: sets how hard withdrawal is


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    minute: float  # mean minutes after midnight
    sd: float
    weight: float


SLOTS = {
    "morning": Slot("morning", 7 * 60 + 30, 22, 1.25),
    "midday": Slot("midday", 13 * 60, 30, 1.0),
    "evening": Slot("evening", 18 * 60 + 45, 35, 1.0),
    "late": Slot("late", 22 * 60, 15, 0.7),
}
PATTERNS = {2: ("morning", "evening"), 3: ("morning", "midday", "evening"), 4: tuple(SLOTS)}


@dataclass(frozen=True, slots=True)
class HairSkin:
    """How one hair or skin symptom follows use: lag, threshold and grams per severity step."""

    key: str
    lag_days: int
    threshold_g: float
    step_g: float
    areas: tuple[str, ...]


HAIR_SKIN_RULES = (
    HairSkin("hair-shedding", 56, 5.5, 1.5, ("scalp",)),
    HairSkin("hair-thinning", 90, 6.5, 1.6, ("scalp", "scalp", "eyebrows")),
    HairSkin("dry-skin", 21, 4.5, 1.8, ("hands", "hands", "arms", "legs", "face")),
    HairSkin("itching", 14, 5.5, 2.0, ("arms", "legs", "torso")),
    HairSkin("hyperpigmentation", 70, 6.5, 1.5, ("face", "hands", "arms", "neck")),
)
MAX_LAG = max(h.lag_days for h in HAIR_SKIN_RULES)

INTAKE_NOTES = (
    "after breakfast",
    "nach dem Frühstück",
    "with orange juice 🍊",
    "Rücken schlimm heute",
    "bad pain day",
    "new bag, tastes more bitter",
    "half a teaspoon ≈ 2 g",
    "before the long shift",
    "Ärger im Büro",
    "with food this time: less nausea",
    "a heaped spoon, didn't weigh it",
    "couldn't sleep",
)
PAIN_NOTES = (
    "Wetterumschwung",
    "long walk, 12 km 🚶",
    "physio today",
    "slept badly",
    "Rücken nach der Gartenarbeit",
    "good day ☀",
    "flare-up in the lower back",
    "sat at the desk all day",
)
SYMPTOM_NOTES = {
    "hair-shedding": ("more hair in the shower drain", "Haare in der Bürste"),
    "hair-thinning": ("parting looks wider in photos",),
    "dry-skin": ("knuckles cracked", "lotion helps a bit"),
    "itching": ("worse at night",),
    "hyperpigmentation": ("darker patches on the forearms: sun?", "Flecken auf den Handrücken"),
    "cravings": ("thought about it all afternoon", "Craving nach dem Essen"),
    "withdrawal": ("restless legs", "sweats, yawning, runny nose"),
    "nausea": ("empty stomach",),
    "constipation": ("more water, more fibre",),
}
REASONS = (
    "tolerance is creeping up",
    "more hair in the shower drain",
    "skin is getting dry again",
    "see how I sleep without it",
    "Urlaub: Pause ohne Kratom 🌴",
    "my GP suggested a pause",
    "reset",
    "",
)
KEPT = ("made it; the first three nights were rough", "easier than last time", "geschafft 💪", "")
ABANDONED = (
    "back pain flared up, stopped early",
    "cravings too strong",
    "work stress, gave in",
    "restless legs at night, could not sleep",
    "",
)
UNPLANNED = ("just a few days off", "")
PLANNED_DAYS = (3, 5, 7, 10, 14, 21, 28)
PLANNED_WEIGHTS = (2.0, 2.0, 4.0, 2.0, 3.0, 1.5, 0.5)
