"""Reading what people type: the parser's error format, shared options, and the argument types."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NoReturn

from journal.cli.output import EXIT_INPUT, PROG
from journal.domain.entities import Severity, Unit
from journal.domain.times import Moment, parse_when

if TYPE_CHECKING:
    from journal.service.journal import Journal

#: The demonstration journal: its span and seed unless given, and the longest span.
DEMO_YEARS, DEMO_SEED, DEMO_MAX_YEARS = 2.0, 1, 30
_UNIT_WORDS = {"g": Unit.G, "caps": Unit.CAPS, "cap": Unit.CAPS, "capsule": Unit.CAPS, "capsules": Unit.CAPS}


class Parser(argparse.ArgumentParser):
    """argparse with the journal's one-line error format (still exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{PROG}: {message} (see `{self.prog} --help`)\n")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


class Parents:
    """Options several commands share, as argparse parent parsers."""

    def __init__(self) -> None:
        # --data-dir works before or after the sub-command; SUPPRESS keeps the
        # top-level value unless it is given again later.
        self.common = Parser(add_help=False)
        self.common.add_argument(
            "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        self.json = Parser(add_help=False)
        add_json(self.json)
        self.at = Parser(add_help=False)
        self.at.add_argument(
            "--at",
            metavar="TIME",
            help="when it happened, ISO 8601 local time (2026-03-10T08:30, or 08:30 for today; "
            "add an offset such as +01:00 for a repeated hour); default now",
        )
        self.note = Parser(add_help=False)
        self.note.add_argument("--note", default="", metavar="TEXT", help="a note (any text)")

    @property
    def entry(self) -> list[argparse.ArgumentParser]:
        """What logging an entry takes: --data-dir, --at, --note, --json."""
        return [self.common, self.at, self.note, self.json]


def add_tags(parser: argparse.ArgumentParser) -> None:
    """--tag TEXT, repeatable: the entry's context tags."""
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        dest="tags",
        metavar="TEXT",
        help="a context tag, such as stress or 'poor sleep' (repeat for more, at most 10)",
    )


def tags(args: argparse.Namespace) -> tuple[str, ...]:
    """The --tag options checked (raises InvalidInput before anything is saved)."""
    from journal.domain.tags import check_tags

    return check_tags(args.tags)


def unit(text: str) -> Unit:
    try:
        return _UNIT_WORDS[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"unit must be g or caps, not {text!r}") from None


def severity(text: str) -> int:
    words = {s.word: int(s) for s in Severity}
    if text.strip().lower() in words:
        return words[text.strip().lower()]
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"severity is 0-4 or one of {', '.join(words)}, not {text!r}"
        ) from None


def day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use the form 2026-03-20") from None


def years(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= DEMO_MAX_YEARS:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"years must be more than 0 and at most {DEMO_MAX_YEARS}, not {text!r}"
        )
    return value


def moment(journal: Journal, text: str | None) -> Moment:
    """--at as typed, or now (to the second). A bare time of day means today."""
    now = journal.clock()
    if text is None:
        return Moment.from_utc(now.replace(microsecond=0), journal.zone)
    stripped = text.strip()
    if ":" in stripped and "-" not in stripped and "T" not in stripped.upper():
        try:
            clock_time = time.fromisoformat(stripped)
        except ValueError:
            pass
        else:
            today = Moment.from_utc(now, journal.zone).local.date()
            stripped = datetime.combine(today, clock_time).isoformat()
    return parse_when(stripped, journal.zone, now)


def decimal_sep() -> str:
    """The decimal separator of the person's locale, so "1,500" means what they meant."""
    import locale

    try:
        saved = locale.setlocale(locale.LC_NUMERIC)
        try:
            locale.setlocale(locale.LC_NUMERIC, "")
            return str(locale.localeconv()["decimal_point"]) or "."
        finally:
            locale.setlocale(locale.LC_NUMERIC, saved)
    except locale.Error:
        return "."
