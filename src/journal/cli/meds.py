"""`journal meds add|list|stop`: other medications and substances, for the clinician summary.

The journal checks no interactions (no source gives any); `list` ends with the
cited passage that says to tell a clinician about other medications.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import emit, table
from journal.domain.medications import Medication

if TYPE_CHECKING:
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="add|list|stop", required=True)
    add = what.add_parser(
        "add", help="add a medication or substance you take", parents=[parents.common, parents.json]
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--dose", default="", metavar="TEXT", help='the dose as you write it, e.g. "20 mg"')
    add.add_argument("--often", default="", metavar="TEXT", help='how often, e.g. "twice a day"')
    add.add_argument("--why", default="", metavar="TEXT", help="what it is for (optional)")
    add.add_argument("--since", type=arguments.day, metavar="DATE", help="start date, e.g. 2026-03-01")
    add.set_defaults(func=meds_add)
    listing = what.add_parser(
        "list", help="current and stopped medications", parents=[parents.common, parents.json]
    )
    listing.set_defaults(func=meds_list)
    stop = what.add_parser(
        "stop", help="stop a current medication today", parents=[parents.common, parents.json]
    )
    stop.add_argument("name", metavar="NAME")
    stop.add_argument("--on", type=arguments.day, metavar="DATE", help="the day it stopped (default today)")
    stop.set_defaults(func=meds_stop)


def medication_dict(m: Medication, current: bool) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "dose": m.dose,
        "how_often": m.how_often,
        "reason": m.reason,
        "started": m.started.isoformat() if m.started else None,
        "stopped": m.stopped.isoformat() if m.stopped else None,
        "current": current,
    }


def meds_add(journal: Journal, args: argparse.Namespace) -> int:
    saved = journal.medications.add(
        Medication(args.name.strip(), args.dose, args.often, args.why, args.since)
    )
    details = "; ".join(p for p in (saved.dose_text(), saved.dates_text()) if p)
    line = f"Saved {saved.name}" + (f" ({details})" if details else "")
    return emit(args, {"medication": medication_dict(saved, True)}, [line + "."])


def meds_list(journal: Journal, args: argparse.Namespace) -> int:
    from journal.service.medications import advice

    current, stopped = journal.medications.current(), journal.medications.stopped()
    lines: list[str] = []
    if not current and not stopped:
        lines.append("No other medications or substances yet. Add one with `journal meds add NAME`.")
    for title, group in (("Current", current), ("Stopped", stopped)):
        if group:
            lines.append(f"{title}:")
            rows = [(m.name, m.dose_text(), m.reason, m.dates_text()) for m in group]
            lines.extend("  " + line for line in table(("NAME", "DOSE", "WHY", "DATES"), rows))
    cited = advice()
    data: dict[str, Any] = {
        "medications": [medication_dict(m, True) for m in current]
        + [medication_dict(m, False) for m in stopped],
        "interactions_checked": False,
    }
    if cited is not None:
        citation, name = cited
        lines.append(f"No interactions are checked. “{citation.quote}” ({name}, {citation.file}).")
        data["source"] = {"file": citation.file, "section": citation.section, "quote": citation.quote}
    return emit(args, data, lines)


def meds_stop(journal: Journal, args: argparse.Namespace) -> int:
    stopped = journal.medications.stop(args.name, args.on)
    assert stopped.stopped is not None
    line = f"Stopped {stopped.name} on {stopped.stopped.isoformat()}."
    return emit(args, {"medication": medication_dict(stopped, False)}, [line])
