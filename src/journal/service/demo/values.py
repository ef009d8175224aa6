"""The demonstration journal as values: what it holds, its products, and a summary of it.

`story.py` makes one from a seed; `writing.py` writes one into a journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from journal.domain.entities import (
    Break,
    Form,
    Intake,
    PainCheckin,
    Product,
    Stamp,
    SymptomEntry,
)
from journal.domain.guidance import Dose, Guidance
from journal.domain.stats import daily_max_rolling
from journal.domain.times import Moment, is_entered_later

YEAR_DAYS = 365.25
#: Keys of the symptom catalogue the demonstration uses (resources/symptoms.json).
HAIR_SKIN = ("hair-shedding", "hair-thinning", "dry-skin", "itching", "hyperpigmentation")
SYMPTOM_KEYS = (*HAIR_SKIN, "nausea", "constipation", "dizziness", "cravings", "withdrawal", "dependence")

# Product ids are local to a DemoJournal (1..n); the writer maps them to real ones.
WHITE, RED, GREEN, CAPS, EXTRACT = 1, 2, 3, 4, 5
_POWDERS = (WHITE, RED, GREEN)


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
