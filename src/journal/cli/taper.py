"""`journal taper set|show|end`: your own taper plan from a terminal (never guidance).

A plan steps from a start amount towards a target by a step every so many days,
or follows a day-by-day table (`--day DATE=G`, repeated, or `--table FILE`, a CSV
of day,grams lines); setting a new one ends the running one. `show` says today's planned amount,
what was taken and what is left, and the days kept so far.
"""

from __future__ import annotations

import argparse
import csv
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import emit
from journal.domain.amounts import format_g
from journal.domain.errors import InvalidInput
from journal.domain.taper import TaperPlan

if TYPE_CHECKING:
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="set|show|end", required=True)
    put = what.add_parser(
        "set", help="set your plan (the running one ends)", parents=[parents.common, parents.json]
    )
    put.add_argument("--start", metavar="G", help="grams a day to start from")
    put.add_argument("--target", metavar="G", help="grams a day to reach (0 to stop)")
    put.add_argument("--step", metavar="G", help="grams less (or more) at each step")
    put.add_argument("--every", type=_days, metavar="DAYS", help="days between steps")
    put.add_argument(
        "--from", dest="first", type=arguments.day, metavar="DATE", help="first day (default today)"
    )
    put.add_argument(
        "--day",
        dest="days",
        action="append",
        type=_table_day,
        metavar="DATE=G",
        help="a day-by-day table instead of a step: grams from that day on (repeat, days in order)",
    )
    put.add_argument(
        "--table", type=Path, metavar="FILE", help="a day-by-day table from a CSV file of day,grams lines"
    )
    put.set_defaults(func=taper_set)
    show = what.add_parser("show", help="your plan today and so far", parents=[parents.common, parents.json])
    show.set_defaults(func=taper_show)
    end = what.add_parser("end", help="end your running plan today", parents=[parents.common, parents.json])
    end.set_defaults(func=taper_end)


def _days(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--every must be at least 1 day")
    return value


def _table_day(text: str) -> tuple[str, str]:
    day, sep, grams = text.partition("=")
    if not sep or not day.strip() or not grams.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not DATE=G, e.g. 2026-03-01=7.5")
    return day.strip(), grams.strip()


def read_table(path: Path) -> list[tuple[str, str]]:
    """The rows of a CSV of day,grams lines (a first line "day,grams" is a header and skipped)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InvalidInput("table", f"Cannot read the table {path}: {err.strerror or err}.") from None
    except UnicodeDecodeError:
        raise InvalidInput("table", f"Cannot read the table {path}: it is not UTF-8 text.") from None
    rows: list[tuple[str, str]] = []
    for n, cells in enumerate(csv.reader(text.splitlines()), 1):
        if not cells or not "".join(cells).strip():
            continue
        if n == 1 and cells[0].strip().casefold() in ("day", "date"):
            continue
        if len(cells) != 2:
            raise InvalidInput(
                "table", f"Line {n} of {path.name}: give a day and grams, like 2026-03-01,7.5."
            )
        rows.append((cells[0], cells[1]))
    return rows


def plan_dict(plan: TaperPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "start_g": format(plan.start_g, "f"),
        "target_g": format(plan.target_g, "f"),
        "step_g": format(plan.step_g, "f"),
        "every_days": plan.every_days,
        "first_day": plan.first_day.isoformat(),
        "ended": plan.ended.isoformat() if plan.ended else None,
        "paused": plan.paused,
        "pauses": [[p.start.isoformat(), p.end.isoformat() if p.end else None] for p in plan.pauses],
        "days": [[day.isoformat(), format(grams, "f")] for day, grams in plan.table] if plan.table else None,
        "basis": "your plan",
    }


def taper_set(journal: Journal, args: argparse.Namespace) -> int:
    steps = {"--start": args.start, "--target": args.target, "--step": args.step, "--every": args.every}
    if args.days or args.table:
        given = [name for name, value in steps.items() if value is not None]
        if given or args.first is not None:
            raise InvalidInput(
                "table",
                f"A day-by-day table sets every amount itself: leave out {', '.join(given) or '--from'}.",
            )
        if args.days and args.table:
            raise InvalidInput("table", "Give the table with --day or with --table, not both.")
        rows = read_table(args.table) if args.table else args.days
        plan = journal.taper.set_table(rows)
    else:
        missing = [name for name, value in steps.items() if value is None]
        if missing:
            raise InvalidInput(
                "step",
                f"Give {', '.join(missing)} (or a day-by-day table with --day DATE=G or --table FILE).",
            )
        plan = journal.taper.set(args.start, args.target, args.step, args.every, args.first)
    line = f"Your plan: {plan.describe()}."
    reach = plan.reaches_target()
    if reach is not None:
        line += f" Target on {reach.isoformat()}."
    return emit(args, {"plan": plan_dict(plan)}, [line])


def taper_show(journal: Journal, args: argparse.Namespace) -> int:
    plan = journal.taper.active()
    if plan is None:
        lines = [
            "No plan running. Set one with `journal taper set --start G --target G --step G --every DAYS`."
        ]
        return emit(args, {"plan": None, "today": None}, lines)
    today = journal.journal_day()
    day = journal.taper.day(today)
    lines = [f"Your plan (not guidance): {plan.describe()}{' — paused' if plan.paused else ''}."]
    if plan.table:
        shifted = " (a pause shifts these days later by the days paused)" if plan.pauses else ""
        lines.append(f"Day by day{shifted}:")
        lines += [f"  {row}" for row in plan.table_text()]
    data: dict[str, Any] = {"plan": plan_dict(plan), "today": None}
    if day is not None:
        lines.append(
            f"Today: {format_g(day.planned_mg)} planned, {format_g(day.taken_mg)} taken, "
            + (
                f"over your plan by {format_g(day.over_mg)}."
                if day.over_mg
                else f"{format_g(day.left_mg)} left."
            )
        )
        data["today"] = {
            "day": today.isoformat(),
            "planned_g": format_g(day.planned_mg)[:-2],
            "taken_g": format_g(day.taken_mg)[:-2],
            "left_g": format_g(day.left_mg)[:-2],
            "over_g": format_g(day.over_mg)[:-2],
        }
    if today > plan.first_day:
        record = journal.taper.record(plan, plan.first_day, today - timedelta(days=1))
        lines.append(f"Days kept (at or under your plan) so far: {record.kept} of {record.days}.")
        data["days_kept"], data["days"] = record.kept, record.days
    return emit(args, data, lines)


def taper_end(journal: Journal, args: argparse.Namespace) -> int:
    plan = journal.taper.end()
    assert plan.ended is not None
    return emit(args, {"plan": plan_dict(plan)}, [f"Your plan ended on {plan.ended.isoformat()}."])
