"""The demonstration's person: their state day by day, and how hair, skin and pain follow their use.

`story.Simulation` lives their days on top of this: doses, breaks, the journal they keep.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta

from journal.domain.entities import (
    Break,
    Form,
    PainCheckin,
    Severity,
    Stamp,
    SymptomEntry,
)
from journal.domain.errors import InvalidInput
from journal.domain.times import Fold, Moment, get_zone, resolve_local
from journal.service.demo.parameters import (
    HAIR_SKIN_RULES,
    MAX_LAG,
    PAIN_NOTES,
    SYMPTOM_NOTES,
    OpenBreak,
    Raw,
)
from journal.service.demo.values import HAIR_SKIN, RED, YEAR_DAYS


class Body:
    """The person: their state, their clock, and how their body responds to what they take."""

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
        self.susceptible = {h.key: rng.uniform(0.7, 1.3) for h in HAIR_SKIN_RULES}
        self.main_area = {h.key: h.areas[0] for h in HAIR_SKIN_RULES}
        # Grams per day, padded before the first day with the use the person had already.
        self.grams: list[float] = [self.tolerance * 0.95] * (MAX_LAG + 31)
        self.sums: list[float] = [0.0]
        for g in self.grams:
            self.sums.append(self.sums[-1] + g)
        self.phase_product = RED
        self.phase_left = 0
        self.open: OpenBreak | None = None
        self.last_break_end = -30
        self.week_pain: list[int] = []

        self.raw: list[Raw] = []
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
        if not note and key in SYMPTOM_NOTES and severity > 0 and self.rng.random() < 0.06:
            note = self.rng.choice(SYMPTOM_NOTES[key])
        when = self.created(at) if created is None else max(at.utc, min(created, self.end))
        self.symptoms.append(
            SymptomEntry(key, at, Severity(max(0, min(4, severity))), area, note, None, when)
        )

    def move_symptoms(self, day: date) -> None:
        """Hair and skin follow the 30-day average use, weeks later."""
        rng = self.rng
        season = math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / YEAR_DAYS)  # peaks in summer
        for h in HAIR_SKIN_RULES:
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
        for n, h in enumerate(HAIR_SKIN_RULES):
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
        note = rng.choice(PAIN_NOTES) if rng.random() < 0.06 else ""
        self.pain.append(PainCheckin(at, pain, items, mood, note, None, self.created(at)))

    def flare(self) -> float:
        return 2.0 if self.flare_days > 0 else 0.0
