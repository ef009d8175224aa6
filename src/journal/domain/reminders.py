"""Reminders: what is set, when each is next due, and what a notification may say.

Pure rules with the clock passed in. A reminder is at a wall-clock time on
chosen days in the person's zone: on a day the clocks go forward, a time in
the skipped hour comes that much later (02:30 becomes 03:30); on a day they go
back, a time that happens twice counts once, the first time. A reminder is due
when its latest scheduled time is past and after the moment it was last shown
(or turned on): however many of its times passed while the computer was off or
asleep, it is shown once. A snoozed reminder is due again at the time it was
snoozed to, and not before.

What a notification says follows the person's choice: no amounts or symptoms
unless they allowed them, and with the journal locked nothing but "a check-in
is due".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from journal.domain.amounts import format_g
from journal.domain.errors import InvalidInput
from journal.domain.times import get_zone


class ReminderKind(StrEnum):
    """The reminders, by the names the command line uses."""

    DAILY_CHECKIN = "daily-checkin"
    WEEKLY_PAIN = "weekly-pain"
    BREAK_CHECKIN = "break-checkin"
    BREAK_END = "break-end"


class Snooze(StrEnum):
    HOUR = "hour"
    TOMORROW = "tomorrow"


#: Monday is 0, as in `date.weekday()`.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = frozenset(range(7))
SNOOZE_HOUR = timedelta(hours=1)
#: Shown this long after its time, a reminder says it was missed (the computer was off or asleep).
LATE_AFTER = timedelta(minutes=15)

TITLES = {
    ReminderKind.DAILY_CHECKIN: "Evening check-in",
    ReminderKind.WEEKLY_PAIN: "Weekly pain check-in",
    ReminderKind.BREAK_CHECKIN: "Break check-in",
    ReminderKind.BREAK_END: "End of your planned break",
}
#: What each is for, in Settings and `journal remind list`.
PURPOSES = {
    ReminderKind.DAILY_CHECKIN: "anything to log today? Shows today's entries so you can add what is missing",
    ReminderKind.WEEKLY_PAIN: "pain, PEG and mood once a week",
    ReminderKind.BREAK_CHECKIN: "during a break: cravings and withdrawal, and how far to the planned end",
    ReminderKind.BREAK_END: "on the planned last day of a break",
}
#: The journal locked: a notification says this and nothing more.
LOCKED_TITLE = "Kratom Journal"
LOCKED_BODY = "A check-in is due."


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder: whether it is on, its time and days, and what happened to it so far.

    `since` is when it was last turned on or changed (times before it never
    count), `handled` when it was last shown or dealt with, `snoozed_until`
    when a snoozed reminder comes back. All three are UTC instants.
    A break's end has no days: it is on the break's planned last day.
    """

    kind: ReminderKind
    on: bool = False
    at: time = time(21, 0)
    days: frozenset[int] = EVERY_DAY
    since: datetime | None = None
    handled: datetime | None = None
    snoozed_until: datetime | None = None

    def __post_init__(self) -> None:
        if not self.days or not self.days <= EVERY_DAY:
            raise InvalidInput("days", "Choose at least one day of the week.")
        if self.at.second or self.at.microsecond or self.at.tzinfo is not None:
            raise InvalidInput("time", "A reminder's time is hours and minutes, like 21:00.")
        for name in ("since", "handled", "snoozed_until"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() != timedelta(0)):
                raise ValueError(f"Reminder.{name} must be an aware UTC datetime")

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def uses_days(self) -> bool:
        return self.kind is not ReminderKind.BREAK_END


DEFAULTS: dict[ReminderKind, Reminder] = {
    ReminderKind.DAILY_CHECKIN: Reminder(ReminderKind.DAILY_CHECKIN, at=time(21, 0)),
    ReminderKind.WEEKLY_PAIN: Reminder(ReminderKind.WEEKLY_PAIN, at=time(19, 0), days=frozenset({6})),
    ReminderKind.BREAK_CHECKIN: Reminder(ReminderKind.BREAK_CHECKIN, at=time(20, 0)),
    ReminderKind.BREAK_END: Reminder(ReminderKind.BREAK_END, at=time(9, 0)),
}


@dataclass(frozen=True, slots=True)
class TrayChoices:
    """The tray's and the notifications' choices; every one off until the person turns it on."""

    #: Closing the window keeps the journal in the tray (where the desktop has one).
    close_to_tray: bool = False
    #: The person has been told, once, where the journal went when the window closed.
    told_tray: bool = False
    #: Amounts (and the presets' amounts) in the tray's tooltip and menu.
    details_in_tray: bool = False
    #: Amounts and symptoms in notifications, which show on the lock screen and to anyone nearby.
    details_in_notifications: bool = False


@dataclass(frozen=True, slots=True)
class RunningBreak:
    """What the rules need of a running break: when it started and its planned last day."""

    start: datetime
    planned_end: date | None = None


@dataclass(frozen=True, slots=True)
class Due:
    """A reminder to show now: the scheduled (or snoozed-to) time it is for."""

    kind: ReminderKind
    scheduled: datetime
    snoozed: bool = False
    #: Shown well after its time: it came due while the computer was off or asleep.
    late: bool = False


