"""What exports, imports and the demonstration journal need: `journal.transfer`.

Whole-journal reads with the created and updated times the entities do not
all carry, and writing many entries in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from journal.domain.batch import NewEntries
from journal.domain.entities import Intake, PainCheckin, Product, Stamp, SymptomEntry
from journal.domain.guidance import Guidance
from journal.domain.progress import Progress
from journal.storage import bulk
from journal.storage.store import Store

#: Tables by the names exports use for them.
TABLES = tuple(bulk.STAMPED_TABLES)


class Transfer:
    def __init__(self, store: Store, guidance: Guidance) -> None:
        self._store = store
        self._guidance = guidance

    def stamps(self, table: str) -> dict[int, Stamp]:
        """Created and updated time of every row of `table` (one of TABLES), by id."""
        return bulk.stamps(self._store, table)

    def deleted_products_in_use(self) -> list[tuple[Product, datetime]]:
        """Deleted products a live intake still names, with their deleted time."""
        return bulk.deleted_products_in_use(self._store)

    def symptoms(self) -> list[tuple[SymptomEntry, Stamp]]:
        """Every live symptom rating with its created and updated times, oldest first, in bulk."""
        return bulk.stamped_symptoms(self._store)

    def pain(self) -> list[tuple[PainCheckin, Stamp]]:
        """Every live pain check-in with its created and updated times, oldest first, in bulk."""
        return bulk.stamped_pain(self._store)

    def intakes(self) -> list[Intake]:
        """Every live intake with its findings, oldest first, read in bulk (what an export writes)."""
        return bulk.all_intakes(self._store)

    def intakes_between(self, start: datetime, end: datetime) -> list[Intake]:
        """Live intakes with start <= time < end, without their findings: what an import matches against."""
        return bulk.intakes_between(self._store, start, end)

    def fingerprint(self) -> tuple[Any, ...]:
        """A value that changes whenever the journal does (any commit, from this process or another).

        Cheap: an import's preview keeps it, and the write compares it under the
        write lock instead of planning again.
        """
        return bulk.fingerprint(self._store)

    def existing(self) -> dict[str, int]:
        """How many entries of each kind the journal holds (deleted ones included), if any."""
        return bulk.existing_entries(self._store)

    @staticmethod
    def describe(counts: Mapping[str, int]) -> str:
        """ "12 intakes, 3 breaks" """
        return bulk.describe(counts)

    def add_entries(self, decide: Callable[[], NewEntries | None], progress: Progress | None = None) -> None:
        """Add what `decide` says, deciding it under the journal's write lock.

        `decide` reads through the journal meanwhile and sees it as committed,
        which nobody else can change until the entries are written; it may
        raise to write nothing. The findings of every intake the new entries
        reach are worked out with this journal's rules in the same transaction.
        `progress` gets (done, total) as findings are worked out and rows written.
        """
        added: list[str] = []
        try:
            with bulk.write_lock(self._store) as con:
                new = decide()
                if new and new.photos:
                    # Pictures first, under the same write lock: no clean-up can remove them before
                    # their entries are in.
                    added = self._store.put_pictures([item.image for item in new.photos])
                if new:
                    if progress is None:
                        bulk.insert_entries(con, new, self._guidance)
                    else:
                        bulk.insert_entries(con, new, self._guidance, progress=progress)
        except BaseException:
            if added:  # the entries were not written: the pictures only they named go again
                self._store.drop_pictures(added)
            raise

    def fill_empty(self, new: NewEntries, only: str) -> None:
        """Write entries into an empty journal, all or nothing.

        Raises ValueError if the journal has entries (`only` says why it must
        not: "a demonstration journal is only written into an empty one") or
        an entry names a symptom the catalogue lacks; nothing is written then.
        """
        try:
            bulk.fill_empty(self._store, new)
        except bulk.NotEmpty as err:
            raise ValueError(f"{err}; {only}") from err
