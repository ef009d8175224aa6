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
    from datetime import date
    from pathlib import Path

    from journal.reports.importing import ImportPlan
    from journal.service.journal import Journal


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    add_json(parser)
    if name == "report":
        parser.description = (
            "Write the clinician summary PDF for a period: two pages that answer a clinician's questions "
            "at a glance, then a day-by-day calendar, charts, the symptoms table, findings, your notes and "
            "the references. Everything in it is marked as self-reported."
        )
        _add_period(parser, "the summary")
        parser.add_argument(
            "--no-notes", action="store_true", help="leave your notes out (they are printed by default)"
        )
        parser.add_argument("--name", metavar="TEXT", help="a name to print in the header (default: none)")
        parser.add_argument(
            "--appendix",
            action="store_true",
            help="add the entries themselves at the end, one line each, leaving out symptom ratings of "
            "'none' (default: no appendix)",
        )
        parser.add_argument(
            "--appendix-all",
            action="store_true",
            help="add the appendix with every rating, 'none' ratings included (implies --appendix)",
        )
        parser.add_argument(
            "--photos",
            nargs="*",
            metavar="AREA",
            help="add a page with the first and the last photo of the period for each of these body areas "
            "(scalp-crown, skin-face, ...; none named: every area with photos). Off by default",
        )
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
        parser.set_defaults(func=report)
    elif name == "export":
        parser.add_argument("-o", "--output", required=True, metavar="PATH", help="the file to write")
        parser.add_argument(
            "--format",
            choices=["json", "csv", "fhir"],
            help="json (the whole journal, for moving it), csv (a zip of one CSV file per kind, for "
            "spreadsheets) or fhir (a period as a FHIR R4 record for a clinic, .json); default: from the "
            "file name (.json, or .zip/.csv)",
        )
        _add_period(parser, "a FHIR record (--format fhir only)")
        parser.add_argument(
            "--name",
            metavar="TEXT",
            help="the name the FHIR record gives the patient (--format fhir only; default: no name)",
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


#: Without --from and --to, a period is this many days up to today.
DEFAULT_DAYS = 90


def _add_period(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        type=arguments.day,
        metavar="DATE",
        help=f"the first day of {what}, e.g. 2026-09-01 (default: {DEFAULT_DAYS - 1} days before --to)",
    )
    parser.add_argument(
        "--to", dest="end", type=arguments.day, metavar="DATE", help="its last day (default: today)"
    )


def period_of(journal: Journal, args: argparse.Namespace) -> tuple[date, date, bool]:
    """--from and --to as given, or the last 90 days up to today; True when a default was used."""
    from datetime import timedelta

    from journal.domain.times import local_day

    here = journal.now()
    today = local_day(here.utc, here.offset_min, journal.settings.day_start_hour)
    end = args.end or (
        today if args.start is None else min(today, args.start + timedelta(days=DEFAULT_DAYS - 1))
    )
    start = args.start or end - timedelta(days=DEFAULT_DAYS - 1)
    if end < start:
        raise InvalidInput("period", "--to must not be before --from")
    return start, end, args.start is None or args.end is None


def report(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.pdf import write_report
    from journal.reports.pdf_appendix import Appendix

    start, end, defaulted = period_of(journal, args)
    appendix = Appendix.ALL if args.appendix_all else Appendix.RATED if args.appendix else Appendix.OFF
    path = Path(args.output).expanduser()
    photos = args.photos is not None
    areas: list[str] | None = None  # every area with photos
    if args.photos:
        from journal.domain.photos import area

        areas = [area(name).key for name in args.photos]
    try:
        summary = write_report(
            journal,
            start,
            end,
            path,
            include_notes=not args.no_notes,
            name=args.name,
            appendix=appendix,
            photos=photos,
            photo_areas=areas,
        )
    except OSError as err:
        return fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    days = f"{start.isoformat()} to {end.isoformat()}"
    data = {
        "report": {
            "path": str(path),
            "from": start.isoformat(),
            "to": end.isoformat(),
            "days_with_use": summary.use_days,
            "appendix": appendix.value,
            "photos": None if not photos else (areas or "all"),
        }
    }
    lines = [f"Wrote the clinician summary for {days} to {path}."]
    if defaulted:
        lines.insert(0, f"Period: {days} ({(end - start).days + 1} days; choose one with --from and --to).")
    return emit(args, data, lines)


def export(journal: Journal, args: argparse.Namespace) -> int:
    from pathlib import Path

    from journal.reports.export import VERSION, ExportFormat, export_journal

    path = Path(args.output).expanduser()
    if args.format == "fhir":
        return export_fhir(journal, args, path)
    if args.start is not None or args.end is not None or args.name is not None:
        raise InvalidInput(
            "format", "--from, --to and --name are for --format fhir: json and csv export the whole journal"
        )
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


def export_fhir(journal: Journal, args: argparse.Namespace, path: Path) -> int:
    from journal.reports.fhir_export import export_fhir as write_fhir_record

    start, end, defaulted = period_of(journal, args)
    try:
        result = write_fhir_record(journal, path, start, end, name=args.name or "")
    except OSError as err:
        return fail(EXIT_FILE, f"cannot write {path}: {err.strerror or err}")
    days = f"{start.isoformat()} to {end.isoformat()}"
    data = {
        "export": {
            "path": str(result.path),
            "format": "fhir",
            "from": start.isoformat(),
            "to": end.isoformat(),
            "counts": result.counts,
        }
    }
    lines = [f"{result.summary()} (FHIR R4 Bundle, {days})."]
    if defaulted:
        lines.insert(0, f"Period: {days} ({(end - start).days + 1} days; choose one with --from and --to).")
    return emit(args, data, lines)


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
