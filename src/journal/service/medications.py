"""Other medications and substances: the Medications page, `journal meds`, summary and exports.

No interactions are checked (no source gives any); `advice()` is the cited
passage that says to tell a clinician about other medications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from journal.domain.entities import Citation
from journal.domain.errors import InvalidInput
from journal.domain.medications import SOURCE_FILE, SOURCE_SECTION, SOURCE_WORDS, Medication
from journal.storage.store import Store


class Medications:
    """`journal.medications`: list, add, correct and stop other medications."""

    def __init__(self, store: Store, today: Callable[[], date]) -> None:
        self._store = store
        self._today = today

    def all(self) -> list[Medication]:
        """Every medication reported, current and stopped, by name."""
        return self._store.medications()

    def current(self, on: date | None = None) -> list[Medication]:
        day = on or self._today()
        return [m for m in self.all() if m.current(day)]

    def stopped(self, on: date | None = None) -> list[Medication]:
        day = on or self._today()
        return [m for m in self.all() if not m.current(day)]

    def during(self, first: date, last: date) -> list[Medication]:
        """Those taken on some day of first..last (no dates: taken throughout)."""
        return [
            m
            for m in self.all()
            if (m.started is None or m.started <= last) and (m.stopped is None or m.stopped > first)
        ]

    def get(self, medication_id: int) -> Medication:
        return self._store.medication(medication_id)

    def add(self, medication: Medication) -> Medication:
        self._check_dates(medication)
        return self._store.add_medication(medication)

    def update(self, medication: Medication) -> Medication:
        self._check_dates(medication)
        return self._store.update_medication(medication)

    def stop(self, name: str, on: date | None = None) -> Medication:
        """Stop the current medication called `name` (ignoring case) on `on` (today)."""
        day = on or self._today()
        wanted = name.strip().casefold()
        found = [m for m in self.current(day) if m.name.strip().casefold() == wanted]
        if not found:
            raise InvalidInput("name", f"No current medication is called “{name.strip()}”.")
        if found[0].started is not None and found[0].started > day:
            raise InvalidInput("stopped", f"“{found[0].name}” starts after {day.isoformat()}.")
        return self._store.update_medication(replace(found[0], stopped=day))

    def _check_dates(self, medication: Medication) -> None:
        today = self._today()
        if medication.started is not None and medication.started > today:
            raise InvalidInput("started", "The start date is in the future.")


def advice() -> tuple[Citation, str] | None:
    """The cited passage on telling a clinician about other medications, and the source's short
    title (None if the sources data lacks it)."""
    from journal import resources

    try:
        source = resources.sources().by_file(SOURCE_FILE)
        claim = next(c for c in source.claims if SOURCE_WORDS in c.quote)
    except (KeyError, StopIteration):
        return None
    return Citation(source.file, SOURCE_SECTION, claim.quote), source.name
