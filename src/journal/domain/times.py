"""Moments in time: a UTC instant plus the zone and offset it was recorded in.

Order and rolling windows use the UTC instant; daily totals use the local
calendar day the person lived, with a configurable hour at which a day starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.domain.errors import InvalidInput

#: A time more than this far in the future is a typo, not a plan.
FUTURE_TOLERANCE = timedelta(minutes=10)
#: An entry logged this long after the time it describes is "entered later".
LATE_AFTER = timedelta(hours=12)
_ZERO = timedelta(0)


class Fold(StrEnum):
    """How to read a wall-clock time that happens twice when clocks go back."""

    ASK = "ask"
    EARLIER = "earlier"
    LATER = "later"


@dataclass(frozen=True, slots=True)
class Moment:
    """An instant with the zone name and UTC offset (minutes) in force there."""

    utc: datetime
    zone: str
    offset_min: int

    def __post_init__(self) -> None:
        zone = self.utc.tzinfo
        if zone is not UTC and (zone is None or self.utc.utcoffset() != _ZERO):
            raise ValueError("Moment.utc must be an aware UTC datetime")

    @property
    def local(self) -> datetime:
        """Wall-clock time as it was where and when the entry was made."""
        return (self.utc + timedelta(minutes=self.offset_min)).replace(tzinfo=None)

    @classmethod
    def from_utc(cls, utc: datetime, zone: str) -> Moment:
        """The moment `utc` as seen in `zone`."""
        aware = utc.astimezone(UTC)
        offset = aware.astimezone(get_zone(zone)).utcoffset() or timedelta(0)
        return cls(aware, zone, int(offset.total_seconds() // 60))


def get_zone(name: str) -> ZoneInfo:
    """ZoneInfo for an IANA name, with a clear message when it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise InvalidInput("zone", f"Unknown time zone “{name}”.") from err


def resolve_local(naive: datetime, zone: str, fold: Fold = Fold.ASK) -> Moment:
    """Turn a wall-clock time typed by a person into a Moment, explicitly.

    A time that does not exist (clocks jumped forward) is refused. A time that
    happens twice (clocks went back) is refused under Fold.ASK with a message
    naming both offsets; EARLIER or LATER pick one.
    """
    if naive.tzinfo is not None:
        raise ValueError("resolve_local expects a naive wall-clock time")
    tz = get_zone(zone)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise InvalidInput(
            "time",
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks jumped forward "
            "that night. Pick a time before or after the gap.",
        )
    off0, off1 = first.utcoffset(), second.utcoffset()
    if off0 != off1:
        if fold is Fold.ASK:
            raise InvalidInput(
                "time",
                f"{naive:%Y-%m-%d %H:%M} happened twice in {zone} (the clocks went back): "
                f"say which, with offset {_fmt_offset(off0)} (earlier) or "
                f"{_fmt_offset(off1)} (later).",
            )
        chosen = first if fold is Fold.EARLIER else second
    else:
        chosen = first
    return Moment.from_utc(chosen.astimezone(UTC), zone)


def _fmt_offset(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_when(text: str, zone: str, now: datetime, fold: Fold = Fold.ASK) -> Moment:
    """Parse an ISO 8601 time typed by a person, local to `zone` unless it has an offset."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise InvalidInput("time", f"“{text}” is not a time. Use the form 2026-03-01T08:30.") from err
    moment = resolve_local(parsed, zone, fold) if parsed.tzinfo is None else Moment.from_utc(parsed, zone)
    check_not_future(moment, now)
    return moment


def check_not_future(moment: Moment, now: datetime) -> None:
    """Refuse times more than ten minutes ahead of `now`."""
    if moment.utc - now.astimezone(UTC) > FUTURE_TOLERANCE:
        raise InvalidInput("time", "That time is in the future. Log things once they happened.")


def local_day(utc: datetime, offset_min: int, day_start_hour: int = 0) -> date:
    """The journal day an instant belongs to, with days starting at `day_start_hour`."""
    return (utc + timedelta(minutes=offset_min - day_start_hour * 60)).date()


def is_entered_later(moment: Moment, created: datetime) -> bool:
    """True when an entry was logged more than 12 hours after the time it describes."""
    return created.astimezone(UTC) - moment.utc > LATE_AFTER
