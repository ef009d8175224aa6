"""A demonstration journal: years of realistic, made-up entries from a seed.

The same generator feeds `journal demo`, `journal --demo`, tests, screenshots
and benchmarks. It returns plain domain values; `journal.storage.bulk` writes
them. Nothing here touches a database or Qt.

The story it tells: a person with chronic back pain uses kratom leaf powder of
a few strains, capsules at work and now and then an extract. Their daily amount
creeps up over months (tolerance), they take breaks, keep some and abandon
others, have a few heavy days over the cited 12-15 g, and notice hair and skin
changes that follow their 30-day average use weeks later. Pain responds a
little to use and rises during breaks. Most entries are logged at once, a few
are filled in the next day ("entered later").

Everything comes from `random.Random(seed)`: the same seed, span, end and zone
give the same journal. Findings are real: each intake's are worked out with
`journal.domain.sweep` from the whole journal, as the app keeps them stored.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from journal.domain.entities import (
    Break,
    Form,
    Intake,
    LeafAmount,
    PainCheckin,
    Product,
    Settings,
    Severity,
    SymptomEntry,
    Unit,
    leaf_amount,
)
from journal.domain.errors import InvalidInput
from journal.domain.guidance import Dose, Guidance
from journal.domain.stats import daily_max_rolling
from journal.domain.sweep import sweep_findings
from journal.domain.times import Fold, Moment, get_zone, is_entered_later, resolve_local

YEAR_DAYS = 365.25
#: Keys of the symptom catalogue the demonstration uses (resources/symptoms.json).
HAIR_SKIN = ("hair-shedding", "hair-thinning", "dry-skin", "itching", "hyperpigmentation")
SYMPTOM_KEYS = (*HAIR_SKIN, "nausea", "constipation", "dizziness", "cravings", "withdrawal", "dependence")

# Product ids are local to a DemoJournal (1..n); the writer maps them to real ones.
WHITE, RED, GREEN, CAPS, EXTRACT = 1, 2, 3, 4, 5
_POWDERS = (WHITE, RED, GREEN)


@dataclass(frozen=True, slots=True)
class Stamp:
    """When an entry was first saved and last changed."""

    created: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class DemoJournal:
    """A generated journal as domain values.

    Products carry ids 1..n that intakes refer to; every other entry has no id.
    Intakes, symptom entries and pain check-ins carry their `created` time;
    products and breaks, whose entities have none, get theirs in the parallel
    `product_stamps` and `break_stamps`. All lists are in time order.
    """

    seed: int
    zone: str
    start: datetime
    end: datetime
    products: tuple[Product, ...]
    product_stamps: tuple[Stamp, ...]
    intakes: tuple[Intake, ...]
    breaks: tuple[Break, ...]
    break_stamps: tuple[Stamp, ...]
    symptoms: tuple[SymptomEntry, ...]
    pain: tuple[PainCheckin, ...]

    def __post_init__(self) -> None:
        if len(self.products) != len(self.product_stamps) or len(self.breaks) != len(self.break_stamps):
            raise ValueError("every product and break needs its stamp")

    def counts(self) -> dict[str, int]:
        return {
            "products": len(self.products),
            "intakes": len(self.intakes),
            "breaks": len(self.breaks),
            "symptoms": len(self.symptoms),
            "pain": len(self.pain),
        }

    @property
    def rows(self) -> int:
        return sum(self.counts().values())

    def doses(self) -> list[Dose]:
        """The intakes as the guidance and statistics see them."""
        return [
            Dose(i.at.utc, i.leaf_mg, i.counts_as_estimate, i.at.offset_min, n)
            for n, i in enumerate(self.intakes)
        ]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a generated journal holds, for people and tests."""

    counts: dict[str, int]
    rows: int
    archived_products: int
    breaks_kept: int
    breaks_ended_early: int
    breaks_open_or_unplanned: int
    days_over_12g: int
    days_over_15g: int
    entered_later: int


