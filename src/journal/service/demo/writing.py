"""Writing a demonstration journal into an empty journal, in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from journal.domain.batch import NewEntries
from journal.domain.entities import Stamp
from journal.service.demo.values import DemoJournal

if TYPE_CHECKING:
    from journal.service.journal import Journal

EMPTY_ONLY = "a demonstration journal is only written into an empty one"


def new_entries(demo: DemoJournal) -> NewEntries:
    """The demonstration's entries as new ones: its product ids 1..n become placeholders -1..-n."""
    ids = {p.id for p in demo.products}
    for intake in demo.intakes:
        if intake.product_id is not None and intake.product_id not in ids:
            raise ValueError(f"an intake refers to product {intake.product_id}, which the demo does not have")

    def placeholder(product_id: int | None) -> int | None:
        return None if product_id is None else -product_id

    return NewEntries(
        products=[
            (replace(p, id=placeholder(p.id)), stamp, None)
            for p, stamp in zip(demo.products, demo.product_stamps, strict=True)
        ],
        intakes=[replace(i, product_id=placeholder(i.product_id)) for i in demo.intakes],
        symptoms=[(e, _once(e.created, "symptom entry")) for e in demo.symptoms],
        pain=[(c, _once(c.created, "pain check-in")) for c in demo.pain],
        breaks=list(zip(demo.breaks, demo.break_stamps, strict=True)),
    )


def _once(created: datetime | None, what: str) -> Stamp:
    """Created and never changed since."""
    if created is None:
        raise ValueError(f"every {what} needs its created time")
    return Stamp(created, created)


def write_demo(journal: Journal, demo: DemoJournal) -> None:
    """Write a generated journal into `journal`, which must be empty, all or nothing.

    Raises ValueError, writing nothing, if the journal already has entries (so a
    demonstration never mixes with a person's own records) or the demo uses a
    symptom the catalogue lacks.
    """
    journal.transfer.fill_empty(new_entries(demo), EMPTY_ONLY)
