"""Other medications and substances a person reports: what a clinician asks after "how much".

The journal records them as written (a dose such as "20 mg" or "2 puffs" is
kept as text) and checks no interactions: no source gives any. It quotes the
passage that says to tell a clinician about other medications instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from journal.domain.entities import check_note
from journal.domain.errors import InvalidInput

#: The longest name, dose, "how often" or reason kept (a line of text each).
MAX_FIELD = 200
#: The source passage quoted beside the list and in the clinician summary.
SOURCE_FILE = "002_8d8250643712a73f.txt"
SOURCE_WORDS = "other medications"
SOURCE_SECTION = (
    "Navigating Kratom Dosage, Safety Precautions, and Regulatory Considerations for Chronic Pain Sufferers"
)


def _line(text: str, field_name: str, label: str) -> None:
    if len(text) > MAX_FIELD:
        raise InvalidInput(field_name, f"{label} can be up to {MAX_FIELD} characters ({len(text)} typed).")
    if "\n" in text or "\r" in text:
        raise InvalidInput(field_name, f"{label} is one line.")


@dataclass(frozen=True, slots=True)
class Medication:
    """One medication or substance: dose and frequency as the person writes them, optional dates."""

    name: str
    dose: str = ""
    how_often: str = ""
    reason: str = ""
    started: date | None = None
    stopped: date | None = None
    notes: str = ""
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput("name", "Give the medication or substance a name.")
        _line(self.name, "name", "The name")
        _line(self.dose, "dose", "The dose")
        _line(self.how_often, "how_often", "How often")
        _line(self.reason, "reason", "The reason")
        check_note(self.notes)
        if self.started is not None and self.stopped is not None and self.stopped < self.started:
            raise InvalidInput("stopped", "The stop date is before the start date.")

    def current(self, on: date) -> bool:
        """Taken on `on`: not stopped by then (a stop date in the future still counts as current)."""
        return self.stopped is None or self.stopped > on

    def dose_text(self) -> str:
        """Dose and frequency in one phrase, as written ("20 mg, twice a day")."""
        return ", ".join(part for part in (self.dose.strip(), self.how_often.strip()) if part)

    def dates_text(self) -> str:
        """ "since 2026-03-01", "2026-03-01 to 2026-05-02", "stopped 2026-05-02" or ""."""
        started = self.started.isoformat() if self.started else ""
        stopped = self.stopped.isoformat() if self.stopped else ""
        if started and stopped:
            return f"{started} to {stopped}"
        if stopped:
            return f"stopped {stopped}"
        return f"since {started}" if started else ""


def parse_day(text: str, field_name: str) -> date | None:
    """A date typed as YYYY-MM-DD, or None for an empty field."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field_name, f"“{text}” is not a date: write it as YYYY-MM-DD.") from None
