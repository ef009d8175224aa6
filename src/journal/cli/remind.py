"""`journal remind list|set|off`: the reminders from a terminal, the same ones Settings shows.

They are stored in the journal (its settings), so they follow its encryption
and backups; a window open meanwhile picks a change up within a minute.
Reminders themselves come only while the window (or its tray icon) runs.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journal.cli.arguments import Parents
from journal.cli.output import emit
from journal.domain.reminders import (
    DAY_NAMES,
    PURPOSES,
    ReminderKind,
    days_text,
    parse_days,
    parse_time,
)
from journal.domain.times import Moment

if TYPE_CHECKING:
    from journal.service.journal import Journal
    from journal.service.reminders import Planned

NAMES = [kind.value for kind in ReminderKind]


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="list|set|off", required=True)
    listing = what.add_parser(
        "list", help="what is set, and when each is next due", parents=[parents.common, parents.json]
    )
    listing.set_defaults(func=remind_list)
    setting = what.add_parser(
        "set",
        help="turn a reminder on at a time (and days)",
        description="Turn a reminder on at TIME (24-hour, like 21:00) on the days given, or on the days "
        "it had. Reminders: " + "; ".join(f"{k.value}: {PURPOSES[k]}" for k in ReminderKind) + ".",
        parents=[parents.common, parents.json],
    )
    setting.add_argument("name", choices=NAMES, metavar="NAME", help=", ".join(NAMES))
    setting.add_argument("time", type=_time, metavar="TIME", help="like 21:00")
    setting.add_argument(
        "--days",
        type=_days,
        metavar="DAYS",
        help="daily, weekdays, weekends, or days like mon,wed,fri (not for break-end: "
        "it is on the break's planned last day)",
    )
    setting.set_defaults(func=remind_set)
    off = what.add_parser("off", help="turn a reminder off", parents=[parents.common, parents.json])
    off.add_argument("name", choices=NAMES, metavar="NAME", help=", ".join(NAMES))
    off.set_defaults(func=remind_off)


def _time(text: str) -> Any:
    from journal.domain.errors import InvalidInput

    try:
        return parse_time(text)
    except InvalidInput as err:
        raise argparse.ArgumentTypeError(err.message) from err


def _days(text: str) -> frozenset[int]:
    from journal.domain.errors import InvalidInput

    try:
        return parse_days(text)
    except InvalidInput as err:
        raise argparse.ArgumentTypeError(err.message) from err


def remind_list(journal: Journal, args: argparse.Namespace) -> int:
    schedule = journal.reminders.schedule()
    rows = [_row(journal, planned) for planned in schedule]
    lines = [_line(row) for row in rows]
    lines.append(
        "Reminders come while the journal's window or tray icon runs; set one: journal remind set NAME TIME"
    )
    return emit(args, {"reminders": rows}, lines)


def remind_set(journal: Journal, args: argparse.Namespace) -> int:
    kind = ReminderKind(args.name)
    if args.days is not None and kind is ReminderKind.BREAK_END:
        from journal.domain.errors import InvalidInput

        raise InvalidInput("days", "break-end comes on the break's planned last day: it takes no --days.")
    journal.reminders.set(kind, on=True, at=args.time, days=args.days)
    return _one(journal, kind, args)


def remind_off(journal: Journal, args: argparse.Namespace) -> int:
    kind = ReminderKind(args.name)
    journal.reminders.off(kind)
    return _one(journal, kind, args)


def _one(journal: Journal, kind: ReminderKind, args: argparse.Namespace) -> int:
    planned = next(p for p in journal.reminders.schedule() if p.reminder.kind is kind)
    row = _row(journal, planned)
    return emit(args, {"reminder": row}, [_line(row)])


def _iso(journal: Journal, value: datetime | None) -> str | None:
    if value is None:
        return None
    at = Moment.from_utc(value, journal.zone)
    return at.local.isoformat(timespec="minutes")


def _row(journal: Journal, planned: Planned) -> dict[str, Any]:
    reminder = planned.reminder
    kind = reminder.kind
    return {
        "name": kind.value,
        "title": reminder.title,
        "on": reminder.on,
        "time": f"{reminder.at:%H:%M}",
        "days": [DAY_NAMES[d] for d in sorted(reminder.days)] if reminder.uses_days else None,
        "next_due": _iso(journal, planned.next_due),
        "snoozed_until": _iso(journal, reminder.snoozed_until),
        "waiting": planned.waiting or None,
        "zone": journal.zone,
    }


def _line(row: dict[str, Any]) -> str:
    name = f"{row['name']:<14}"
    if not row["on"]:
        return f"{name} off"
    days = (
        "on the break's planned last day"
        if row["days"] is None
        else days_text(frozenset(DAY_NAMES.index(d) for d in row["days"]))
    )
    when = f"{row['time']} {days}"
    if row["next_due"] is not None:
        nxt = f"next {row['next_due'].replace('T', ' ')}"
    else:
        nxt = row["waiting"] or "not due as things stand"
    snoozed = f" (snoozed until {row['snoozed_until'].replace('T', ' ')})" if row["snoozed_until"] else ""
    return f"{name} on, {when}; {nxt}{snoozed}"
