"""`journal break start|end`: a planned pause from a terminal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import break_dict, emit, local_text, tagged_lines

if TYPE_CHECKING:
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="start|end", required=True)
    start = what.add_parser("start", help="start a break now", parents=[parents.common, parents.json])
    start.add_argument("--until", type=arguments.day, metavar="DATE", help="goal date, e.g. 2026-03-20")
    start.add_argument("--reason", default="", metavar="TEXT", help="why, or the goal")
    arguments.add_tags(start)
    start.set_defaults(func=break_start)
    end = what.add_parser("end", help="end the running break", parents=[parents.common, parents.json])
    end.add_argument("--note", default="", metavar="TEXT", help="how it went")
    end.set_defaults(func=break_end)


def break_start(journal: Journal, args: argparse.Namespace) -> int:
    tags = arguments.tags(args)
    brk = journal.start_break(args.until, args.reason, tags)
    line = f"Break started {local_text(brk.start)}"
    if brk.planned_end is not None:
        days = (brk.planned_end - brk.start.local.date()).days
        line += f", planned until {brk.planned_end:%Y-%m-%d} ({days} day{'' if days == 1 else 's'})"
    if brk.reason:
        line += f". Reason: {brk.reason}"
    data = {"break": {**break_dict(brk, None), "tags": list(tags)}}
    return emit(args, data, tagged_lines([line + "."], tags))


def break_end(journal: Journal, args: argparse.Namespace) -> int:
    brk = journal.end_break(args.note)
    assert brk.actual_end is not None
    day_n = (brk.actual_end.local.date() - brk.start.local.date()).days + 1
    line = f"Break ended {local_text(brk.actual_end)}, on day {day_n}"
    if brk.planned_end is not None:
        kept = "reached" if brk.kept() else "ended early"
        line += f" (planned until {brk.planned_end:%Y-%m-%d}: {kept})"
    return emit(args, {"break": break_dict(brk, day_n)}, [line + "."])
