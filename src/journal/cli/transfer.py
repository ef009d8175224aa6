"""`journal report`, `journal export` and `journal import`: what leaves or enters the journal as a file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents, add_json
from journal.cli.output import EXIT_FILE, EXIT_INPUT, EXIT_OK, emit, fail
from journal.domain.errors import InvalidInput

if TYPE_CHECKING:
    from journal.reports.importing import ImportPlan
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    add_json(parser)
    if name == "report":
        parser.add_argument("--from", dest="start", type=arguments.day, required=True, metavar="DATE")
        parser.add_argument("--to", dest="end", type=arguments.day, required=True, metavar="DATE")
        parser.add_argument("--no-notes", action="store_true", help="leave your notes out")
        parser.add_argument("--name", metavar="TEXT", help="a name to print on the report (default: none)")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
        parser.set_defaults(func=report)
    elif name == "export":
        parser.add_argument("-o", "--output", required=True, metavar="PATH", help="the file to write")
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            help="json (the whole journal, for moving it) or csv (a zip of one CSV file per kind, for "
            "spreadsheets); default: from the file name (.json, or .zip/.csv)",
        )
        parser.set_defaults(func=export)
    else:
        parser.add_argument(
            "path", metavar="PATH", help="a .json file, a .zip of CSV files, a .csv file or a folder"
        )
        parser.add_argument(
            "--yes", action="store_true", help="import without asking (needed without a terminal)"
        )
        parser.add_argument("--dry-run", action="store_true", help="only show what would be imported")
        parser.set_defaults(func=import_file)


def report(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.pdf import write_report

    if args.end < args.start:
        raise InvalidInput("period", "--to must not be before --from")
    path = Path(args.output).expanduser()
    try:
        summary = write_report(
            journal, args.start, args.end, path, include_notes=not args.no_notes, name=args.name
        )
    except OSError as err:
        return fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    days = f"{args.start.isoformat()} to {args.end.isoformat()}"
    data = {
        "report": {
            "path": str(path),
            "from": args.start.isoformat(),
            "to": args.end.isoformat(),
            "days_with_use": summary.use_days,
        }
    }
    return emit(args, data, [f"Wrote the clinician summary for {days} to {path}."])


def export(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.export import VERSION, ExportFormat, export_journal

    path = Path(args.output).expanduser()
    fmt = ExportFormat(args.format) if args.format else ExportFormat.for_path(path)
    if fmt is None:
        raise InvalidInput(
            "format", f"cannot tell the format from “{path.name}”: add --format json or --format csv"
        )
    if fmt is ExportFormat.CSV and path.suffix.lower() != ".zip":
        # The CSV files travel together in one zip, written and renamed into place at once.
        path = (
            path.with_suffix(".zip") if path.suffix.lower() == ".csv" else path.with_name(path.name + ".zip")
        )
    try:
        result = export_journal(journal, path, fmt)
    except OSError as err:
        return fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    data = {
        "export": {
            "path": str(result.path),
            "format": result.format.value,
            "version": VERSION,
            "counts": result.counts,
        }
    }
    what = "JSON" if fmt is ExportFormat.JSON else "CSV files in a zip"
    return emit(args, data, [f"{result.summary()} ({what}, format version {VERSION})."])


def import_file(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.importing import ImportFileError, apply_import, preview_import

    path = Path(args.path).expanduser()
    try:
        plan = preview_import(journal, path)
    except ImportFileError as err:
        return fail(EXIT_INPUT, f"{err} Nothing was imported.")
    lines = plan.summary_lines()
    if args.dry_run or not plan.has_changes:
        if args.dry_run:
            lines.append("Dry run: nothing was changed.")
        return emit(args, {"import": _plan_dict(plan, applied=False)}, lines)
    if not args.yes:
        if args.json or not (sys.stdin.isatty() and sys.stdout.isatty()):
            if not args.json:
                print("\n".join(lines))
            why = "--json prints one object and cannot ask" if args.json else "there is no terminal to ask in"
            return fail(
                EXIT_INPUT,
                f"{why}: add --yes to import, or --dry-run to preview only. Nothing was imported.",
            )
        print("\n".join(lines))
        print(f"Import {plan.added_total:,} entries? [y/N] ", end="", flush=True)
        try:
            raw = sys.stdin.readline()
        except KeyboardInterrupt:
            raw = ""
        if not raw.endswith("\n"):  # end of input or Ctrl+C: the prompt's line is still open
            print()
        if raw.strip().lower() not in ("y", "yes"):
            print("Nothing was imported.")
            return EXIT_OK
        lines = []
    try:
        result = apply_import(journal, plan)
    except ImportFileError as err:
        return fail(EXIT_INPUT, str(err))
    return emit(args, {"import": _plan_dict(result.plan, applied=True)}, [*lines, result.summary()])


def _plan_dict(plan: ImportPlan, *, applied: bool) -> dict[str, Any]:
    return {
        "path": str(plan.path),
        "source": plan.source,
        "applied": applied,
        "added": plan.added,
        "already": plan.already,
        "conflicts": [
            {"kind": c.kind, "what": c.what, "differences": list(c.differences), "where": c.where}
            for c in plan.conflicts
        ],
        "notes": list(plan.notes),
    }
