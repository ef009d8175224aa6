"""`journal demo` (write a demonstration journal into an empty folder) and `journal --demo`."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import TYPE_CHECKING

from journal.cli import arguments
from journal.cli.arguments import DEMO_SEED, DEMO_YEARS, Parents, add_json
from journal.cli.output import EXIT_FILE, PROG, emit, fail
from journal.domain.amounts import format_amount
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment

if TYPE_CHECKING:
    from journal.service.journal import Journal

DEMO_PREFIX = "kratom-journal-demo-"


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    add_json(parser)
    parser.add_argument(
        "--years",
        type=arguments.years,
        default=DEMO_YEARS,
        metavar="N",
        help=f"how many years (default {DEMO_YEARS:g})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEMO_SEED,
        metavar="S",
        help=f"the same seed gives the same journal (default {DEMO_SEED})",
    )
    parser.set_defaults(func=demo)


def demo(journal: Journal, args: argparse.Namespace) -> int:
    from time import perf_counter

    from journal.service.demo import generate, summarise, write_demo

    folder = journal.folder
    refusal = (
        f"the journal in {folder} already has entries ({{}}); a demonstration journal is only "
        "written into an empty folder: choose a new one with --data-dir"
    )
    transfer = journal.transfer
    have = transfer.existing()
    if have:  # checked before generating, which takes a moment for many years
        raise InvalidInput("journal", refusal.format(transfer.describe(have)))
    started = perf_counter()
    made = generate(args.years, args.seed, journal.clock(), journal.zone)
    try:
        write_demo(journal, made)
    except ValueError as err:  # written to by another program meanwhile
        raise InvalidInput("journal", refusal.format(transfer.describe(transfer.existing()))) from err
    seconds = perf_counter() - started
    s = summarise(made, journal.guidance)
    first = Moment.from_utc(made.start, made.zone).local.date()
    last = Moment.from_utc(made.end, made.zone).local.date()
    data = {
        "demo": {
            "data_dir": str(folder),
            "years": format_amount(Decimal(str(args.years))),
            "seed": args.seed,
            "zone": made.zone,
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "counts": s.counts,
            "rows": s.rows,
            "archived_products": s.archived_products,
            "breaks_kept": s.breaks_kept,
            "breaks_ended_early": s.breaks_ended_early,
            "days_over_12g_rolling": s.days_over_12g,
            "days_over_15g_rolling": s.days_over_15g,
            "entered_later": s.entered_later,
        }
    }
    c = s.counts
    span = f"{args.years:g} year{'' if args.years == 1 else 's'}"
    lines = [
        f"Wrote a demonstration journal of made-up entries to {folder}: {first} to {last} "
        f"({span}, seed {args.seed}, {made.zone}) in {seconds:.1f} s.",
        f"  products:        {c['products']:>6,} ({s.archived_products} archived)",
        f"  intakes:         {c['intakes']:>6,} ({s.days_over_12g:,} days over 12 g in 24 hours, "
        f"{s.days_over_15g:,} over 15 g)",
        f"  breaks:          {c['breaks']:>6,} ({s.breaks_kept} kept, {s.breaks_ended_early} ended early)",
        f"  symptom ratings: {c['symptoms']:>6,}",
        f"  pain check-ins:  {c['pain']:>6,}",
        f"  {s.rows:,} entries; {s.entered_later:,} of them entered later.",
        f"Open it with: {PROG} --data-dir {folder}",
    ]
    return emit(args, data, lines)


def open_demo() -> int:
    """The window on a throwaway demonstration journal in a temporary folder, removed afterwards."""
    import shutil
    import tempfile
    from pathlib import Path

    from journal import app
    from journal.domain.errors import JournalFileError
    from journal.service.demo import generate, write_demo
    from journal.service.failures import DATABASE_ERRORS
    from journal.service.journal import Journal

    if not app.has_display():
        return int(app.run(None))  # says why there is no window
    app.ensure_application()  # before the folder is made: a display that does not answer exits here
    refused: tuple[type[Exception], ...] = (JournalFileError, OSError, *DATABASE_ERRORS)
    folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    try:
        try:
            journal = Journal.open(folder)
            try:
                write_demo(journal, generate(DEMO_YEARS, DEMO_SEED, journal.clock(), journal.zone))
            finally:
                journal.close()
        except refused as err:
            return fail(EXIT_FILE, f"cannot write the demonstration journal in {folder}: {err}")
        return int(app.run(str(folder), demo=True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
