"""The demonstration's story, simulated day by day from a seed.

It returns plain domain values (`values.DemoJournal`); nothing here touches a
database or Qt.

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
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from journal.domain.entities import (
    Break,
    Form,
    Intake,
    Settings,
    Stamp,
    Unit,
    leaf_amount,
)
from journal.domain.guidance import Dose, Guidance
from journal.domain.sweep import sweep_findings
from journal.domain.times import get_zone
from journal.service.demo.body import Body
from journal.service.demo.parameters import (
    ABANDONED,
    INTAKE_NOTES,
    KEPT,
    MAX_LAG,
    PATTERNS,
    PLANNED_DAYS,
    PLANNED_WEIGHTS,
    REASONS,
    SLOTS,
    UNPLANNED,
    OpenBreak,
    Raw,
)
from journal.service.demo.values import (
    CAPS,
    EXTRACT,
    GREEN,
    RED,
    WHITE,
    YEAR_DAYS,
    DemoJournal,
    products,
)

_POWDERS = (WHITE, RED, GREEN)


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
    sim = Simulation(random.Random(seed), zone, end.astimezone(UTC).replace(microsecond=0), years)
    sim.run()
    return sim.result(seed, guidance, settings or Settings())


# -- the simulation -------------------------------------------------------------------------


class Simulation(Body):
    """Lives the person's days one after another and records what they logged."""

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
        slots = [SLOTS[name] for name in PATTERNS[n]]
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

    def take(self, day: date, doses: list[tuple[str, float, float]]) -> list[int]:
        """Record the day's intakes; returns each one's leaf milligrams (0 if not counted)."""
        rng = self.rng
        if self.phase_left <= 0:
            early = len(self.grams) - MAX_LAG - 31 < 0.3 * len(self.days)
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
            note = rng.choice(INTAKE_NOTES) if rng.random() < 0.04 else ""
            if slot == "night" and rng.random() < 0.5:
                note = "couldn't sleep"
            self.raw.append(Raw(at, amount, unit, form, product_id, leaf, estimate, note, self.created(at)))
            taken.append(leaf.mg or 0)
        return taken

    def slip(self) -> list[tuple[str, float, float]]:
        """One dose during a break that then carries on."""
        return [("evening", SLOTS["evening"].minute + self.rng.gauss(0, 60), self.rng.uniform(2, 4))]

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
            length = rng.choices(PLANNED_DAYS, PLANNED_WEIGHTS)[0]
            planned = day + timedelta(days=length)
            keep = max(0.15, min(0.85, 0.8 - 0.025 * length - 0.05 * max(0.0, self.tolerance - 7)))
            kept = rng.random() < keep
            if not kept:
                length = min(length - 1, 1 + int((length - 1) * rng.random() ** 1.5))
        reason = rng.choice(REASONS)
        if reason == "more hair in the shower drain" and self.hair_skin("hair-shedding") == 0:
            reason = "tolerance is creeping up"
        self.open = OpenBreak(start, day, planned, day + timedelta(days=length), kept, reason, self.tolerance)
        return True

    def end_break(self, index: int, day: date, minute: float | None) -> float | None:
        """End the running break today; returns the minute it ended (None if after the journal's end)."""
        rng = self.rng
        brk = self.open
        assert brk is not None
        if minute is None:  # gave in: ended just before the first dose
            minute = SLOTS["morning"].minute + rng.gauss(60, 90)
        end = self.moment(self.at(day, minute))
        if end.utc > self.end:
            return None
        if brk.planned_end is None:
            outcome = rng.choice(UNPLANNED)
        elif brk.kept:
            outcome = rng.choice(KEPT)
        else:
            outcome = rng.choice(ABANDONED)
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
    raws: list[Raw], breaks: list[Break], guidance: Guidance, settings: Settings
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