def summarise(demo: DemoJournal, guidance: Guidance | None = None) -> DemoSummary:
    """Counts, breaks kept and abandoned, days over the cited limit, late entries."""
    if guidance is None:
        from journal import resources

        guidance = resources.guidance()
    rolling = daily_max_rolling(demo.doses())
    low, high = guidance.upper.low_mg, guidance.upper.high_mg
    kept = [b.kept() for b in demo.breaks]
    stamped: list[tuple[Moment, datetime | None]] = [
        *((i.at, i.created) for i in demo.intakes),
        *((e.at, e.created) for e in demo.symptoms),
        *((c.at, c.created) for c in demo.pain),
    ]
    late = sum(1 for at, created in stamped if created is not None and is_entered_later(at, created))
    return DemoSummary(
        counts=demo.counts(),
        rows=demo.rows,
        archived_products=sum(p.archived for p in demo.products),
        breaks_kept=kept.count(True),
        breaks_ended_early=kept.count(False),
        breaks_open_or_unplanned=kept.count(None),
        days_over_12g=sum(mg > low for mg in rolling.values()),
        days_over_15g=sum(mg > high for mg in rolling.values()),
        entered_later=late,
    )


def products() -> tuple[Product, ...]:
    """The demonstration's products: three leaf powders (one archived), capsules, an extract."""
    return (
        Product(
            "White Borneo",
            vendor="Kräuterhaus Müller",
            strain="White Borneo",
            batch="WB-1907",
            notes="Stopped buying: the last bag smelled musty.",
            archived=True,
            id=WHITE,
        ),
        Product(
            "Red Bali",
            vendor="Leaf & Co.",
            strain="Red Bali",
            batch="RB-2291",
            purity_tested=True,
            notes="Lab report on the vendor's site (heavy metals, microbes).",
            id=RED,
        ),
        Product(
            "Green Maeng Da",
            vendor="Leaf & Co.",
            strain="Green Maeng Da",
            batch="GMD-0415",
            purity_tested=True,
            id=GREEN,
        ),
        Product(
            "Green Malay capsules",
            vendor="Kapselwerk",
            strain="Green Malay",
            usual_form=Form.CAPSULES,
            capsule_g=Decimal("0.5"),
            batch="GM-C-77",
            purity_tested=True,
            notes="0.5 g leaf per capsule (label).",
            id=CAPS,
        ),
        Product(
            "Red extract 10×",
            vendor="Kratom Garden",
            strain="Red Thai",
            usual_form=Form.EXTRACT,
            leaf_factor=Decimal(10),
            notes="Label: 1 g ≈ 10 g leaf. Not verified.",
            id=EXTRACT,
        ),
    )


def generate(
    years: float,
    seed: int,
    end: datetime,
    zone: str = "Europe/Berlin",
    *,
    settings: Settings | None = None,
    guidance: Guidance | None = None,
) -> DemoJournal:
    """A journal of `years` up to `end` (an aware time), lived in `zone`.

    Findings are evaluated with `settings` (default: a new journal's) and the
    cited `guidance` (default: the app's data file). Ten years take a few
    seconds and about 30,000 entries.
    """
    if not (math.isfinite(years) and years > 0):
        raise ValueError("years must be a positive number")
    if end.tzinfo is None or end.utcoffset() is None:
        raise ValueError("end must be an aware datetime")
    get_zone(zone)
    if guidance is None:
        from journal import resources

        guidance = resources.guidance()
    sim = _Simulation(random.Random(seed), zone, end.astimezone(UTC).replace(microsecond=0), years)
    sim.run()
    return sim.result(seed, guidance, settings or Settings())


# -- the simulation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
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
class _OpenBreak:
    start: Moment
    start_day: date
    planned_end: date | None
    end_day: date
    kept: bool
    reason: str
    level: float  # tolerance when it began: sets how hard withdrawal is


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str
    minute: float  # mean minutes after midnight
    sd: float
    weight: float


_SLOTS = {
    "morning": _Slot("morning", 7 * 60 + 30, 22, 1.25),
    "midday": _Slot("midday", 13 * 60, 30, 1.0),
    "evening": _Slot("evening", 18 * 60 + 45, 35, 1.0),
    "late": _Slot("late", 22 * 60, 15, 0.7),
}
_PATTERNS = {2: ("morning", "evening"), 3: ("morning", "midday", "evening"), 4: tuple(_SLOTS)}


@dataclass(frozen=True, slots=True)
class _HairSkin:
    """How one hair or skin symptom follows use: lag, threshold and grams per severity step."""

    key: str
    lag_days: int
    threshold_g: float
    step_g: float
    areas: tuple[str, ...]


