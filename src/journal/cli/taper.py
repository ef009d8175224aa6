"""`journal taper set|show|end`: your own taper plan from a terminal (never guidance).

A plan steps from a start amount towards a target by a step every so many days;
setting a new one ends the running one. `show` says today's planned amount,
what was taken and what is left, and the days kept so far.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import emit
from journal.domain.amounts import format_g
from journal.domain.taper import TaperPlan

if TYPE_CHECKING:
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="set|show|end", required=True)
    put = what.add_parser(
        "set", help="set your plan (the running one ends)", parents=[parents.common, parents.json]
    )
    put.add_argument("--start", required=True, metavar="G", help="grams a day to start from")
    put.add_argument("--target", required=True, metavar="G", help="grams a day to reach (0 to stop)")
    put.add_argument("--step", required=True, metavar="G", help="grams less (or more) at each step")
    put.add_argument("--every", required=True, type=_days, metavar="DAYS", help="days between steps")
    put.add_argument(
        "--from", dest="first", type=arguments.day, metavar="DATE", help="first day (default today)"
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
        "basis": "your plan",
    }


def taper_set(journal: Journal, args: argparse.Namespace) -> int:
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
