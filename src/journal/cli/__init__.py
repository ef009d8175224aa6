"""The command line: `journal [--data-dir DIR] SUBCOMMAND`, or the window when bare.

One module per group of commands; `COMMANDS` says which module serves each
command, and only the one run is imported (pip's `commands/__init__.py`
pattern): `journal --help` loads argparse and this table, no database code
and no Qt. The store (SQLAlchemy) loads only once a command opens the journal
(`opening.py`), and Qt only when the window is opened. `output.py` says what
is printed and how errors read: one line on stderr starting "journal: ".
Exit status: 0 saved or shown, 1 the journal file cannot be used, 2 invalid
input (nothing saved).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from importlib import import_module

from journal import __version__
from journal.cli.arguments import DEMO_YEARS, Parents, Parser
from journal.cli.output import EXIT_FILE, PROG, fail, tolerant_output

#: Each command: the module of journal.cli that adds its arguments and runs it, and its one line of help.
COMMANDS: dict[str, tuple[str, str]] = {
    "log": ("log", "log an intake, a symptom or a pain check-in"),
    "photo": ("photos", "add photos of hair or skin (no metadata kept), list them, or write one to a file"),
    "break": ("breaks", "start or end a break"),
    "today": ("today", "today's totals, time since the last dose, break or streak"),
    "symptoms": ("catalogue", "list the symptom catalogue"),
    "products": ("catalogue", "list products, or add one"),
    "taper": ("taper", "your own taper plan: set it, show today's amount and what is left, end it"),
    "meds": ("meds", "other medications and substances you take: add, list, stop (no interactions checked)"),
    "stash": (
        "stash",
        "your stash: add a purchase, say what you weighed, or show stock and forecast per product",
    ),
    "export": (
        "transfer",
        "write the whole journal (JSON, CSV files in a zip), or a period as a FHIR record",
    ),
    "import": ("transfer", "add entries from an export of this app (JSON, CSV) or of PsychonautWiki Journal"),
    "report": ("transfer", "write the clinician summary PDF for a period (default: the last 90 days)"),
    "demo": ("demo", "write a demonstration journal of made-up entries into an empty data folder"),
    "backup": ("safety", "back up the journal now (a verified copy in backups/)"),
    "restore": ("safety", "put a backup in place of the journal (the current one is backed up first)"),
    "check": ("safety", "run the full integrity and link checks and say what they found"),
    "passphrase": ("safety", "encrypt the journal with a passphrase, change it, or remove it"),
    "remind": ("remind", "reminders: list them and when each is next due, set one, turn one off"),
}


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with the arguments of `commands` (all of them when None).

    The other commands are there by name and help only, so their modules are not imported.
    """
    wanted = set(COMMANDS if commands is None else commands)
    parents = Parents()
    parser = Parser(
        prog=PROG,
        description="A private, offline kratom dose and symptom journal. "
        "Without a sub-command it opens the window.",
        epilog="Data folder: --data-dir, else $JOURNAL_DATA_DIR, else the user data folder.",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="use the journal in this folder")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"open the window on a throwaway demonstration journal of made-up entries "
        f"({DEMO_YEARS:g} years), deleted when the window closes",
    )
    parser.add_argument(
        "--tray",
        action="store_true",
        help="start in the tray, the window hidden until opened from there (the autostart entry uses it)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for name, (module, summary) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=summary, description=summary, parents=[parents.common])
        if name in wanted:
            import_module(f"journal.cli.{module}").add_arguments(name, sub, parents)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`: its first word that is not an option or --data-dir's value."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # Files readable by the user alone, even those a library creates behind our back.
    os.umask(0o077)
    given = list(sys.argv[1:] if argv is None else argv)
    named = command_in(given)
    parser = build_parser([named] if named in COMMANDS else [])
    args = parser.parse_args(given)
    if args.demo:
        if args.command is not None or args.data_dir is not None or args.tray:
            parser.error("--demo opens the window on a throwaway journal; use it alone")
        from journal.cli.demo import open_demo

        return open_demo()
    if args.tray and args.command is not None:
        parser.error("--tray starts the window in the tray; it takes no sub-command")
    if args.command is None:
        from journal import app  # lazy: the command line never imports Qt

        return int(app.run(args.data_dir, tray=args.tray))
    tolerant_output()

    from journal import paths
    from journal.cli import opening

    try:
        folder = paths.data_dir(args.data_dir)
    except OSError as err:
        return fail(EXIT_FILE, f"cannot use the data folder {args.data_dir or ''}: {err.strerror or err}")
    return opening.run(args, folder)