# -- when ---------------------------------------------------------------------------------


def instant(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`.

    A time the clocks skip comes as much later as the gap (02:30 on the night
    summer time starts is 03:30); a time that happens twice is the first.
    """
    return datetime.combine(day, at).replace(tzinfo=get_zone(zone), fold=0).astimezone(UTC)


def local_date(utc: datetime, zone: str) -> date:
    return utc.astimezone(get_zone(zone)).date()


def applies(reminder: Reminder, running: RunningBreak | None) -> bool:
    """Whether the reminder has anything to remind of: the break ones only during a break."""
    if reminder.kind is ReminderKind.BREAK_CHECKIN:
        return running is not None
    if reminder.kind is ReminderKind.BREAK_END:
        return running is not None and running.planned_end is not None
    return True


def _scheduled_on(reminder: Reminder, day: date, running: RunningBreak | None, zone: str) -> datetime | None:
    """The reminder's time on `day`, if it is scheduled that day."""
    if reminder.kind is ReminderKind.BREAK_END:
        if running is None or running.planned_end != day:
            return None
        return instant(day, reminder.at, zone)
    if day.weekday() not in reminder.days:
        return None
    at = instant(day, reminder.at, zone)
    if reminder.kind is ReminderKind.BREAK_CHECKIN and (running is None or at <= running.start):
        return None  # only the days of the break, from its start on
    return at


def _days_around(now: datetime, zone: str, step: int) -> Iterator[date]:
    """Local days from the day before `now`'s (so a time across midnight is not missed), 9 of them."""
    today = local_date(now, zone)
    for n in range(-1, 8):
        yield today + timedelta(days=n * step)


def latest_scheduled(
    reminder: Reminder, running: RunningBreak | None, zone: str, now: datetime
) -> datetime | None:
    """The latest scheduled time at or before `now` (within the last week), or None."""
    if reminder.kind is ReminderKind.BREAK_END:
        if running is None or running.planned_end is None:
            return None
        at = instant(running.planned_end, reminder.at, zone)
        return at if at <= now else None
    times = (_scheduled_on(reminder, day, running, zone) for day in _days_around(now, zone, -1))
    return max((t for t in times if t is not None and t <= now), default=None)


def next_scheduled(
    reminder: Reminder, running: RunningBreak | None, zone: str, now: datetime
) -> datetime | None:
    """The first scheduled time after `now`, or None (off, or nothing to remind of)."""
    if reminder.kind is ReminderKind.BREAK_END:
        if running is None or running.planned_end is None:
            return None
        at = instant(running.planned_end, reminder.at, zone)
        return at if at > now else None
    times = (_scheduled_on(reminder, day, running, zone) for day in _days_around(now, zone, 1))
    return min((t for t in times if t is not None and t > now), default=None)


def _done_until(reminder: Reminder) -> datetime | None:
    marks = [t for t in (reminder.since, reminder.handled) if t is not None]
    return max(marks, default=None)


def due(reminder: Reminder, running: RunningBreak | None, zone: str, now: datetime) -> Due | None:
    """The reminder to show at `now`, or None: once for its latest time, however many were missed."""
    if not reminder.on or not applies(reminder, running):
        return None
    if reminder.snoozed_until is not None:
        if now < reminder.snoozed_until:
            return None
        return Due(
            reminder.kind,
            reminder.snoozed_until,
            snoozed=True,
            late=now - reminder.snoozed_until > LATE_AFTER,
        )
    latest = latest_scheduled(reminder, running, zone, now)
    done = _done_until(reminder)
    if latest is None or (done is not None and latest <= done):
        return None
    return Due(reminder.kind, latest, late=now - latest > LATE_AFTER)


def next_due(reminder: Reminder, running: RunningBreak | None, zone: str, now: datetime) -> datetime | None:
    """When the reminder will next be shown: now if it is due, None if it will not be as things stand."""
    if not reminder.on or not applies(reminder, running):
        return None
    if due(reminder, running, zone, now) is not None:
        return now
    if reminder.snoozed_until is not None:
        return reminder.snoozed_until
    after = max(now, _done_until(reminder) or now)
    return next_scheduled(reminder, running, zone, after)


# -- what happens to a reminder --------------------------------------------------------------


def shown(reminder: Reminder, now: datetime) -> Reminder:
    """Shown (or dealt with) at `now`: every time up to now is done, and a snooze is over."""
    return replace(reminder, handled=now, snoozed_until=None)


def snoozed(reminder: Reminder, how: Snooze, zone: str, now: datetime) -> Reminder:
    """Back in an hour, or tomorrow at its own time (even on a day it is not set for)."""
    if how is Snooze.HOUR:
        until = now + SNOOZE_HOUR
    else:
        until = instant(local_date(now, zone) + timedelta(days=1), reminder.at, zone)
    return replace(reminder, handled=now, snoozed_until=until)


def changed(reminder: Reminder, now: datetime, *, on: bool, at: time, days: frozenset[int]) -> Reminder:
    """Turned on or off, or set to another time or days.

    A reminder turned on, or moved, starts counting from now: a time earlier
    today does not fire at once.
    """
    new = replace(reminder, on=on, at=at, days=days)
    if on and (not reminder.on or at != reminder.at or days != reminder.days):
        new = replace(new, since=now, snoozed_until=None)
    if not on:
        new = replace(new, snoozed_until=None)
    return new


# -- words -----------------------------------------------------------------------------------


def days_text(days: frozenset[int]) -> str:
    """'every day', 'weekdays', 'weekends', or 'Mon, Wed, Fri'."""
    if days == EVERY_DAY:
        return "every day"
    if days == frozenset(range(5)):
        return "weekdays"
    if days == frozenset({5, 6}):
        return "weekends"
    if len(days) == 1:
        return f"{DAY_WORDS[next(iter(days))]}s"
    return ", ".join(DAY_WORDS[d][:3] for d in sorted(days))


def parse_days(text: str) -> frozenset[int]:
    """'daily', 'weekdays', 'weekends', or names like 'mon,wed,fri' (any case, commas or spaces)."""
    words = text.lower().replace("every day", "daily").replace(",", " ").split()
    special = {
        "daily": EVERY_DAY,
        "every": EVERY_DAY,
        "weekdays": frozenset(range(5)),
        "weekends": frozenset({5, 6}),
    }
    days: set[int] = set()
    for word in words:
        if word in special:
            days |= special[word]
            continue
        match = [i for i, name in enumerate(DAY_WORDS) if name.lower().startswith(word)]
        if len(word) < 2 or len(match) != 1:
            raise InvalidInput(
                "days", f"“{word}” is not a day. Use mon, tue, wed, thu, fri, sat, sun, weekdays or daily."
            )
        days.add(match[0])
    if not days:
        raise InvalidInput("days", "Choose at least one day of the week.")
    return frozenset(days)


def parse_time(text: str) -> time:
    """'21:00', '9:30' or '0930' as a time of day."""
    cleaned = text.strip().replace(".", ":")
    if ":" not in cleaned and cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    hours, _, minutes = cleaned.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2) or not (
        0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59
    ):
        raise InvalidInput("time", f"“{text}” is not a time of day. Use hours and minutes, like 21:00.")
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class Facts:
    """What a notification may add when the person allows details (all optional)."""

    intakes_today: int = 0
    grams_today_mg: int = 0
    checkins_today: int = 0
    last_pain: str = ""
    #: (day N, of M planned or None) of a running break.
    break_day: tuple[int, int | None] | None = None
    planned_end: date | None = None
    #: Latest ratings of cravings and withdrawal, in words ("cravings moderate").
    break_ratings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str


def _date_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"{DAY_WORDS[day.weekday()]} {day.day} {day:%B}"


def message(item: Due, facts: Facts, today: date, *, details: bool, locked: bool) -> Message:
    """What the notification says. Amounts and symptoms only with `details`; locked, nothing personal."""
    if locked:
        return Message(LOCKED_TITLE, LOCKED_BODY)
    kind = item.kind
    title = TITLES[kind]
    missed = " (It was due while the computer was off or asleep.)" if item.late and not item.snoozed else ""
    if kind is ReminderKind.DAILY_CHECKIN:
        body = "Anything to log today? Open the journal to see today's entries and add what is missing."
        if details:
            done = [f"{facts.intakes_today} intake{'s' if facts.intakes_today != 1 else ''}"]
            if facts.intakes_today:
                done[0] += f" ({format_g(facts.grams_today_mg)})"
            done.append(f"{facts.checkins_today} check-in{'s' if facts.checkins_today != 1 else ''}")
            body = f"Logged today: {' and '.join(done)}. Anything missing?"
    elif kind is ReminderKind.WEEKLY_PAIN:
        body = "How has pain been this week? Pain, PEG and mood take a minute."
        if details and facts.last_pain:
            body += f" Last time: {facts.last_pain}."
    elif kind is ReminderKind.BREAK_CHECKIN:
        body = "How are cravings and withdrawal today? A quick check-in helps you see how the break goes."
        body = _break_days(facts, today) + body
        if details and facts.break_ratings:
            body += f" Last rated: {', '.join(facts.break_ratings)}."
    else:
        end = facts.planned_end
        when = _date_words(end, today) if end is not None else "today"
        verb = "ended" if end is not None and end < today else "ends"
        body = (
            f"Your planned break {verb} {when}. End it in the journal, or keep going and set a new goal date."
        )
        if facts.break_day is not None:
            body = f"Day {facts.break_day[0]}. " + body
    return Message(title, body + missed)


def _break_days(facts: Facts, today: date) -> str:
    if facts.break_day is None:
        return ""
    n, planned = facts.break_day
    text = f"Day {n} of {planned} of your break" if planned else f"Day {n} of your break"
    if facts.planned_end is not None:
        left = (facts.planned_end - today).days
        end = _date_words(facts.planned_end, today)
        text += f"; planned to end {end}" + (f" ({left} days to go)" if left > 1 else "")
    return text + ". "