_HAIR_SKIN = (
    _HairSkin("hair-shedding", 56, 5.5, 1.5, ("scalp",)),
    _HairSkin("hair-thinning", 90, 6.5, 1.6, ("scalp", "scalp", "eyebrows")),
    _HairSkin("dry-skin", 21, 4.5, 1.8, ("hands", "hands", "arms", "legs", "face")),
    _HairSkin("itching", 14, 5.5, 2.0, ("arms", "legs", "torso")),
    _HairSkin("hyperpigmentation", 70, 6.5, 1.5, ("face", "hands", "arms", "neck")),
)
_MAX_LAG = max(h.lag_days for h in _HAIR_SKIN)

_INTAKE_NOTES = (
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
_PAIN_NOTES = (
    "Wetterumschwung",
    "long walk, 12 km 🚶",
    "physio today",
    "slept badly",
    "Rücken nach der Gartenarbeit",
    "good day ☀",
    "flare-up in the lower back",
    "sat at the desk all day",
)
_SYMPTOM_NOTES = {
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
_REASONS = (
    "tolerance is creeping up",
    "more hair in the shower drain",
    "skin is getting dry again",
    "see how I sleep without it",
    "Urlaub: Pause ohne Kratom 🌴",
    "my GP suggested a pause",
    "reset",
    "",
)
_KEPT = ("made it; the first three nights were rough", "easier than last time", "geschafft 💪", "")
_ABANDONED = (
    "back pain flared up, stopped early",
    "cravings too strong",
    "work stress, gave in",
    "restless legs at night, could not sleep",
    "",
)
_UNPLANNED = ("just a few days off", "")
_PLANNED_DAYS = (3, 5, 7, 10, 14, 21, 28)
_PLANNED_WEIGHTS = (2.0, 2.0, 4.0, 2.0, 3.0, 1.5, 0.5)


class _Simulation:
    """Lives the person's days one after another and records what they logged."""

    def __init__(self, rng: random.Random, zone: str, end: datetime, years: float) -> None:
        self.rng = rng
        self.zone = zone
        self.tz = get_zone(zone)
        self.end = end
        last = Moment.from_utc(end, zone).local.date()
        n_days = max(1, round(years * YEAR_DAYS))
        self.days = [last - timedelta(days=n_days - 1 - i) for i in range(n_days)]
        self.start = resolve_local(datetime.combine(self.days[0], time()), zone, Fold.EARLIER).utc

        self.tolerance = rng.uniform(3.5, 5.0)  # the grams a day the person has got used to
        self.pain_base = rng.uniform(4.0, 5.5)
        self.flare_days = 0
        self.latent = dict.fromkeys(HAIR_SKIN, 0.0)
        self.susceptible = {h.key: rng.uniform(0.7, 1.3) for h in _HAIR_SKIN}
        self.main_area = {h.key: h.areas[0] for h in _HAIR_SKIN}
        # Grams per day, padded before the first day with the use the person had already.
        self.grams: list[float] = [self.tolerance * 0.95] * (_MAX_LAG + 31)
        self.sums: list[float] = [0.0]
        for g in self.grams:
            self.sums.append(self.sums[-1] + g)
        self.phase_product = RED
        self.phase_left = 0
        self.open: _OpenBreak | None = None
        self.last_break_end = -30
        self.week_pain: list[int] = []

        self.raw: list[_Raw] = []
        self.breaks: list[tuple[Break, Stamp]] = []
        self.symptoms: list[SymptomEntry] = []
        self.pain: list[PainCheckin] = []
        self.backfill: datetime | None = None

    # -- helpers ------------------------------------------------------------------

    def moment(self, naive: datetime) -> Moment:
        """A wall-clock time resolved in the zone, as a person would type it."""
        fold = Fold.EARLIER if self.rng.random() < 0.5 else Fold.LATER
        try:
            return resolve_local(naive, self.zone, fold)
        except InvalidInput:  # in the hour skipped when clocks go forward: the hour after
            return resolve_local(naive + timedelta(hours=1), self.zone, Fold.EARLIER)

    def at(self, day: date, minute: float) -> datetime:
        return datetime.combine(day, time()) + timedelta(minutes=round(minute))

    def created(self, at: Moment) -> datetime:
        """When an entry was saved: mostly at once, now and then a day or two later."""
        rng = self.rng
        if self.backfill is not None and self.backfill > at.utc:
            self.backfill += timedelta(seconds=rng.randint(20, 90))
            when = self.backfill
        elif rng.random() < 0.02:
            when = at.utc + timedelta(hours=rng.uniform(12.5, 50))
        elif rng.random() < 0.75:
            when = at.utc + timedelta(seconds=rng.randint(5, 180))
        else:
            when = at.utc + timedelta(minutes=rng.uniform(3, 90))
        return max(at.utc, min(when.replace(microsecond=0), self.end))

    def avg30(self, days_ago: int = 0) -> float:
        """Mean grams a day over the 30 days ending `days_ago` days before today."""
        hi = len(self.grams) - days_ago
        return (self.sums[hi] - self.sums[hi - 30]) / 30

    def hair_skin(self, key: str) -> int:
        return max(0, min(4, round(self.latent[key])))

    def dst_night(self, day: date) -> bool:
        """True when the clocks change in the night after `day`."""
        nxt = day + timedelta(days=1)
        early = datetime.combine(nxt, time(0, 30), self.tz).utcoffset()
        later = datetime.combine(nxt, time(4, 0), self.tz).utcoffset()
        return early != later

    # -- a day --------------------------------------------------------------------

    def run(self) -> None:
        for index, day in enumerate(self.days):
            self.live(index, day)
        if self.open is not None:  # still running at the end of the journal
            brk = self.open
            stamp = self.created(brk.start)
            self.breaks.append((Break(brk.start, brk.planned_end, None, brk.reason), Stamp(stamp, stamp)))
            self.open = None

    def live(self, index: int, day: date) -> None:
        rng = self.rng
        weekend = day.weekday() >= 5
        self.backfill = None
        if rng.random() < 0.018:  # forgot the app all day: filled in the next morning
            self.backfill = self.moment(self.at(day + timedelta(days=1), rng.uniform(8 * 60, 10 * 60))).utc
        self.move_pain()
        doses = self.plan(day, weekend)
        first_minute = doses[0][1] if doses else 8 * 60
        resume: float | None = None  # minute after which doses are taken again
        break_day: int | None = None  # days since the running break began
        level = self.tolerance
        if self.open is not None:
            brk = self.open
            break_day = (day - brk.start_day).days
            level = brk.level
            if day == brk.end_day:
                resume = self.end_break(index, day, first_minute - rng.uniform(10, 90) if brk.kept else None)
                doses = [d for d in doses if resume is not None and d[1] > resume]
            else:
                doses = self.slip() if break_day >= 1 and rng.random() < 0.015 else []
        elif index - self.last_break_end >= 21 and rng.random() < self.break_chance():
            if self.start_break(day, first_minute - rng.uniform(0, 60)):
                doses, break_day, level = [], 0, self.tolerance
        elif rng.random() < 0.015:
            doses = []  # a dose-free day, just because
        taken = self.take(day, doses)
        grams = sum(taken) / 1000
        self.tolerance_step(grams, resume is not None, index)
        self.grams.append(grams)
        self.sums.append(self.sums[-1] + grams)
        self.move_symptoms(day)
        withdrawal = 0.0
        if break_day is not None and (self.open is not None or resume is not None):
            withdrawal = self.break_symptoms(day, break_day, level, resume)
        self.other_symptoms(day, doses, taken, weekend)
        self.rate_hair_skin(day)
        self.check_pain(day, doses, grams, withdrawal)

    def plan(self, day: date, weekend: bool) -> list[tuple[str, float, float]]:
        """(slot, minute, grams of leaf) for the doses the person would take today."""
        rng = self.rng
        target = self.tolerance * math.exp(rng.gauss(0, 0.13))
        target *= (1.07 if weekend else 1.0) * (1 + 0.06 * (self.pain_base + self.flare() - 5))
        heavy = rng.random() < 0.012
        if heavy:
            target *= rng.uniform(1.6, 2.1)
        target = max(1.0, min(24.0, target))
        n = 2 if target < 4.5 else 3 if target < 9.5 else 4
        if rng.random() < 0.2:
            n += rng.choice((-1, 1))
        n = 4 if heavy else max(2, min(4, n))
        slots = [_SLOTS[name] for name in _PATTERNS[n]]
        weights = [s.weight * rng.uniform(0.85, 1.15) for s in slots]
        total = sum(weights)
        out = []
        for slot, weight in zip(slots, weights, strict=True):
            shift = 60 if weekend and slot.name == "morning" else 0
            minute = slot.minute + shift + max(-2.5 * slot.sd, min(2.5 * slot.sd, rng.gauss(0, slot.sd)))
            out.append((slot.name, minute, target * weight / total))
        dst = self.dst_night(day)
        if rng.random() < (0.5 if dst else 0.012):  # awake in the night: a small dose after midnight
            minute = 24 * 60 + (rng.uniform(120, 179) if dst else rng.uniform(40, 170))
            out.append(("night", minute, rng.uniform(1.0, 2.0)))
        return out

    def flare(self) -> float:
        return 2.0 if self.flare_days > 0 else 0.0

    def take(self, day: date, doses: list[tuple[str, float, float]]) -> list[int]:
        """Record the day's intakes; returns each one's leaf milligrams (0 if not counted)."""
        rng = self.rng
        if self.phase_left <= 0:
            early = len(self.grams) - _MAX_LAG - 31 < 0.3 * len(self.days)
            choices = (WHITE, RED) if early else (RED, GREEN)
            self.phase_product = rng.choice([p for p in choices if p != self.phase_product] or choices)
            self.phase_left = rng.randint(25, 100)
        self.phase_left -= 1
        weekend = day.weekday() >= 5
        taken = []
        for slot, minute, grams in doses:
            at = self.moment(self.at(day, minute))
            if at.utc > self.end:
                continue
            form, unit, estimate = Form.POWDER, Unit.G, False
            product_id: int | None = self.phase_product
            if slot == "evening" and ((self.flare_days > 0 and rng.random() < 0.35) or rng.random() < 0.012):
                form, product_id = Form.EXTRACT, EXTRACT
                amount = rng.choice((Decimal("0.25"), Decimal("0.3"), Decimal("0.5")))
            elif slot == "midday" and not weekend and rng.random() < 0.55:
                form, unit, product_id = Form.CAPSULES, Unit.CAPS, CAPS
                amount = Decimal(max(2, round(grams / 0.5)))
            else:
                if rng.random() < 0.15:
                    product_id = rng.choice([p for p in _POWDERS if p != product_id and p != WHITE])
                if rng.random() < 0.02:
                    product_id = None
                if slot in ("evening", "late") and rng.random() < 0.04:
                    form = Form.TEA
                estimate = rng.random() < 0.04
                step = Decimal("0.5") if estimate else Decimal("0.1")
                amount = max(
                    Decimal("0.5"), (Decimal(str(round(grams, 2))) / step).to_integral_value() * step
                )
            product = _PRODUCTS.get(product_id) if product_id is not None else None
            leaf = leaf_amount(amount, unit, form, product)
            note = rng.choice(_INTAKE_NOTES) if rng.random() < 0.04 else ""
            if slot == "night" and rng.random() < 0.5:
                note = "couldn't sleep"
            self.raw.append(_Raw(at, amount, unit, form, product_id, leaf, estimate, note, self.created(at)))
            taken.append(leaf.mg or 0)
        return taken

    def slip(self) -> list[tuple[str, float, float]]:
        """One dose during a break that then carries on."""
        return [("evening", _SLOTS["evening"].minute + self.rng.gauss(0, 60), self.rng.uniform(2, 4))]

    # -- tolerance and breaks ------------------------------------------------------

    def tolerance_step(self, grams: float, after_break: bool, index: int) -> None:
        """Use creeps up towards a ceiling that itself rises over the years; days off bring it down."""
        rng = self.rng
        if grams > 0 and not after_break:
            t = self.tolerance
            ceiling = min(9.5, 8.0 + 0.15 * index / YEAR_DAYS)
            self.tolerance = t + 0.01 * t * (1 - t / ceiling) + rng.gauss(0, 0.02)
        elif grams == 0:
            self.tolerance *= 0.98
        self.tolerance = max(3.0, self.tolerance)

    def break_chance(self) -> float:
        hair = max(self.latent["hair-shedding"], self.latent["hair-thinning"])
        return 0.012 + 0.008 * max(0.0, self.tolerance - 6) + 0.01 * max(0.0, hair - 1)

    def start_break(self, day: date, minute: float) -> bool:
        rng = self.rng
        start = self.moment(self.at(day, minute))
        if start.utc > self.end:
            return False
        if rng.random() < 0.08:
            planned, length, kept = None, rng.randint(2, 6), True
        else:
            length = rng.choices(_PLANNED_DAYS, _PLANNED_WEIGHTS)[0]
            planned = day + timedelta(days=length)
            keep = max(0.15, min(0.85, 0.8 - 0.025 * length - 0.05 * max(0.0, self.tolerance - 7)))
            kept = rng.random() < keep
            if not kept:
                length = min(length - 1, 1 + int((length - 1) * rng.random() ** 1.5))
        reason = rng.choice(_REASONS)
        if reason == "more hair in the shower drain" and self.hair_skin("hair-shedding") == 0:
            reason = "tolerance is creeping up"
        self.open = _OpenBreak(
            start, day, planned, day + timedelta(days=length), kept, reason, self.tolerance
        )
        return True

    def end_break(self, index: int, day: date, minute: float | None) -> float | None:
        """End the running break today; returns the minute it ended (None if after the journal's end)."""
        rng = self.rng
        brk = self.open
        assert brk is not None
        if minute is None:  # gave in: ended just before the first dose
            minute = _SLOTS["morning"].minute + rng.gauss(60, 90)
        end = self.moment(self.at(day, minute))
        if end.utc > self.end:
            return None
        if brk.planned_end is None:
            outcome = rng.choice(_UNPLANNED)
        elif brk.kept:
            outcome = rng.choice(_KEPT)
        else:
            outcome = rng.choice(_ABANDONED)
            if outcome == "cravings too strong":
                outcome += f" on day {(day - brk.start_day).days + 1}"
        created = max(brk.start.utc, min(self.end, brk.start.utc + timedelta(seconds=rng.randint(5, 120))))
        updated = max(end.utc, min(self.end, end.utc + timedelta(seconds=rng.randint(5, 120))))
        self.breaks.append(
            (Break(brk.start, brk.planned_end, end, brk.reason, outcome), Stamp(created, updated))
        )
        self.open = None
        self.last_break_end = index
        if brk.kept:
            self.tolerance *= rng.uniform(0.9, 0.97)  # resolved to use less for a while
        else:
            self.tolerance *= 1.03
        if not brk.kept and brk.planned_end is not None:
            cravings = self.moment(self.at(day, minute - rng.uniform(5, 30)))
            self.symptom(cravings, "cravings", rng.choice((3, 3, 4)), note="gave in")
            if rng.random() < 0.4:
                self.symptom(cravings, "dependence", rng.choice((2, 3)))
        return minute

    # -- symptoms and pain -----------------------------------------------------------

    def symptom(
        self,
        at: Moment,
        key: str,
        severity: int,
        area: str = "",
        note: str = "",
        created: datetime | None = None,
    ) -> None:
        if at.utc > self.end:
            return
        if not note and key in _SYMPTOM_NOTES and severity > 0 and self.rng.random() < 0.06:
            note = self.rng.choice(_SYMPTOM_NOTES[key])
        when = self.created(at) if created is None else max(at.utc, min(created, self.end))
        self.symptoms.append(
            SymptomEntry(key, at, Severity(max(0, min(4, severity))), area, note, None, when)
        )

    def move_symptoms(self, day: date) -> None:
        """Hair and skin follow the 30-day average use, weeks later."""
        rng = self.rng
        season = math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / YEAR_DAYS)  # peaks in summer
        for h in _HAIR_SKIN:
            target = (self.avg30(h.lag_days) - h.threshold_g) / h.step_g * self.susceptible[h.key]
            if h.key == "hyperpigmentation":
                target += 0.6 * season
            elif h.key == "dry-skin":
                target -= 0.5 * season  # worse in winter
            self.latent[h.key] += 0.12 * (target - self.latent[h.key]) + rng.gauss(0, 0.12)

    def rate_hair_skin(self, day: date) -> None:
        rng = self.rng
        noticeable = any(self.latent[k] >= 0.8 for k in HAIR_SKIN)
        if rng.random() >= (0.85 if noticeable else 0.68):
            return
        at = self.moment(self.at(day, 21 * 60 + 30 + rng.gauss(0, 40)))
        created = self.created(at)
        for n, h in enumerate(_HAIR_SKIN):
            area = self.main_area[h.key] if rng.random() < 0.8 else rng.choice(h.areas)
            severity = max(0, min(4, round(self.latent[h.key] + rng.gauss(0, 0.35))))
            moment = Moment.from_utc(at.utc + timedelta(seconds=40 * n), self.zone)
            self.symptom(moment, h.key, severity, area, created=created + timedelta(seconds=40 * n))

    def break_symptoms(self, day: date, k: int, level: float, resume: float | None) -> float:
        """Cravings and withdrawal on break days; returns today's withdrawal level."""
        rng = self.rng
        scale = level / 9
        withdrawal = scale * 3.3 * math.exp(-((k - 2) ** 2) / 6)
        cravings = scale * (2.8 * math.exp(-((k - 2.5) ** 2) / 10) + 0.8)
        if resume is not None:  # the break ended this morning
            return 0.0
        minute = 20 * 60 + 30 + rng.gauss(0, 40)
        if rng.random() < 0.9:
            self.symptom(self.moment(self.at(day, minute)), "cravings", round(cravings + rng.gauss(0, 0.5)))
        if round(withdrawal) >= 1 or rng.random() < 0.3:
            at = self.moment(self.at(day, minute + 3))
            self.symptom(at, "withdrawal", round(withdrawal + rng.gauss(0, 0.5)))
        return withdrawal

    def other_symptoms(
        self, day: date, doses: list[tuple[str, float, float]], taken: list[int], weekend: bool
    ) -> None:
        rng = self.rng
        for (_slot, minute, _g), mg, raw in zip(
            doses, taken, self.raw[len(self.raw) - len(taken) :], strict=False
        ):
            extract = raw.form is Form.EXTRACT
            if (
                (mg > 4500 and rng.random() < 0.12)
                or (extract and rng.random() < 0.2)
                or rng.random() < 0.003
            ):
                at = self.moment(self.at(day, minute + rng.uniform(30, 90)))
                self.symptom(at, "nausea", rng.choice((1, 1, 2, 2, 3)))
        if not taken:
            return
        if sum(taken) > 13000 and rng.random() < 0.35:
            self.symptom(
                self.moment(self.at(day, 16 * 60 + rng.gauss(0, 90))), "dizziness", rng.choice((1, 2))
            )
        if rng.random() < 0.012 + 0.004 * max(0.0, self.tolerance - 5):
            self.symptom(
                self.moment(self.at(day, 20 * 60 + rng.gauss(0, 60))), "constipation", rng.choice((1, 2, 3))
            )
        if rng.random() < 0.02 and doses:
            at = self.moment(self.at(day, doses[0][1] - rng.uniform(10, 40)))
            self.symptom(at, "cravings", rng.choice((1, 1, 2)))

    def move_pain(self) -> None:
        rng = self.rng
        self.pain_base += 0.05 * (4.8 - self.pain_base) + rng.gauss(0, 0.3)
        self.pain_base = max(1.5, min(8.0, self.pain_base))
        if self.flare_days > 0:
            self.flare_days -= 1
        elif rng.random() < 0.012:
            self.flare_days = rng.randint(3, 10)

    def check_pain(
        self, day: date, doses: list[tuple[str, float, float]], grams: float, withdrawal: float
    ) -> None:
        rng = self.rng
        base = self.pain_base + self.flare() + 0.9 * withdrawal
        hair = max(self.hair_skin(k) for k in HAIR_SKIN)
        if rng.random() < 0.25:  # a morning check-in before the first dose
            minute = (doses[0][1] if doses else 7 * 60 + 15) - rng.uniform(5, 30)
            self.pain_entry(day, minute, base + 0.7 + rng.gauss(0, 0.7), False, hair, withdrawal)
        if rng.random() < 0.88:
            relief = 0.18 * min(grams, 10.0)
            peg = (day.weekday() == 6 and rng.random() < 0.8) or rng.random() < 0.03
            self.pain_entry(
                day, 21 * 60 + 15 + rng.gauss(0, 45), base - relief + rng.gauss(0, 0.7), peg, hair, withdrawal
            )

    def pain_entry(
        self, day: date, minute: float, value: float, peg: bool, hair: int, withdrawal: float
    ) -> None:
        rng = self.rng
        at = self.moment(self.at(day, minute))
        if at.utc > self.end:
            return
        pain = max(0, min(10, round(value)))
        self.week_pain = [*self.week_pain[-6:], pain]
        items = None
        if peg:
            week = sum(self.week_pain) / len(self.week_pain)
            p = max(0, min(10, round(week + rng.gauss(0, 0.5))))
            enjoy = max(0, min(10, round(0.8 * p + 0.4 * hair + rng.gauss(0, 1))))
            act = max(0, min(10, round(0.9 * p + rng.gauss(0, 1))))
            items = (p, enjoy, act)
        mood = None
        if rng.random() < 0.65:
            mood = max(
                0, min(10, round(6.5 - 0.4 * (pain - 5) - 0.8 * withdrawal - 0.3 * hair + rng.gauss(0, 1)))
            )
        note = rng.choice(_PAIN_NOTES) if rng.random() < 0.06 else ""
        self.pain.append(PainCheckin(at, pain, items, mood, note, None, self.created(at)))

    # -- the result ----------------------------------------------------------------------

    def result(self, seed: int, guidance: Guidance, settings: Settings) -> DemoJournal:
        raws = sorted(self.raw, key=lambda r: r.at.utc)
        breaks = sorted(self.breaks, key=lambda b: b[0].start.utc)
        intakes = _with_findings(raws, [b for b, _ in breaks], guidance, settings)
        stamps = self.product_stamps(intakes)
        return DemoJournal(
            seed=seed,
            zone=self.zone,
            start=self.start,
            end=self.end,
            products=tuple(_PRODUCTS.values()),
            product_stamps=stamps,
            intakes=tuple(intakes),
            breaks=tuple(b for b, _ in breaks),
            break_stamps=tuple(s for _, s in breaks),
            symptoms=tuple(sorted(self.symptoms, key=lambda e: e.at.utc)),
            pain=tuple(sorted(self.pain, key=lambda c: c.at.utc)),
        )

    def product_stamps(self, intakes: list[Intake]) -> tuple[Stamp, ...]:
        """Each product saved a little before its first use; the archived one after its last."""
        rng = self.rng
        first: dict[int, datetime] = {}
        last: dict[int, datetime] = {}
        for i in intakes:
            if i.product_id is not None:
                first.setdefault(i.product_id, i.at.utc)
                last[i.product_id] = i.at.utc
        out = []
        for p in _PRODUCTS.values():
            assert p.id is not None
            used = first.get(p.id, self.start)
            created = max(self.start, used - timedelta(hours=rng.uniform(1, 72))).replace(microsecond=0)
            updated = created
            if p.archived:
                updated = min(self.end, last.get(p.id, created) + timedelta(days=rng.uniform(1, 20)))
                updated = max(created, updated.replace(microsecond=0))
            out.append(Stamp(created, updated))
        return tuple(out)


_PRODUCTS = {p.id: p for p in products()}


def _with_findings(
    raws: list[_Raw], breaks: list[Break], guidance: Guidance, settings: Settings
) -> list[Intake]:
    """Each intake with its findings, as the journal works them out from all its entries.

    Findings are derived from the journal as it is (`journal.domain.sweep`), not
    remembered from when an intake was logged, so they are what the app stores.
    """
    doses = [
        Dose(r.at.utc, r.leaf.mg, r.estimate or r.leaf.estimate, r.at.offset_min, n)
        for n, r in enumerate(raws)
    ]
    found = sweep_findings(doses, {n: r.form for n, r in enumerate(raws)}, guidance, settings, breaks)
    out = []
    for n, r in enumerate(raws):
        findings = found[n]
        out.append(
            Intake(
                r.at,
                r.amount,
                r.unit,
                r.form,
                r.leaf.mg,
                r.product_id,
                r.estimate,
                r.leaf.estimate,
                r.notes,
                findings,
                None,
                r.created,
                r.created,
            )
        )
    return out
